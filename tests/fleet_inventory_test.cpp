#include "actors/fleet_inventory.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

std::vector<uint32_t> indexes(const resolved_targets& r) {
  std::vector<uint32_t> out;
  for (const auto& n : r.nodes)
    out.push_back(n.node);
  return out;
}

fleet_inventory sample() {
  fleet_inventory inv;
  node_group web;
  web.count = 3;
  web.tags = {{"role", "web"}, {"env", "prod"}};
  inv.add_group(web);  // 0..2: i-...0 .. i-...2
  node_group db;
  db.count = 2;
  db.id_base = 0x100;
  db.tags = {{"role", "db"}, {"env", "dev"}};
  db.platform = platform_type::windows;
  inv.add_group(db);  // 3..4
  inv.add_node(node_info{"mi-0123456789abcdef0", platform_type::linux_os, "3.2.0.0", {{"owner", "ops"}}});
  return inv;
}

TEST(FleetInventory, GeneratesAndFindsSsmStyleIds) {
  auto inv = sample();
  EXPECT_EQ(inv.size(), 6u);
  EXPECT_EQ(inv.instance_id(0), "i-00000000000000000");
  EXPECT_EQ(inv.instance_id(4), "i-00000000000000101");
  EXPECT_EQ(inv.instance_id(5), "mi-0123456789abcdef0");
  for (uint32_t n = 0; n < inv.size(); ++n)
    EXPECT_EQ(inv.find(inv.instance_id(n)), n);
  EXPECT_FALSE(inv.find("i-00000000000000003"));
  EXPECT_FALSE(inv.find("i-0123"));
  EXPECT_EQ(inv.platform(3), platform_type::windows);
}

TEST(FleetInventory, AnUpdatedAgentChangesOneNodesVersion) {
  auto inv = sample();
  EXPECT_EQ(inv.agent_version(1), "3.3.0.0");
  EXPECT_EQ(inv.agent_version(5), "3.2.0.0");
  inv.set_agent_version(1, "3.3.1.0");
  EXPECT_EQ(inv.agent_version(1), "3.3.1.0");
  EXPECT_EQ(inv.agent_version(0), "3.3.0.0") << "the rest of its group keeps the group's";
  EXPECT_EQ(inv.agent_version(2), "3.3.0.0");
}

TEST(FleetInventory, AgentVersionsAreComparedPartByPartPerPlatform) {
  using f = agent_feature;
  EXPECT_TRUE(agent_supports("2.2.3.282", platform_type::linux_os, f::schedule_expressions));
  EXPECT_TRUE(agent_supports("2.10.0.1", platform_type::linux_os, f::schedule_expressions))
      << "10 is newer than 2, not older than 2.2 as text";
  EXPECT_FALSE(agent_supports("2.2.3.99", platform_type::linux_os, f::schedule_expressions));
  EXPECT_FALSE(agent_supports("2.2", platform_type::linux_os, f::schedule_expressions));
  EXPECT_TRUE(agent_supports("2.1.3.282", platform_type::windows, f::schedule_expressions));
  EXPECT_FALSE(agent_supports("2.1.3.282", platform_type::linux_os, f::schedule_expressions));
  EXPECT_TRUE(agent_supports("1.0", platform_type::linux_os, f::none));
  EXPECT_TRUE(agent_supports("unknown", platform_type::linux_os, f::schedule_expressions))
      << "a version that is not dotted numbers is not held against the agent";
}

TEST(FleetInventory, ResolutionSaysWhichAgentsLackTheFeatureAskedFor) {
  auto inv = sample();  // 3.3.0.0 everywhere but mi-... (3.2.0.0)
  inv.set_agent_version(2, "2.2.0.0");
  inv.set_agent_version(1, "2.0.0.0");
  resolve_targets all{{}, {{"InstanceIds", {"*"}}}};
  all.needs = agent_feature::schedule_expressions;
  auto r = inv.resolve(all);
  std::vector<uint32_t> outdated;
  for (const auto& n : r.nodes)
    if (n.agent_outdated)
      outdated.push_back(n.node);
  EXPECT_EQ(outdated, (std::vector<uint32_t>{1, 2}));
  EXPECT_TRUE(inv.status(1, agent_feature::schedule_expressions).agent_outdated);
  EXPECT_FALSE(inv.status(1).agent_outdated) << "nothing asked of it";
  all.needs = agent_feature::none;
  for (const auto& n : inv.resolve(all).nodes)
    EXPECT_FALSE(n.agent_outdated);
}

