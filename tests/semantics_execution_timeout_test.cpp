// Semantics 4: a run that outlasts executionTimeout is stopped on the node and
// reported Execution Timed Out.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

TEST(ExecutionTimeout, TheNodeStopsTheRunAndReportsExecutionTimedOut) {
  sim::fixed_behaviour hangs;
  hangs.exec_ms = 600'000;
  hangs.standard_output = "partial output\n";
  auto s = fleet_of({hangs});
  auto c = command_to_all();
  c.command.execution_timeout_ms = 60'000;
  s.commands.push_back(c);
  runtime::trace tr;
  auto r = run(s, &tr);
  auto end = final_of(r, 0);
  EXPECT_EQ(end.details, invocation_details::execution_timed_out);
  EXPECT_EQ(status_of(end.details), invocation_status::timed_out);
  EXPECT_EQ(end.at_ms, 60'020);
  EXPECT_EQ(end.start_ms, 10);
  EXPECT_EQ(end.end_ms, 60'010);
  EXPECT_EQ(end.response_code, -1);
  EXPECT_EQ(wire_name(end.error), "ExecutionTimeout");
  EXPECT_EQ(end.standard_output, "partial output\n");
  EXPECT_NE(end.reason.find("executionTimeout"), std::string::npos) << end.reason;
  // The node stopped it at the timeout, and nothing ran on afterwards: the
  // node went idle then (it was activated once and never again).
  auto text = tr.text();
  auto stopped = text.find("60010 node 0 run-end");
  ASSERT_NE(stopped, std::string::npos) << text;
  EXPECT_EQ(text.find("run-end", stopped + 20), std::string::npos) << text;
  EXPECT_EQ(r.node_activations, 1u);
  EXPECT_EQ(r.commands[0].details, command_details::execution_timed_out);
  EXPECT_EQ(r.commands[0].counts.error_count, 1u);
}

TEST(ExecutionTimeout, ARunThatFinishesInTimeIsNotAffected) {
  sim::fixed_behaviour quick;
  quick.exec_ms = 59'999;
  auto s = fleet_of({quick});
  auto c = command_to_all();
  c.command.execution_timeout_ms = 60'000;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(final_of(r, 0).details, invocation_details::success);
  EXPECT_EQ(final_of(r, 0).response_code, 0);
}

}  // namespace
}  // namespace broadside::test
