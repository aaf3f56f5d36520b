// Semantics 2: MaxErrors as a count or a percentage, including 0. The command
// halts when ErrorCount exceeds it; never-sent targets end Terminated; those
// in flight finish. Failed and Execution Timed Out count; Delivery Timed Out
// and Undeliverable do not, but they decide Success against Incomplete.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

uint32_t count(const sim::sim_report& r, invocation_details d) {
  return r.commands[0].by_details[static_cast<size_t>(d)];
}

void expect_never_sent(const sim::sim_report& r, uint32_t target) {
  auto all = updates_of(r, target);
  ASSERT_EQ(all.size(), 1u) << "target " << target;
  EXPECT_EQ(all[0].details, invocation_details::terminated);
}

TEST(MaxErrors, ACountHaltsAtTheErrorAfterIt) {
  sim::fixed_behaviour failing;
  failing.exit_code = 1;
  auto s = uniform_fleet(10, failing);
  s.commands.push_back(command_to_all("1", "2"));
  auto r = run(s);
  EXPECT_EQ(count(r, invocation_details::failed), 3u);
  EXPECT_EQ(count(r, invocation_details::terminated), 7u);
  for (uint32_t t = 3; t < 10; ++t)
    expect_never_sent(r, t);
  EXPECT_EQ(r.commands[0].counts.error_count, 3u);
  EXPECT_EQ(r.commands[0].counts.completed_count, 10u);
  EXPECT_EQ(r.commands[0].details, command_details::failed);
  EXPECT_EQ(final_of(r, 3).at_ms, final_of(r, 2).at_ms) << "Terminated when the third error arrived";
  EXPECT_EQ(wire_name(final_of(r, 0).error), "ExitCodeNonzero");
  EXPECT_EQ(final_of(r, 3).error, instance_error::none) << "Terminated: the status says it";
}

TEST(MaxErrors, ZeroHaltsAtTheFirstErrorAndInFlightInvocationsFinish) {
  std::vector<sim::fixed_behaviour> nodes(6);
  nodes[0].exec_ms = 100;
  nodes[0].exit_code = 1;
  nodes[1].exec_ms = 5000;
  nodes[2].exec_ms = 5000;
  nodes[2].exit_code = 2;
  auto s = fleet_of(nodes);
  auto c = command_to_all("3", "0");
  c.command.ramp = ramp_mode::none;
  s.commands.push_back(c);
  auto r = run(s);
  auto halted_at = final_of(r, 0).at_ms;
  EXPECT_EQ(halted_at, 120);
  for (uint32_t t = 3; t < 6; ++t) {
    expect_never_sent(r, t);
    EXPECT_EQ(final_of(r, t).at_ms, halted_at);
  }
  EXPECT_EQ(final_of(r, 1).details, invocation_details::success);
  EXPECT_EQ(final_of(r, 1).at_ms, 5020);
  EXPECT_EQ(final_of(r, 2).details, invocation_details::failed);
  EXPECT_EQ(final_of(r, 2).response_code, 2);
  // The final ErrorCount may exceed MaxErrors: in-flight runs still fail.
  EXPECT_EQ(r.commands[0].counts.error_count, 2u);
  EXPECT_EQ(r.commands[0].details, command_details::failed);
}

TEST(MaxErrors, TenPercentOfFiftyStopsAtTheSixthError) {
  sim::fixed_behaviour failing;
  failing.exit_code = 1;
  auto s = uniform_fleet(50, failing);
  s.commands.push_back(command_to_all("1", "10%"));
  auto r = run(s);
  EXPECT_EQ(count(r, invocation_details::failed), 6u);
  EXPECT_EQ(count(r, invocation_details::terminated), 44u);
}

TEST(MaxErrors, ExecutionTimeoutsCountAsErrors) {
  sim::fixed_behaviour slow;
  slow.exec_ms = 120'000;
  auto s = uniform_fleet(5, slow);
  auto c = command_to_all("1", "1");
  c.command.execution_timeout_ms = 10'000;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(count(r, invocation_details::execution_timed_out), 2u);
  EXPECT_EQ(count(r, invocation_details::terminated), 3u);
  EXPECT_EQ(r.commands[0].counts.error_count, 2u);
  EXPECT_EQ(r.commands[0].details, command_details::execution_timed_out);
  EXPECT_EQ(status_of(r.commands[0].details), command_status::timed_out);
}

TEST(MaxErrors, DeliveryTimeoutsDoNotCountButMakeTheCommandTimedOut) {
  sim::fixed_behaviour offline;
  offline.online = false;
  auto s = uniform_fleet(5, offline);
  auto c = command_to_all("1", "0");
  c.command.delivery_timeout_ms = 30'000;
  c.command.deadline = deadline_mode::per_invocation;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(count(r, invocation_details::delivery_timed_out), 5u);
  EXPECT_EQ(count(r, invocation_details::terminated), 0u);
  EXPECT_EQ(r.commands[0].counts.error_count, 0u);
  EXPECT_EQ(r.commands[0].counts.delivery_timed_out_count, 5u);
  EXPECT_EQ(r.commands[0].details, command_details::delivery_timed_out);
  EXPECT_EQ(r.end_ms, 150'000) << "each invocation got its own 30 s, one after another";
}

TEST(MaxErrors, UndeliverableDoesNotCount) {
  auto s = fleet_of({sim::fixed_behaviour{}, sim::fixed_behaviour{}});
  auto c = command_to_all("1", "0");
  c.command.targets.clear();
  c.command.instance_ids = {"i-0000000000000beef", node_id(0), "i-0000000000000cafe", node_id(1),
                            "i-0000000000000f00d"};
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(count(r, invocation_details::undeliverable), 3u);
  EXPECT_EQ(count(r, invocation_details::success), 2u);
  EXPECT_EQ(r.commands[0].counts.error_count, 0u);
  EXPECT_EQ(r.commands[0].details, command_details::success);
}

TEST(MaxErrors, ADeliveryTimeoutWithinMaxErrorsLeavesTheCommandIncomplete) {
  std::vector<sim::fixed_behaviour> nodes(5);
  nodes[3].online = false;
  auto s = fleet_of(nodes);
  auto c = command_to_all("5", "1");
  c.command.delivery_timeout_ms = 30'000;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(count(r, invocation_details::delivery_timed_out), 1u);
  EXPECT_EQ(count(r, invocation_details::success), 4u);
  EXPECT_EQ(r.commands[0].details, command_details::incomplete);
  EXPECT_EQ(status_of(r.commands[0].details), command_status::failed);
}

}  // namespace
}  // namespace broadside::test
