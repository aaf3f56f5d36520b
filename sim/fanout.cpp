#include "sim/fanout.hpp"

#include <nlohmann/json.hpp>

namespace broadside::sim {

scenario make_fanout(const fanout_params& p) {
  scenario s;
  s.seed = p.seed;
  fleet_group g;
  g.inventory.count = p.nodes;
  g.behaviour = fanout_behaviour{p.seed, p.offline_permille, p.fail_permille};
  s.fleet.push_back(std::move(g));
  timed_command c;
  c.command.command_id = scenario_command_id(p.seed, 0);
  c.command.targets = {{"InstanceIds", {"*"}}};
  c.command.document_name = "AWS-RunShellScript";
  c.command.commands = {"true"};
  c.command.max_concurrency = std::to_string(p.max_concurrency);
  // N errors never trip; SSM caps MaxErrors at 7 characters, so 10 million
  // nodes and up say it as 100%, which resolves to the same N.
  c.command.max_errors = p.max_errors ? std::to_string(*p.max_errors) : "100%";
  c.command.delivery_timeout_ms = p.delivery_timeout_ms;
  c.command.ramp = ramp_mode::none;
  c.command.deadline = deadline_mode::per_invocation;
  s.commands.push_back(std::move(c));
  return s;
}

fanout_outcome outcome_of(const sim_report& r) {
  fanout_outcome o;
  o.end_ms = r.end_ms;
  if (r.commands.empty() || r.commands.front().by_details.empty())
    return o;
  const auto& by = r.commands.front().by_details;
  auto count = [&](invocation_details d) { return uint64_t{by[static_cast<size_t>(d)]}; };
  o.success = count(invocation_details::success);
  o.failed = count(invocation_details::failed);
  o.delivery_timed_out = count(invocation_details::delivery_timed_out);
  o.terminated = count(invocation_details::terminated);
  return o;
}

std::string fanout_summary(const fanout_params& p, const sim_report& r) {
  auto o = outcome_of(r);
  nlohmann::ordered_json j;
  j["nodes"] = p.nodes;
  j["success"] = o.success;
  j["failed"] = o.failed;
  j["delivery_timed_out"] = o.delivery_timed_out;
  j["terminated"] = o.terminated;
  j["end_ms"] = o.end_ms;
  j["events"] = r.events;
  j["wall_s"] = r.wall_s;
  j["peak_rss_mb"] = r.peak_rss_mb;
  return j.dump();
}

}  // namespace broadside::sim
