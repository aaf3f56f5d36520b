// Semantics 5: an unknown or deregistered node makes its invocation
// Undeliverable; a document for another platform makes it Invalid Platform.
// Neither counts as an error, and neither keeps a command from Success.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

sim::timed_command command_to(std::vector<std::string> ids) {
  auto c = command_to_all("1", "0");
  c.command.targets.clear();
  c.command.instance_ids = std::move(ids);
  return c;
}

TEST(Undeliverable, AnUnknownNodeIsUndeliverable) {
  auto s = fleet_of({sim::fixed_behaviour{}});
  s.commands.push_back(command_to({node_id(0), "i-0000000000000beef"}));
  auto r = run(s);
  auto u = final_of(r, 1);
  EXPECT_EQ(u.details, invocation_details::undeliverable);
  EXPECT_EQ(status_of(u.details), invocation_status::failed);
  EXPECT_EQ(u.response_code, -1);
  EXPECT_EQ(wire_name(u.error), "InstanceNotExists");
  EXPECT_EQ(final_of(r, 0).error, instance_error::none);
  EXPECT_EQ(r.commands[0].details, command_details::success);
  EXPECT_EQ(r.commands[0].counts.completed_count, 2u);
  EXPECT_EQ(r.commands[0].counts.error_count, 0u);
}

TEST(Undeliverable, ADeregisteredNodeIsUndeliverable) {
  auto s = fleet_of({sim::fixed_behaviour{}, sim::fixed_behaviour{}});
  auto c = command_to({node_id(0), node_id(1)});
  c.at_ms = 1'000;
  s.commands.push_back(c);
  s.faults.push_back(fault_at(0, sim::fault_action::deregister, {node_id(1)}));
  auto r = run(s);
  EXPECT_EQ(final_of(r, 0).details, invocation_details::success);
  EXPECT_EQ(final_of(r, 1).details, invocation_details::undeliverable);
  EXPECT_EQ(wire_name(final_of(r, 1).error), "InstanceDeregistered");
  EXPECT_EQ(r.commands[0].details, command_details::success);
}

TEST(Undeliverable, AReleasedNodeIsUndeliverableAsReleased) {
  auto s = fleet_of({sim::fixed_behaviour{}, sim::fixed_behaviour{}});
  auto c = command_to({node_id(0), node_id(1)});
  c.at_ms = 1'000;
  s.commands.push_back(c);
  s.faults.push_back(fault_at(0, sim::fault_action::release, {node_id(1)}));
  auto r = run(s);
  EXPECT_EQ(final_of(r, 1).details, invocation_details::undeliverable);
  EXPECT_EQ(wire_name(final_of(r, 1).error), "InstanceReleased");
}

TEST(Undeliverable, ANodeDeregisteredWhileDelayedIsUndeliverableAtTheNextAttempt) {
  sim::fixed_behaviour offline;
  offline.online = false;
  auto s = fleet_of({offline});
  s.commands.push_back(command_to({node_id(0)}));
  s.faults.push_back(fault_at(10'000, sim::fault_action::deregister, {node_id(0)}));
  auto r = run(s);
  auto all = updates_of(r, 0);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].details, invocation_details::delayed);
  EXPECT_EQ(all[2].details, invocation_details::undeliverable);
  EXPECT_EQ(all[2].at_ms, 15'000);
  EXPECT_EQ(wire_name(all[2].error), "InstanceDeregistered");
  EXPECT_EQ(r.commands[0].details, command_details::failed) << "every invocation undeliverable";
}

TEST(Undeliverable, FourUndeliverableAndOneSuccessIsASuccess) {
  auto s = fleet_of({sim::fixed_behaviour{}});
  s.commands.push_back(command_to({"i-00000000000000a01", "i-00000000000000a02", node_id(0),
                                   "i-00000000000000a03", "i-00000000000000a04"}));
  auto r = run(s);
  EXPECT_EQ(r.commands[0].details, command_details::success);
}

TEST(InvalidPlatform, ALinuxDocumentOnWindowsIsInvalidPlatformAndNeverSent) {
  auto s = fleet_of({sim::fixed_behaviour{}}, platform_type::windows);
  sim::fleet_group linux_node;
  linux_node.inventory.count = 1;
  linux_node.inventory.id_base = 1;
  s.fleet.push_back(linux_node);
  s.commands.push_back(command_to({node_id(0), node_id(1)}));
  runtime::trace tr;
  auto r = run(s, &tr);
  auto u = final_of(r, 0);
  EXPECT_EQ(u.details, invocation_details::invalid_platform);
  EXPECT_EQ(status_of(u.details), invocation_status::failed);
  EXPECT_EQ(wire_name(u.error), "CommandNotApplicable");
  EXPECT_EQ(tr.text().find("node 0 "), std::string::npos) << "the Windows node was contacted";
  EXPECT_EQ(final_of(r, 1).details, invocation_details::success);
  EXPECT_EQ(r.commands[0].details, command_details::success);
  EXPECT_EQ(r.commands[0].counts.error_count, 0u);
}

TEST(InvalidPlatform, EveryInvocationInvalidPlatformFailsTheCommand) {
  auto s = fleet_of({sim::fixed_behaviour{}, sim::fixed_behaviour{}}, platform_type::windows);
  s.commands.push_back(command_to({node_id(0), node_id(1)}));
  auto r = run(s);
  EXPECT_EQ(r.commands[0].details, command_details::failed);
}

}  // namespace
}  // namespace broadside::test
