#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace broadside::test {

std::string node_id(uint32_t k) { return format_instance_id("i-", k); }

sim::scenario fleet_of(const std::vector<sim::fixed_behaviour>& nodes, platform_type platform) {
  sim::scenario s;
  for (uint32_t k = 0; k < nodes.size(); ++k) {
    sim::fleet_group g;
    g.inventory.count = 1;
    g.inventory.id_base = k;
    g.inventory.platform = platform;
    g.behaviour = nodes[k];
    s.fleet.push_back(std::move(g));
  }
  return s;
}

sim::scenario uniform_fleet(uint32_t count, const sim::fixed_behaviour& b) {
  sim::scenario s;
  sim::fleet_group g;
  g.inventory.count = count;
  g.behaviour = b;
  s.fleet.push_back(std::move(g));
  return s;
}

sim::timed_command command_to_all(const std::string& max_concurrency, const std::string& max_errors) {
  sim::timed_command c;
  c.command.command_id = sim::scenario_command_id(1, 0);
  c.command.targets = {{"InstanceIds", {"*"}}};
  c.command.document_name = "AWS-RunShellScript";
  c.command.commands = {"echo hello"};
  c.command.max_concurrency = max_concurrency;
  c.command.max_errors = max_errors;
  return c;
}

sim::timed_fault fault_at(int64_t at_ms, sim::fault_action action, std::vector<std::string> ids,
                          int64_t duration_ms, int32_t latency_ms) {
  sim::timed_fault f;
  f.at_ms = at_ms;
  f.action = action;
  f.instance_ids = std::move(ids);
  f.duration_ms = duration_ms;
  f.latency_ms = latency_ms;
  return f;
}

sim::sim_report run(const sim::scenario& s, runtime::trace* tracer) {
  sim::sim_options o;
  o.collect_invocations = true;
  o.tracer = tracer;
  auto r = sim::run_simulation(s, o);
  EXPECT_TRUE(r.complete) << "the simulation did not complete";
  EXPECT_EQ(r.unexpected_messages, 0u);
  return r;
}

std::vector<invocation_update> updates_of(const sim::sim_report& r, uint32_t target) {
  std::vector<invocation_update> out;
  for (const auto& u : r.invocations)
    if (u.target == target && u.command_id == r.commands.front().command_id)
      out.push_back(u);
  return out;
}

invocation_update final_of(const sim::sim_report& r, uint32_t target) {
  auto all = updates_of(r, target);
  EXPECT_FALSE(all.empty()) << "no update for target " << target;
  if (all.empty())
    return {};
  EXPECT_TRUE(is_terminal(all.back().details)) << "target " << target << " ended non-terminal";
  return all.back();
}

uint32_t max_in_flight(const sim::sim_report& r) {
  // At one instant, terminal reports are counted before the sends they cause.
  std::map<std::pair<int64_t, int>, int> delta;
  std::map<uint32_t, bool> sent;
  for (const auto& u : r.invocations) {
    if (u.command_id != r.commands.front().command_id)
      continue;
    if (u.details == invocation_details::in_progress && !sent[u.target]) {
      sent[u.target] = true;
      delta[{u.at_ms, 1}] += 1;
    } else if (is_terminal(u.details) && sent[u.target]) {
      delta[{u.at_ms, 0}] -= 1;
    }
  }
  int now = 0;
  int peak = 0;
  for (const auto& [key, d] : delta) {
    now += d;
    peak = std::max(peak, now);
  }
  return static_cast<uint32_t>(peak);
}

}  // namespace broadside::test