TEST(FleetInventory, InstanceIdsKeepTheirOrderAndReportUnknownOnes) {
  auto inv = sample();
  auto r = inv.resolve({{"i-00000000000000100", "i-00000000000000009", "i-00000000000000001",
                         "i-00000000000000001"},
                        {}});
  EXPECT_FALSE(r.by_selector);
  EXPECT_EQ(indexes(r), (std::vector<uint32_t>{3, unknown_node, 1}));
  EXPECT_FALSE(r.nodes[1].managed);
  EXPECT_TRUE(r.nodes[0].managed);
  EXPECT_EQ(r.nodes[0].platform, platform_type::windows);
  EXPECT_EQ(r.unknown_ids, std::vector<std::string>{"i-00000000000000009"});
}

TEST(FleetInventory, SelectorsAreAndedAndTheirValuesOred) {
  auto inv = sample();
  auto r = inv.resolve({{}, {{"tag:role", {"web", "db"}}, {"tag:env", {"dev"}}}});
  EXPECT_TRUE(r.by_selector);
  EXPECT_EQ(indexes(r), (std::vector<uint32_t>{3, 4}));
  r = inv.resolve({{}, {{"tag-key", {"owner", "nothing"}}}});
  EXPECT_EQ(indexes(r), std::vector<uint32_t>{5});
  r = inv.resolve({{}, {{"InstanceIds", {"*"}}}});
  EXPECT_EQ(r.nodes.size(), 6u);
  r = inv.resolve({{}, {{"InstanceIds", {"i-00000000000000000", "i-00000000000000100"}},
                        {"tag:role", {"web"}}}});
  EXPECT_EQ(indexes(r), std::vector<uint32_t>{0});
  r = inv.resolve({{}, {{"tag:role", {"cache"}}}});
  EXPECT_TRUE(r.nodes.empty());
  r = inv.resolve({{}, {{"resource-groups:Name", {"web"}}}});
  EXPECT_TRUE(r.nodes.empty());
}

TEST(FleetInventory, GroupsWithOverlappingIdsAreRefused) {
  fleet_inventory inv;
  node_group a;
  a.count = 10;
  inv.add_group(a);
  node_group b;
  b.count = 5;
  b.id_base = 9;
  EXPECT_THROW(inv.add_group(b), std::invalid_argument);
  b.id_base = 10;
  EXPECT_NO_THROW(inv.add_group(b));
  node_group hybrid;
  hybrid.count = 5;
  hybrid.id_prefix = "mi-";
  EXPECT_NO_THROW(inv.add_group(hybrid)) << "another prefix is another id space";
}

TEST(FleetInventory, DeregisteredNodesLeaveSelectionsButStayNamed) {
  auto inv = sample();
  inv.deregister(1);
  EXPECT_FALSE(inv.managed(1));
  EXPECT_FALSE(inv.status(1).managed);
  EXPECT_EQ(wire_name(inv.status(1).unmanaged), "InstanceDeregistered");
  EXPECT_EQ(indexes(inv.resolve({{}, {{"tag:role", {"web"}}}})), (std::vector<uint32_t>{0, 2}));
  auto named = inv.resolve({{"i-00000000000000001"}, {}});
  EXPECT_EQ(indexes(named), std::vector<uint32_t>{1});
  EXPECT_FALSE(named.nodes[0].managed);
  EXPECT_FALSE(inv.status(unknown_node).managed);
  EXPECT_EQ(wire_name(inv.status(unknown_node).unmanaged), "InstanceNotExists");
  inv.deregister(1, true);
  EXPECT_EQ(wire_name(inv.status(1).unmanaged), "InstanceReleased");
  // Registering again makes it managed again.
  inv.add_node(node_info{"i-00000000000000001", platform_type::linux_os, "", {}});
  EXPECT_TRUE(inv.managed(1));
  EXPECT_EQ(inv.status(1).unmanaged, instance_error::none);
}

TEST(FleetInventory, TheVersionMovesExactlyWhenANodesStatusChanges) {
  auto inv = sample();
  auto v0 = inv.version();
  EXPECT_EQ(inv.resolve({{}, {{"InstanceIds", {"*"}}}}).inventory_version, v0);
  inv.add_node(node_info{"mi-0123456789abcdef1", platform_type::linux_os, "", {}});
  EXPECT_EQ(inv.version(), v0) << "a new node changes no resolved status";
  inv.deregister(1);
  auto v1 = inv.version();
  EXPECT_GT(v1, v0);
  inv.deregister(1);
  EXPECT_EQ(inv.version(), v1) << "deregistering twice changes nothing";
  inv.add_node(node_info{"i-00000000000000001", platform_type::linux_os, "", {}});
  EXPECT_GT(inv.version(), v1);
  EXPECT_EQ(inv.resolve({{}, {{"InstanceIds", {"*"}}}}).inventory_version, inv.version());
}

}  // namespace
}  // namespace broadside
