// The same actors on the real clock: a small fleet with millisecond timings
// ends exactly as it does in virtual time.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

sim::scenario quick_fleet() {
  std::vector<sim::fixed_behaviour> nodes(12);
  for (uint32_t k = 0; k < nodes.size(); ++k) {
    nodes[k].latency_ms = 1 + static_cast<int32_t>(k % 3);
    nodes[k].exec_ms = 20 + 10 * (k % 4);
  }
  nodes[4].exit_code = 3;
  nodes[7].exit_code = 1;
  nodes[9].online = false;
  auto s = fleet_of(nodes);
  auto c = command_to_all("3", "5");
  c.command.ramp = ramp_mode::none;
  c.command.deadline = deadline_mode::per_invocation;
  c.command.delivery_timeout_ms = 300;
  s.commands.push_back(c);
  return s;
}

TEST(RealClock, TheSameActorsGiveTheSameOutcomeOnTheRealClock) {
  auto plan = quick_fleet();
  sim::sim_options o;
  o.collect_invocations = true;
  auto in_virtual_time = sim::run_simulation(plan, o);
  o.clock = runtime::clock_kind::real_time;
  o.horizon_ms = 20'000;
  auto on_real_clock = sim::run_simulation(plan, o);
  ASSERT_TRUE(in_virtual_time.complete);
  ASSERT_TRUE(on_real_clock.complete) << "did not finish within 20 s of wall time";
  const auto& v = in_virtual_time.commands[0];
  const auto& w = on_real_clock.commands[0];
  EXPECT_EQ(wire_name(w.details), wire_name(v.details));
  EXPECT_EQ(w.counts, v.counts);
  EXPECT_EQ(w.by_details, v.by_details);
  for (uint32_t t = 0; t < 12; ++t)
    EXPECT_EQ(final_of(on_real_clock, t).details, final_of(in_virtual_time, t).details) << t;
  // Real time: Unix milliseconds, and the unreachable node's 300 ms delivery
  // timeout really elapsed.
  EXPECT_GT(w.requested_ms, 1'600'000'000'000);
  EXPECT_GE(w.at_ms - w.requested_ms, 300);
}

TEST(RealClock, ASchedulePlaysOnTheRealClock) {
  // Every second, two runs: parsed when the schedule starts, against Unix
  // time (the file's check reads at_ms as 1970, where it is valid too).
  auto plan = quick_fleet();
  plan.commands[0].schedule = sim::command_schedule{"* * * * * ? UTC", std::nullopt, 2};
  sim::sim_options o;
  o.clock = runtime::clock_kind::real_time;
  o.horizon_ms = 20'000;
  auto r = sim::run_simulation(plan, o);
  ASSERT_TRUE(r.complete) << "did not finish within 20 s of wall time";
  ASSERT_EQ(r.commands.size(), 2u);
  EXPECT_EQ(r.origins[1].repeat, 2u);
  EXPECT_EQ(r.commands[1].command_id, sim::scenario_run_id(plan.seed, 0, 2));
  EXPECT_GT(r.commands[1].requested_ms, r.commands[0].requested_ms);
  EXPECT_EQ(r.unexpected_messages, 0u);
}

}  // namespace
}  // namespace broadside::test
