// Semantics 6: CancelCommand turns pending invocations Cancelled at once and
// in-progress ones Cancelling until the node confirms.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

using tl = std::vector<std::pair<int64_t, invocation_details>>;

tl timeline(const sim::sim_report& r, uint32_t t) {
  tl out;
  for (const auto& u : updates_of(r, t))
    out.emplace_back(u.at_ms, u.details);
  return out;
}

TEST(Cancel, PendingIsCancelledAtOnceAndInProgressWaitsForTheNode) {
  sim::fixed_behaviour long_run;
  long_run.exec_ms = 60'000;
  auto s = uniform_fleet(3, long_run);
  auto c = command_to_all("1", "0");
  c.cancel_at_ms = 1'000;
  s.commands.push_back(c);
  runtime::trace tr;
  auto r = run(s, &tr);
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {1'000, invocation_details::cancelling},
                                 {1'020, invocation_details::cancelled}}));
  for (uint32_t t : {1u, 2u})
    EXPECT_EQ(timeline(r, t), (tl{{1'000, invocation_details::cancelled}}));
  for (uint32_t t : {0u, 1u, 2u})
    EXPECT_EQ(final_of(r, t).error, instance_error::none) << "Cancelled: the status says it";
  // The node stopped the script when the cancel reached it.
  EXPECT_NE(tr.text().find("1010 node 0 run-end"), std::string::npos) << tr.text();
  std::vector<command_details> seen;
  for (const auto& u : r.command_history)
    seen.push_back(u.details);
  EXPECT_EQ(seen, (std::vector<command_details>{command_details::in_progress,
                                                command_details::cancelling,
                                                command_details::cancelled}));
  EXPECT_EQ(status_of(r.commands[0].details), command_status::cancelled);
  EXPECT_EQ(r.commands[0].counts.completed_count, 3u);
}

// The run was acknowledged, then the node's network went down before the
// cancel: nothing confirms the stop, so at expiry the invocation ends
// Cancelled with Cloud Assistant's TerminationException (it may still run).
TEST(Cancel, AStopTheNodeNeverConfirmsEndsWithTerminationException) {
  sim::fixed_behaviour long_run;
  long_run.exec_ms = 24 * 3'600'000LL;
  auto s = uniform_fleet(2, long_run);
  auto c = command_to_all("2", "0");
  c.cancel_at_ms = 10'000;
  s.commands.push_back(c);
  s.faults.push_back(fault_at(5'000, sim::fault_action::block_network, {node_id(0)}, 0));
  auto r = run(s);
  auto silent = final_of(r, 0);
  EXPECT_EQ(silent.details, invocation_details::cancelled);
  EXPECT_EQ(silent.error, instance_error::termination_exception);
  EXPECT_EQ(silent.at_ms, c.command.delivery_timeout_ms + c.command.execution_timeout_ms)
      << "Cancelling until the invocation expired";
  auto confirmed = final_of(r, 1);
  EXPECT_EQ(confirmed.details, invocation_details::cancelled);
  EXPECT_EQ(confirmed.error, instance_error::none);
  EXPECT_LT(confirmed.at_ms, 11'000);
  EXPECT_EQ(r.commands[0].details, command_details::cancelled);
}

TEST(Cancel, ADelayedInvocationIsCancelledAtOnce) {
  sim::fixed_behaviour offline;
  offline.online = false;
  auto s = fleet_of({offline});
  auto c = command_to_all();
  c.cancel_at_ms = 10'000;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {5'000, invocation_details::delayed},
                                 {10'000, invocation_details::cancelled}}));
  EXPECT_EQ(r.commands[0].details, command_details::cancelled);
}

TEST(Cancel, AResultAlreadyOnItsWayWins) {
  auto s = fleet_of({sim::fixed_behaviour{}});
  auto c = command_to_all();
  c.cancel_at_ms = 1'015;  // the run ended at 1010; its result lands at 1020
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {1'015, invocation_details::cancelling},
                                 {1'020, invocation_details::success}}));
  EXPECT_EQ(r.commands[0].details, command_details::cancelled);
}

TEST(Cancel, ACancelAfterCompletionChangesNothing) {
  auto s = fleet_of({sim::fixed_behaviour{}});
  auto c = command_to_all();
  c.cancel_at_ms = 5'000;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(r.commands[0].details, command_details::success);
}

TEST(Cancel, ACancelFollowsARequestStillOnTheWire) {
  // The request is slow (latency 4 s): no answer can come back within the
  // first 5 s wait, so when that wait ends the invocation counts as never
  // delivered and is Cancelled. The cancel followed the request on the same
  // link and stopped the run the moment it reached the node.
  sim::fixed_behaviour slow_link;
  slow_link.latency_ms = 4'000;
  slow_link.exec_ms = 60'000;
  auto s = fleet_of({slow_link});
  auto c = command_to_all();
  c.cancel_at_ms = 1'000;
  s.commands.push_back(c);
  // Keeps the simulation going after the command ends, to watch the node.
  s.faults.push_back(fault_at(20'000, sim::fault_action::power_on, {node_id(0)}));
  runtime::trace tr;
  auto r = run(s, &tr);
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {1'000, invocation_details::cancelling},
                                 {5'000, invocation_details::cancelled}}));
  EXPECT_NE(tr.text().find("4000 node 0 run-start"), std::string::npos) << tr.text();
  EXPECT_NE(tr.text().find("5000 node 0 run-end"), std::string::npos) << tr.text();
}

}  // namespace
}  // namespace broadside::test
