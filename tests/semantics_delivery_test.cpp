// Semantics 3: an unreachable node makes its invocation Delayed; the request
// is redelivered with backoff until the delivery timeout, then the invocation
// is Delivery Timed Out. A node that comes back before the deadline gets the
// command exactly once and runs it.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

std::vector<std::pair<int64_t, invocation_details>> timeline(const sim::sim_report& r, uint32_t t) {
  std::vector<std::pair<int64_t, invocation_details>> out;
  for (const auto& u : updates_of(r, t))
    out.emplace_back(u.at_ms, u.details);
  return out;
}

using tl = std::vector<std::pair<int64_t, invocation_details>>;

TEST(Delivery, AnUnreachableNodeIsDelayedThenDeliveryTimedOut) {
  sim::fixed_behaviour offline;
  offline.online = false;
  auto s = fleet_of({offline});
  auto c = command_to_all();
  c.command.delivery_timeout_ms = 60'000;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {5'000, invocation_details::delayed},
                                 {60'000, invocation_details::delivery_timed_out}}));
  EXPECT_EQ(wire_name(final_of(r, 0).error), "InstanceNotRunning") << "powered off throughout";
  // Attempts at 0, 5, 15 and 35 s (waits of 5, 10, 20, 40 s); the next
  // would be at 75 s, after the deadline. Each attempt wakes the node.
  EXPECT_EQ(r.node_activations, 4u);
  EXPECT_EQ(r.commands[0].counts.delivery_timed_out_count, 1u);
  EXPECT_EQ(r.commands[0].details, command_details::delivery_timed_out);
}

