// Semantics 8: the command's Status / StatusDetails and TargetCount,
// CompletedCount, ErrorCount and DeliveryTimedOutCount, end to end, for each
// kind of outcome and their combinations.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

// What each node of a case does.
enum class fate { succeed, fail, hang, unreachable, unknown, wrong_platform };

struct aggregate_case {
  std::string name;
  std::vector<fate> nodes;
  std::string max_concurrency;
  std::string max_errors;
  command_status status;
  command_details details;
  command_counts counts;  // target, completed, error, delivery timed out
};

sim::sim_report run_case(const aggregate_case& c) {
  sim::scenario s;
  std::vector<std::string> ids;
  for (uint32_t k = 0; k < c.nodes.size(); ++k) {
    if (c.nodes[k] == fate::unknown) {
      ids.push_back(format_instance_id("i-", 0xdead00 + k));
      continue;
    }
    sim::fleet_group g;
    g.inventory.count = 1;
    g.inventory.id_base = k;
    sim::fixed_behaviour b;
    b.exit_code = c.nodes[k] == fate::fail ? 1 : 0;
    b.exec_ms = c.nodes[k] == fate::hang ? 3'600'000 : 1'000;
    b.online = c.nodes[k] != fate::unreachable;
    if (c.nodes[k] == fate::wrong_platform)
      g.inventory.platform = platform_type::windows;
    g.behaviour = b;
    s.fleet.push_back(g);
    ids.push_back(node_id(k));
  }
  auto cmd = command_to_all(c.max_concurrency, c.max_errors);
  cmd.command.ramp = ramp_mode::none;  // no slot waits for another's outcome
  cmd.command.targets.clear();
  cmd.command.instance_ids = ids;
  cmd.command.delivery_timeout_ms = 60'000;
  cmd.command.execution_timeout_ms = 600'000;
  s.commands.push_back(cmd);
  return run(s);
}

using f = fate;

TEST(Aggregate, StatusDetailsAndCountsForEachCombination) {
  std::vector<aggregate_case> cases{
      {"all succeed", {f::succeed, f::succeed, f::succeed}, "50", "0",
       command_status::success, command_details::success, {3, 3, 0, 0}},
      {"one failure over MaxErrors 0", {f::succeed, f::fail, f::succeed}, "50", "0",
       command_status::failed, command_details::failed, {3, 3, 1, 0}},
      {"one failure within MaxErrors 1", {f::succeed, f::fail, f::succeed}, "50", "1",
       command_status::failed, command_details::incomplete, {3, 3, 1, 0}},
      {"halted: never-sent targets Terminated", {f::fail, f::fail, f::succeed, f::succeed}, "1", "1",
       command_status::failed, command_details::failed, {4, 4, 2, 0}},
      {"execution timeout", {f::hang, f::succeed}, "50", "0",
       command_status::timed_out, command_details::execution_timed_out, {2, 2, 1, 0}},
      {"delivery timeouts over MaxErrors", {f::unreachable, f::unreachable, f::succeed}, "50", "1",
       command_status::timed_out, command_details::delivery_timed_out, {3, 3, 0, 2}},
      {"delivery timeout within MaxErrors", {f::unreachable, f::succeed}, "50", "1",
       command_status::failed, command_details::incomplete, {2, 2, 0, 1}},
      {"failures win over timeouts", {f::fail, f::fail, f::hang, f::unreachable}, "50", "1",
       command_status::failed, command_details::failed, {4, 4, 3, 1}},
      {"4 undeliverable + 1 success", {f::unknown, f::unknown, f::succeed, f::unknown, f::unknown},
       "50", "0", command_status::success, command_details::success, {5, 5, 0, 0}},
      {"all undeliverable", {f::unknown, f::unknown}, "50", "0",
       command_status::failed, command_details::failed, {2, 2, 0, 0}},
      {"invalid platform + success", {f::wrong_platform, f::succeed}, "50", "0",
       command_status::success, command_details::success, {2, 2, 0, 0}},
      {"all invalid platform", {f::wrong_platform}, "50", "0",
       command_status::failed, command_details::failed, {1, 1, 0, 0}},
      {"undeliverable + failure within MaxErrors", {f::unknown, f::fail, f::succeed}, "50", "1",
       command_status::failed, command_details::incomplete, {3, 3, 1, 0}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = run_case(c);
    ASSERT_EQ(r.commands.size(), 1u);
    const auto& u = r.commands[0];
    EXPECT_EQ(wire_name(u.details), wire_name(c.details));
    EXPECT_EQ(wire_name(status_of(u.details)), wire_name(c.status));
    EXPECT_EQ(u.counts.target_count, c.counts.target_count);
    EXPECT_EQ(u.counts.completed_count, c.counts.completed_count);
    EXPECT_EQ(u.counts.error_count, c.counts.error_count);
    EXPECT_EQ(u.counts.delivery_timed_out_count, c.counts.delivery_timed_out_count);
  }
}

TEST(Aggregate, ATagThatMatchesNothingIsNoInstancesInTag) {
  auto s = uniform_fleet(3, sim::fixed_behaviour{});
  auto c = command_to_all();
  c.command.targets = {{"tag:role", {"db"}}};
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(r.commands[0].details, command_details::no_instances_in_tag);
  EXPECT_EQ(status_of(r.commands[0].details), command_status::failed);
  EXPECT_EQ(r.commands[0].counts.target_count, 0u);
}

TEST(Aggregate, MoreTargetsThanTheQuotaIsRateExceededAndNothingIsSent) {
  auto s = uniform_fleet(10, sim::fixed_behaviour{});
  s.max_targets_per_command = 5;
  s.commands.push_back(command_to_all());
  auto r = run(s);
  EXPECT_EQ(r.commands[0].details, command_details::rate_exceeded);
  EXPECT_EQ(wire_name(r.commands[0].details), "LimitExceeded");
  EXPECT_EQ(r.node_activations, 0u);
  EXPECT_TRUE(r.invocations.empty());
}

TEST(Aggregate, TheListenerHearsTheCountsAtResolutionAndAtTheEnd) {
  std::vector<sim::fixed_behaviour> nodes(3);
  nodes[0].exec_ms = 1'000;
  nodes[0].exit_code = 1;
  nodes[1].exec_ms = 5'000;
  nodes[2].exec_ms = 9'000;
  auto s = fleet_of(nodes);
  auto c = command_to_all("50", "5");
  c.command.ramp = ramp_mode::none;
  s.commands.push_back(c);
  auto r = run(s);
  // The listener hears the command once its targets are resolved, then
  // whenever its StatusDetails changes.
  ASSERT_GE(r.command_history.size(), 2u);
  EXPECT_EQ(r.command_history.front().details, command_details::in_progress);
  EXPECT_EQ(r.command_history.front().counts, (command_counts{3, 0, 0, 0}));
  EXPECT_EQ(r.command_history.back().counts, (command_counts{3, 3, 1, 0}));
  EXPECT_EQ(r.command_history.back().details, command_details::incomplete);
}

}  // namespace
}  // namespace broadside::test
