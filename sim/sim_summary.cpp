#include "sim/sim_summary.hpp"

#include "sim/run_outputs.hpp"

#include <array>

namespace broadside::sim {

namespace {

nlohmann::ordered_json durations_of(const log_histogram& h) {
  nlohmann::ordered_json j;
  j["count"] = h.count();
  j["min"] = h.min();
  j["p50"] = h.quantile(0.5);
  j["p90"] = h.quantile(0.9);
  j["p99"] = h.quantile(0.99);
  j["max"] = h.max();
  return j;
}

nlohmann::ordered_json command_document(const command_update& u, const command_origin& from,
                                        const command_outcomes& o) {
  nlohmann::ordered_json c;
  c["command_id"] = to_string(u.command_id);
  if (from.repeat > 0) {
    c["schedule"] = from.command;
    c["repeat"] = from.repeat;
  }
  c["status"] = wire_name(status_of(u.details));
  c["status_details"] = wire_name(u.details);
  c["target_count"] = u.counts.target_count;
  c["completed_count"] = u.counts.completed_count;
  c["error_count"] = u.counts.error_count;
  c["delivery_timed_out_count"] = u.counts.delivery_timed_out_count;
  auto by_details = nlohmann::ordered_json::object();
  std::array<uint32_t, invocation_status_count> by_status{};
  for (size_t d = 0; d < u.by_details.size(); ++d) {
    if (u.by_details[d] == 0)
      continue;
    auto details = static_cast<invocation_details>(d);
    by_details[std::string{wire_name(details)}] = u.by_details[d];
    by_status[static_cast<size_t>(status_of(details))] += u.by_details[d];
  }
  c["invocations"] = by_details;
  auto statuses = nlohmann::ordered_json::object();
  for (size_t s = 0; s < by_status.size(); ++s)
    if (by_status[s] > 0)
      statuses[std::string{wire_name(static_cast<invocation_status>(s))}] = by_status[s];
  c["invocation_status"] = statuses;
  auto codes = nlohmann::ordered_json::object();
  for (const auto& [code, n] : o.response_codes)
    codes[std::to_string(code)] = n;
  c["response_codes"] = codes;
  c["duration_ms"] = durations_of(o.durations);
  return c;
}

}  // namespace

nlohmann::ordered_json summary_document(const scenario& plan, const sim_report& report) {
  nlohmann::ordered_json j;
  uint64_t nodes = 0;
  for (const auto& g : plan.fleet)
    nodes += g.inventory.count;
  j["nodes"] = nodes;
  auto commands = nlohmann::ordered_json::array();
  for (size_t i = 0; i < report.commands.size(); ++i)
    commands.push_back(command_document(report.commands[i], report.origins[i], report.outcomes[i]));
  j["commands"] = commands;
  j["complete"] = report.complete;
  j["end_ms"] = report.end_ms;
  j["events"] = report.events;
  j["wall_s"] = report.wall_s;
  j["peak_rss_mb"] = report.peak_rss_mb;
  return j;
}

std::string summary_json(const scenario& plan, const sim_report& report) {
  return summary_document(plan, report).dump();
}

nlohmann::ordered_json report_document(const std::string& title, const scenario& plan,
                                       const sim_report& report) {
  nlohmann::ordered_json j;
  j["title"] = title;
  j["summary"] = summary_document(plan, report);
  nlohmann::ordered_json timeline;
  timeline["interval_ms"] = report.timeline.interval_ms;
  timeline["columns"] = timeline_columns();
  auto rows = nlohmann::ordered_json::array();
  for (const auto& s : report.timeline.samples)
    rows.push_back(timeline_row(s));
  timeline["rows"] = rows;
  j["timeline"] = timeline;
  auto durations = nlohmann::ordered_json::array();
  for (size_t i = 0; i < report.commands.size(); ++i) {
    nlohmann::ordered_json d;
    d["command_id"] = to_string(report.commands[i].command_id);
    auto cdf = nlohmann::ordered_json::array();
    for (const auto& [ms, fraction] : report.outcomes[i].durations.cdf())
      cdf.push_back({ms, fraction});
    d["cdf"] = cdf;
    durations.push_back(d);
  }
  j["durations"] = durations;
  return j;
}

}  // namespace broadside::sim