TEST(Delivery, ANodeThatComesBackBeforeTheDeadlineRunsTheCommandOnce) {
  sim::fixed_behaviour offline;
  offline.online = false;
  offline.exec_ms = 2'000;
  auto s = fleet_of({offline});
  auto c = command_to_all();
  c.command.delivery_timeout_ms = 60'000;
  s.commands.push_back(c);
  s.faults.push_back(fault_at(20'000, sim::fault_action::power_on, {node_id(0)}));
  runtime::trace tr;
  auto r = run(s, &tr);
  // The attempt at 35 s is the first to find it up: 35 s + 10 ms there,
  // 2 s run, 10 ms back.
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {5'000, invocation_details::delayed},
                                 {35'020, invocation_details::in_progress},
                                 {37'020, invocation_details::success}}));
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 1u) << tr.text();
  EXPECT_EQ(r.commands[0].details, command_details::success);
}

TEST(Delivery, ARedeliveredRequestIsNeverRunTwice) {
  // A round trip of 8 s outlasts the first 5 s wait: the request is sent
  // again while the node is already running it.
  sim::fixed_behaviour slow_link;
  slow_link.latency_ms = 4'000;
  slow_link.exec_ms = 10'000;
  auto s = fleet_of({slow_link});
  s.commands.push_back(command_to_all());
  runtime::trace tr;
  auto r = run(s, &tr);
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {5'000, invocation_details::delayed},
                                 {8'000, invocation_details::in_progress},
                                 {18'000, invocation_details::success}}));
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 1u) << tr.text();
  EXPECT_EQ(r.node_activations, 1u) << "the node stayed busy, hence active, throughout";
}

TEST(Delivery, TheCommandWideDeadlineTimesOutTargetsNeverSent) {
  std::vector<sim::fixed_behaviour> nodes(3);
  nodes[0].exec_ms = 100'000;
  auto s = fleet_of(nodes);
  auto c = command_to_all("1", "0");
  c.command.delivery_timeout_ms = 60'000;
  s.commands.push_back(c);
  auto r = run(s);
  // Delivered before the deadline, it may finish after it (until expiry).
  EXPECT_EQ(final_of(r, 0).details, invocation_details::success);
  EXPECT_EQ(final_of(r, 0).at_ms, 100'020);
  for (uint32_t t : {1u, 2u}) {
    EXPECT_EQ(updates_of(r, t).size(), 1u);
    EXPECT_EQ(final_of(r, t).details, invocation_details::delivery_timed_out);
    EXPECT_EQ(final_of(r, t).at_ms, 60'000);
    EXPECT_EQ(wire_name(final_of(r, t).error), "DeliveryTimeout") << "never sent";
  }
  EXPECT_EQ(final_of(r, 0).error, instance_error::none);
  EXPECT_EQ(r.commands[0].details, command_details::delivery_timed_out);
}

TEST(Delivery, PerInvocationDeadlinesRunFromEachSend) {
  sim::fixed_behaviour offline;
  offline.online = false;
  auto s = fleet_of({offline, sim::fixed_behaviour{}});
  auto c = command_to_all("1", "0");
  c.command.delivery_timeout_ms = 30'000;
  c.command.deadline = deadline_mode::per_invocation;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(final_of(r, 0).at_ms, 30'000);
  EXPECT_EQ(updates_of(r, 1).front().at_ms, 30'000);
  EXPECT_EQ(final_of(r, 1).details, invocation_details::success);
}

TEST(Delivery, ResultsHeldByABlockedLinkArriveWhenItReopens) {
  sim::fixed_behaviour node;
  node.exec_ms = 5'000;
  auto s = fleet_of({node});
  s.commands.push_back(command_to_all());
  s.faults.push_back(fault_at(1'000, sim::fault_action::block_network, {node_id(0)}));
  s.faults.push_back(fault_at(20'000, sim::fault_action::unblock_network, {node_id(0)}));
  auto r = run(s);
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {20'010, invocation_details::success}}));
}

TEST(Delivery, NoReportBeforeExpiryIsDeliveryTimedOut) {
  sim::fixed_behaviour node;
  node.exec_ms = 5'000;
  auto s = fleet_of({node});
  auto c = command_to_all();
  c.command.delivery_timeout_ms = 30'000;
  c.command.execution_timeout_ms = 60'000;
  s.commands.push_back(c);
  s.faults.push_back(fault_at(1'000, sim::fault_action::block_network, {node_id(0)}));
  auto r = run(s);
  // ExpiresAfter = RequestedDateTime + TimeoutSeconds + executionTimeout.
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {90'000, invocation_details::delivery_timed_out}}));
  EXPECT_EQ(wire_name(final_of(r, 0).error), "ClientNotResponse") << "delivered, then silent";
}

// An invocation actor runs one invocation after another; the answers to a
// redelivered request reach it after it has moved on to the next target.
TEST(Delivery, LateAnswersForAFinishedInvocationDoNotEndTheNextOne) {
  sim::fixed_behaviour slow_link;  // acknowledges after the 5 s ack wait
  slow_link.latency_ms = 3'000;
  slow_link.exec_ms = 100;
  sim::fixed_behaviour failing;
  failing.exec_ms = 10'000;
  failing.exit_code = 1;
  auto s = fleet_of({slow_link, failing});
  auto c = command_to_all("1", "1");  // one actor does both, in turn
  s.commands.push_back(c);
  runtime::trace tr;
  auto r = run(s, &tr);
  // Node 0: attempt 1 arrives at 3 s, runs, its ack and result arrive at
  // 6 s and 6.1 s; the ack wait made it Delayed at 5 s and sent attempt 2,
  // answered (not run again) with an ack and the result arriving at 11 s.
  EXPECT_EQ(timeline(r, 0), (tl{{0, invocation_details::in_progress},
                                 {5'000, invocation_details::delayed},
                                 {6'000, invocation_details::in_progress},
                                 {6'100, invocation_details::success}}));
  EXPECT_EQ(occurrences(tr.text(), "redelivered"), 1u) << tr.text();
  // Node 1 starts at 6.1 s; node 0's late answers at 11 s must not end it.
  EXPECT_EQ(timeline(r, 1), (tl{{6'100, invocation_details::in_progress},
                                 {16'120, invocation_details::failed}}));
  EXPECT_EQ(final_of(r, 1).response_code, 1);
}

}  // namespace
}  // namespace broadside::test
