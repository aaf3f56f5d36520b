// Semantics 7: when the agent restarts (or the machine reboots) during a run,
// the invocation ends Failed with a reason that says so, and the script never
// runs a second time.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

TEST(AgentRestart, ARunInterruptedByAnAgentRestartFailsWithAReason) {
  sim::fixed_behaviour long_run;
  long_run.exec_ms = 60'000;
  auto s = fleet_of({long_run});
  s.commands.push_back(command_to_all());
  s.faults.push_back(fault_at(10'000, sim::fault_action::agent_restart, {node_id(0)}, 5'000));
  runtime::trace tr;
  auto r = run(s, &tr);
  auto end = final_of(r, 0);
  EXPECT_EQ(end.details, invocation_details::failed);
  EXPECT_EQ(end.at_ms, 15'010);
  EXPECT_EQ(end.response_code, -1);
  EXPECT_NE(end.reason.find("agent restarted"), std::string::npos) << end.reason;
  EXPECT_EQ(wire_name(end.error), "ClientRestarted");
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 1u) << tr.text();
  EXPECT_EQ(r.commands[0].details, command_details::failed);
  EXPECT_EQ(r.commands[0].counts.error_count, 1u);
}

TEST(AgentRestart, ARedeliveryAfterTheRestartIsAnsweredNotRerun) {
  // A 4 s link: the first request starts the run at 4 s; the agent restarts
  // at 4.5 s; the second attempt (sent at 5 s, as the ack is not back yet)
  // reaches the restarted agent at 9 s, which answers with the failure.
  sim::fixed_behaviour slow_link;
  slow_link.latency_ms = 4'000;
  slow_link.exec_ms = 60'000;
  auto s = fleet_of({slow_link});
  s.commands.push_back(command_to_all());
  s.faults.push_back(fault_at(4'500, sim::fault_action::agent_restart, {node_id(0)}, 1'500));
  runtime::trace tr;
  auto r = run(s, &tr);
  auto end = final_of(r, 0);
  EXPECT_EQ(end.details, invocation_details::failed);
  EXPECT_EQ(end.at_ms, 10'000) << "reported when the agent came back at 6 s";
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 1u) << tr.text();
}

TEST(AgentRestart, ARebootDuringARunFailsItOnceTheMachineIsBack) {
  sim::fixed_behaviour long_run;
  long_run.exec_ms = 60'000;
  auto s = fleet_of({long_run});
  s.commands.push_back(command_to_all());
  s.faults.push_back(fault_at(10'000, sim::fault_action::reboot, {node_id(0)}, 30'000));
  runtime::trace tr;
  auto r = run(s, &tr);
  auto end = final_of(r, 0);
  EXPECT_EQ(end.details, invocation_details::failed);
  EXPECT_EQ(end.at_ms, 40'010);
  EXPECT_EQ(wire_name(end.error), "InstanceRestarted");
  EXPECT_NE(end.reason.find("machine restarted"), std::string::npos) << end.reason;
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 1u);
}

TEST(AgentRestart, ARunKilledByAnAgentStopStaysClientRestartedThroughALaterReboot) {
  sim::fixed_behaviour long_run;
  long_run.exec_ms = 60'000;
  auto s = fleet_of({long_run});
  s.commands.push_back(command_to_all());
  s.faults.push_back(fault_at(10'000, sim::fault_action::agent_stop, {node_id(0)}));
  s.faults.push_back(fault_at(12'000, sim::fault_action::reboot, {node_id(0)}, 3'000));
  auto r = run(s);
  auto end = final_of(r, 0);
  EXPECT_EQ(end.details, invocation_details::failed);
  EXPECT_EQ(end.at_ms, 15'010);
  EXPECT_EQ(wire_name(end.error), "ClientRestarted") << "the agent's stop killed it, not the reboot";
}

TEST(AgentRestart, AMachineThatNeverComesBackLeavesTheInvocationInProgressUntilExpiry) {
  sim::fixed_behaviour long_run;
  long_run.exec_ms = 60'000;
  auto s = fleet_of({long_run});
  auto c = command_to_all();
  c.command.delivery_timeout_ms = 30'000;
  c.command.execution_timeout_ms = 120'000;
  s.commands.push_back(c);
  s.faults.push_back(fault_at(10'000, sim::fault_action::power_off, {node_id(0)}));
  auto r = run(s);
  auto all = updates_of(r, 0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].details, invocation_details::in_progress);
  EXPECT_EQ(all[1].details, invocation_details::delivery_timed_out);
  EXPECT_EQ(all[1].at_ms, 150'000);
  EXPECT_EQ(wire_name(all[1].error), "ClientNotResponse") << "delivered: the agent went silent";
}

}  // namespace
}  // namespace broadside::test
