#include "sim/sim_summary.hpp"

#include <nlohmann/json.hpp>

namespace broadside::sim {

std::string summary_json(const scenario& plan, const sim_report& report) {
  nlohmann::ordered_json j;
  uint64_t nodes = 0;
  for (const auto& g : plan.fleet)
    nodes += g.inventory.count;
  j["nodes"] = nodes;
  auto commands = nlohmann::ordered_json::array();
  for (const auto& u : report.commands) {
    nlohmann::ordered_json c;
    c["command_id"] = to_string(u.command_id);
    c["status"] = wire_name(status_of(u.details));
    c["status_details"] = wire_name(u.details);
    c["target_count"] = u.counts.target_count;
    c["completed_count"] = u.counts.completed_count;
    c["error_count"] = u.counts.error_count;
    c["delivery_timed_out_count"] = u.counts.delivery_timed_out_count;
    nlohmann::ordered_json by = nlohmann::ordered_json::object();
    for (size_t d = 0; d < u.by_details.size(); ++d)
      if (u.by_details[d] > 0)
        by[std::string{wire_name(static_cast<invocation_details>(d))}] = u.by_details[d];
    c["invocations"] = by;
    commands.push_back(std::move(c));
  }
  j["commands"] = commands;
  j["complete"] = report.complete;
  j["end_ms"] = report.end_ms;
  j["events"] = report.events;
  j["wall_s"] = report.wall_s;
  j["peak_rss_mb"] = report.peak_rss_mb;
  return j.dump();
}

}  // namespace broadside::sim
