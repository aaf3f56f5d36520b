// Random fleets, commands and fault timelines in virtual time, checked for
// the invariants every run must keep (docs/semantics.md), whatever the
// faults: each invocation ends exactly once; the counts are a recount of the
// invocations; never more in flight than MaxConcurrency; nothing sent after
// a halt, and Terminated only for targets never sent; no node starts a run
// twice; the same seed gives the same trace. BROADSIDE_PROPERTY_SEEDS sets
// how many seeds run (CI: the default 200); BROADSIDE_PROPERTY_SEED replays
// one, as a failure's message says.

#include "messages/limit.hpp"
#include "runtime/trace.hpp"
#include "sim/splitmix.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace broadside::test {
namespace {

// Draws from one seed, in order.
class draws {
public:
  explicit draws(uint64_t seed) : state_(seed) {}
  uint64_t next() { return sim::splitmix64(state_ += 0x9E3779B97F4A7C15ULL); }
  int64_t in(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return in(1, 100) <= percent; }

private:
  uint64_t state_;
};

sim::scenario random_scenario(uint64_t seed) {
  draws d{seed};
  sim::scenario s;
  s.seed = seed;
  uint32_t nodes = 0;
  for (int g = 0, groups = static_cast<int>(d.in(1, 3)); g < groups; ++g) {
    sim::fleet_group group;
    group.inventory.count = static_cast<uint32_t>(d.in(1, 12));
    group.inventory.id_base = nodes;
    sim::fixed_behaviour b;
    b.online = d.chance(90);
    b.latency_ms = static_cast<int32_t>(d.in(1, 300));
    b.exec_ms = d.in(100, 8'000);
    b.exit_code = d.chance(25) ? 1 : 0;
    group.behaviour = b;
    nodes += group.inventory.count;
    s.fleet.push_back(group);
  }
  for (int c = 0, commands = static_cast<int>(d.in(1, 3)); c < commands; ++c) {
    auto cmd = command_to_all(d.chance(50) ? std::to_string(d.in(1, 8)) : std::to_string(d.in(1, 100)) + "%",
                              d.chance(50) ? std::to_string(d.in(0, 4)) : std::to_string(d.in(0, 60)) + "%");
    // Distinct first hex digits: traces name a command by them.
    cmd.command.command_id = make_uuid_v4(sim::splitmix64(seed * 8 + static_cast<uint64_t>(c)), seed);
    cmd.command.ramp = d.chance(50) ? ramp_mode::none : ramp_mode::exponential;
    cmd.command.execution_timeout_ms = 1'000 * d.in(1, 10);
    cmd.command.delivery_timeout_ms = 1'000 * d.in(30, 120);
    cmd.at_ms = d.in(0, 5'000);
    if (d.chance(25))
      cmd.cancel_at_ms = cmd.at_ms + d.in(0, 20'000);
    s.commands.push_back(cmd);
  }
  const sim::fault_action actions[] = {
      sim::fault_action::power_off,     sim::fault_action::power_on,
      sim::fault_action::reboot,        sim::fault_action::agent_stop,
      sim::fault_action::agent_start,   sim::fault_action::agent_restart,
      sim::fault_action::agent_upgrade, sim::fault_action::block_network,
      sim::fault_action::unblock_network, sim::fault_action::set_latency,
      sim::fault_action::deregister,    sim::fault_action::release,
      sim::fault_action::kill_scripts,  sim::fault_action::deny_security_group};
  for (int f = 0, faults = static_cast<int>(d.in(0, 8)); f < faults; ++f) {
    auto action = actions[d.in(0, std::size(actions) - 1)];
    auto fault = fault_at(d.in(0, 30'000), action, {node_id(static_cast<uint32_t>(d.in(0, nodes - 1)))});
    if (action == sim::fault_action::reboot || action == sim::fault_action::agent_restart
        || action == sim::fault_action::agent_upgrade)
      fault.duration_ms = d.in(500, 20'000);
    if (action == sim::fault_action::block_network || action == sim::fault_action::deny_security_group)
      fault.duration_ms = d.chance(50) ? d.in(500, 60'000) : 0;
    if (action == sim::fault_action::set_latency) {
      fault.latency_ms = static_cast<int32_t>(d.in(0, 20'000));
      fault.duration_ms = d.in(500, 30'000);
    }
    if (action == sim::fault_action::agent_upgrade)
      fault.agent_version = "3.3.1.0";
    s.faults.push_back(fault);
  }
  return s;
}

// The invariants of one command, from its invocations' updates alone.
void check_command(const sim::scenario& s, const sim::sim_report& r, size_t k, const std::string& replay) {
  const auto& spec = s.commands[k].command;
  const command_update* final_update = nullptr;
  for (const auto& u : r.commands)
    if (u.command_id == spec.command_id)
      final_update = &u;
  ASSERT_NE(final_update, nullptr) << replay;
  ASSERT_TRUE(is_terminal(final_update->details)) << replay;
  std::map<uint32_t, std::vector<const invocation_update*>> by_target;
  for (const auto& u : r.invocations)
    if (u.command_id == spec.command_id)
      by_target[u.target].push_back(&u);
  auto targets = final_update->counts.target_count;
  EXPECT_EQ(by_target.size(), targets) << "every target has updates; " << replay;
  command_counts recount{targets, 0, 0, 0};
  int64_t halted_at = INT64_MAX;
  for (const auto& [target, updates] : by_target) {
    size_t terminal = 0;
    for (const auto* u : updates)
      terminal += is_terminal(u->details) ? 1 : 0;
    EXPECT_EQ(terminal, 1u) << "target " << target << " ends exactly once; " << replay;
    EXPECT_TRUE(is_terminal(updates.back()->details)) << "nothing after the end; " << replay;
    const auto& end = *updates.back();
    ++recount.completed_count;
    if (end.details == invocation_details::failed || end.details == invocation_details::execution_timed_out)
      ++recount.error_count;
    if (end.details == invocation_details::delivery_timed_out)
      ++recount.delivery_timed_out_count;
    if (end.details == invocation_details::terminated) {
      EXPECT_EQ(updates.size(), 1u) << "Terminated only if never sent: target " << target << "; " << replay;
      halted_at = std::min(halted_at, end.at_ms);
    }
  }
  EXPECT_EQ(final_update->counts.completed_count, recount.completed_count) << replay;
  EXPECT_EQ(final_update->counts.error_count, recount.error_count) << replay;
  EXPECT_EQ(final_update->counts.delivery_timed_out_count, recount.delivery_timed_out_count) << replay;
  // In flight: a sent target, from its first update (the send) to its end;
  // ends count before sends at one instant. A target that ended the instant
  // it was sent, or never was, has its end alone.
  std::map<std::pair<int64_t, int>, int> delta;
  for (const auto& [target, updates] : by_target) {
    if (updates.size() == 1)
      continue;
    auto sent_ms = updates.front()->at_ms;
    EXPECT_LE(sent_ms, halted_at) << "target " << target << " sent after the halt; " << replay;
    delta[{sent_ms, 1}] += 1;
    delta[{updates.back()->at_ms, 0}] -= 1;
  }
  auto window = resolve_max_concurrency(*parse_max_concurrency(spec.max_concurrency), targets);
  int in_flight = 0;
  for (const auto& [at, change] : delta) {
    in_flight += change;
    EXPECT_LE(in_flight, static_cast<int>(window)) << "at " << at.first << " ms; " << replay;
  }
}

// Checks one seed; adds the terminal states its invocations reached to `seen`.
void check_seed(uint64_t seed, std::set<invocation_details>& seen) {
  auto s = random_scenario(seed);
  std::string replay = "replay: BROADSIDE_PROPERTY_SEED=" + std::to_string(seed)
                       + " build/tests/broadside_tests --gtest_filter='PropertyScenarios.*'";
  runtime::trace first;
  auto r = run(s, &first);
  ASSERT_TRUE(r.complete) << replay;
  for (const auto& u : r.invocations)
    if (is_terminal(u.details))
      seen.insert(u.details);
  for (size_t k = 0; k < s.commands.size(); ++k)
    check_command(s, r, k, replay);
  // No node starts the same command twice.
  std::map<std::string, int> starts;
  std::istringstream lines{first.text()};
  for (std::string line; std::getline(lines, line);) {
    auto at = line.find(" run-start ");
    if (at == std::string::npos)
      continue;
    EXPECT_EQ(++starts[line.substr(line.find(' ') + 1)], 1) << line << "; " << replay;
  }
  runtime::trace second;
  run(s, &second);
  EXPECT_EQ(first.text(), second.text()) << "the same seed, the same trace; " << replay;
}

TEST(PropertyScenarios, RandomFaultSchedulesKeepTheInvariants) {
  std::set<invocation_details> seen;
  if (const char* one = std::getenv("BROADSIDE_PROPERTY_SEED"))
    return check_seed(std::strtoull(one, nullptr, 10), seen);
  const char* many = std::getenv("BROADSIDE_PROPERTY_SEEDS");
  uint64_t seeds = many ? std::strtoull(many, nullptr, 10) : 200;
  for (uint64_t seed = 1; seed <= seeds && !HasFailure(); ++seed)
    check_seed(seed, seen);
  // The generator reaches every way an invocation ends that faults and
  // limits can cause, or the invariants above were checked on too little.
  using d = invocation_details;
  for (auto end : {d::success, d::failed, d::execution_timed_out, d::delivery_timed_out,
                   d::cancelled, d::terminated, d::undeliverable})
    EXPECT_TRUE(seen.count(end)) << wire_name(end) << " never reached in " << seeds << " seeds";
}

}  // namespace
}  // namespace broadside::test
