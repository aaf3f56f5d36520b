// Faults on a timeline: selectors (instance ids, tags, all), a share or count
// of the selected nodes drawn from the seed, times spread over a range, and
// lasting faults that end on their own: reboot, agent upgrade, network.

#include "sim/fault_timeline.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace broadside::test {
namespace {

// `count` web nodes then `count` db nodes, every script running `exec_ms`.
sim::scenario web_and_db(uint32_t count, int64_t exec_ms) {
  sim::scenario s;
  for (const auto* role : {"web", "db"}) {
    sim::fleet_group g;
    g.inventory.count = count;
    g.inventory.id_base = s.fleet.empty() ? 0 : count;
    g.inventory.tags = {{"role", role}};
    sim::fixed_behaviour b;
    b.exec_ms = exec_ms;
    g.behaviour = b;
    s.fleet.push_back(std::move(g));
  }
  return s;
}

sim::timed_fault on_role(int64_t at_ms, sim::fault_action action, const std::string& role) {
  sim::timed_fault f;
  f.at_ms = at_ms;
  f.action = action;
  f.targets = {{"tag:role", {role}}};
  return f;
}

fleet_inventory inventory_of(const sim::scenario& s) {
  fleet_inventory inventory;
  for (const auto& g : s.fleet)
    inventory.add_group(g.inventory);
  return inventory;
}

// "<ms> node <k> <event>" lines of a trace: node -> times.
std::map<uint32_t, std::vector<int64_t>> node_events(const std::string& trace,
                                                     const std::string& event) {
  std::map<uint32_t, std::vector<int64_t>> out;
  std::istringstream lines{trace};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words{line};
    int64_t ms = 0;
    std::string subject;
    uint32_t node = 0;
    std::string what;
    if (words >> ms >> subject >> node >> what && subject == "node" && what == event)
      out[node].push_back(ms);
  }
  return out;
}

TEST(ScenarioFaults, ARebootOfTheNodesWithATagFailsTheirRunsOnly) {
  auto s = web_and_db(3, 60'000);
  auto c = command_to_all("100%");
  c.command.ramp = ramp_mode::none;
  s.commands.push_back(c);
  auto reboot = on_role(10'000, sim::fault_action::reboot, "web");
  reboot.duration_ms = 20'000;
  s.faults.push_back(reboot);
  runtime::trace tr;
  auto r = run(s, &tr);
  for (uint32_t t = 0; t < 3; ++t) {
    auto end = final_of(r, t);
    EXPECT_EQ(end.details, invocation_details::failed) << t;
    EXPECT_EQ(end.at_ms, 30'010) << "reported when the machine is back";
    EXPECT_EQ(end.response_code, -1);
    EXPECT_NE(end.reason.find("machine restarted"), std::string::npos) << end.reason;
    EXPECT_EQ(wire_name(end.error), "InstanceRestarted");
  }
  for (uint32_t t = 3; t < 6; ++t) {
    EXPECT_EQ(final_of(r, t).details, invocation_details::success) << t;
    EXPECT_EQ(final_of(r, t).at_ms, 60'020);
  }
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 6u) << "nothing runs twice";
  EXPECT_EQ(node_events(tr.text(), "power-off").size(), 3u);
  EXPECT_EQ(r.commands[0].details, command_details::failed);
  EXPECT_EQ(r.commands[0].counts.error_count, 3u);
}

TEST(ScenarioFaults, ACommandArrivingDuringAnAgentUpgradeIsDelayedThenRunsOnTheNewAgent) {
  auto s = uniform_fleet(1, sim::fixed_behaviour{});
  auto c = command_to_all();
  c.at_ms = 1'000;
  s.commands.push_back(c);
  auto upgrade = fault_at(0, sim::fault_action::agent_upgrade, {node_id(0)}, 20'000);
  upgrade.agent_version = "3.3.1.0";
  s.faults.push_back(upgrade);
  runtime::trace tr;
  auto r = run(s, &tr);
  // Attempts at 1, 6 and 16 s find the agent down; the one at 36 s runs it.
  auto all = updates_of(r, 0);
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[0].details, invocation_details::in_progress);
  EXPECT_EQ(all[1].details, invocation_details::delayed);
  EXPECT_EQ(all[1].at_ms, 6'000);
  auto end = final_of(r, 0);
  EXPECT_EQ(end.details, invocation_details::success);
  EXPECT_EQ(end.at_ms, 37'020);
  EXPECT_EQ(occurrences(tr.text(), "agent down, ignored"), 3u) << tr.text();
  EXPECT_NE(tr.text().find("20000 node 0 agent-version 3.3.1.0\n"), std::string::npos) << tr.text();
  EXPECT_NE(tr.text().find("20000 node 0 agent-up\n"), std::string::npos);
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 1u);
  EXPECT_EQ(r.commands[0].details, command_details::success);
}

TEST(ScenarioFaults, AnAgentUpgradeDuringARunFailsItAsAnAgentRestartDoes) {
  sim::fixed_behaviour long_run;
  long_run.exec_ms = 60'000;
  auto s = fleet_of({long_run});
  s.commands.push_back(command_to_all());
  auto upgrade = fault_at(10'000, sim::fault_action::agent_upgrade, {node_id(0)}, 5'000);
  upgrade.agent_version = "3.3.1.0";
  s.faults.push_back(upgrade);
  runtime::trace tr;
  auto r = run(s, &tr);
  auto end = final_of(r, 0);
  EXPECT_EQ(end.details, invocation_details::failed);
  EXPECT_EQ(end.at_ms, 15'010);
  EXPECT_EQ(end.response_code, -1);
  EXPECT_NE(end.reason.find("agent restarted"), std::string::npos) << end.reason;
  EXPECT_EQ(wire_name(end.error), "ClientRestarted");
  EXPECT_EQ(occurrences(tr.text(), "run-start"), 1u);
}

// A delivery that times out names what kept the node unreachable, as the
// control plane knows it from the faults the node was dealt: the machine
// stopped, the agent stopped or upgrading, the network blocked (by a
// security group rule, SecurityGroupRuleDenied); a node that was merely too
// slow to answer, DeliveryTimeout.
TEST(ScenarioFaults, ADeliveryTimeoutNamesWhatKeptTheNodeUnreachable) {
  std::vector<sim::fixed_behaviour> nodes(6);
  nodes[4].latency_ms = 40'000;  // the request arrives after the deadline
  auto s = fleet_of(nodes);
  auto c = command_to_all("100%");
  c.command.ramp = ramp_mode::none;  // every target sent at once
  c.at_ms = 1'000;
  c.command.delivery_timeout_ms = 30'000;
  s.commands.push_back(c);
  s.faults.push_back(fault_at(0, sim::fault_action::power_off, {node_id(0)}));
  s.faults.push_back(fault_at(0, sim::fault_action::agent_stop, {node_id(1)}));
  auto upgrade = fault_at(0, sim::fault_action::agent_upgrade, {node_id(2)}, 600'000);
  upgrade.agent_version = "3.3.1.0";
  s.faults.push_back(upgrade);
  s.faults.push_back(fault_at(0, sim::fault_action::block_network, {node_id(3)}));
  s.faults.push_back(fault_at(0, sim::fault_action::deny_security_group, {node_id(5)}));
  auto r = run(s);
  std::vector<std::string> codes;
  for (uint32_t t = 0; t < 6; ++t) {
    EXPECT_EQ(final_of(r, t).details, invocation_details::delivery_timed_out) << t;
    codes.emplace_back(wire_name(final_of(r, t).error));
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"InstanceNotRunning", "ClientNotRunning",
                                             "ClientIsUpgrading", "ClientNetworkBlocked",
                                             "DeliveryTimeout", "SecurityGroupRuleDenied"}));
}

TEST(ScenarioFaults, ARangeAndAShareHitExactlyTheRightNodesEachAtItsOwnTime) {
  sim::scenario s = web_and_db(100, 1'000);
  s.seed = 11;
  s.commands.push_back(command_to_all("100%"));
  auto f = on_role(1'000, sim::fault_action::power_off, "web");
  f.to_ms = 9'000;
  f.share = 0.25;
  s.faults.push_back(f);
  auto inventory = inventory_of(s);

  auto hit = sim::fault_nodes(s, 0, inventory);
  ASSERT_EQ(hit.size(), 25u);
  EXPECT_TRUE(std::is_sorted(hit.begin(), hit.end()));
  EXPECT_LT(hit.back(), 100u) << "only web nodes";
  EXPECT_EQ(sim::fault_nodes(s, 0, inventory), hit) << "the same seed, the same nodes";
  auto other = s;
  other.seed = 12;
  EXPECT_NE(sim::fault_nodes(other, 0, inventory), hit);

  auto timeline = sim::fault_timeline(s, inventory);
  ASSERT_EQ(timeline.size(), 25u);
  std::set<int64_t> times;
  for (const auto& e : timeline) {
    EXPECT_GE(e.at_ms, 1'000);
    EXPECT_LE(e.at_ms, 9'000);
    times.insert(e.at_ms);
  }
  EXPECT_TRUE(std::is_sorted(timeline.begin(), timeline.end(),
                             [](const auto& a, const auto& b) { return a.at_ms < b.at_ms; }));
  EXPECT_GT(times.size(), 20u) << "each node at its own time";

  // The simulation powers off exactly those nodes, at those times.
  runtime::trace tr;
  run(s, &tr);
  auto offs = node_events(tr.text(), "power-off");
  ASSERT_EQ(offs.size(), 25u);
  for (const auto& e : timeline)
    EXPECT_EQ(offs[e.node], std::vector<int64_t>{e.at_ms}) << e.node;
  runtime::trace again;
  run(s, &again);
  EXPECT_EQ(tr.text(), again.text());
}

TEST(ScenarioFaults, ACountAndAShareRoundToWholeNodes) {
  auto s = web_and_db(100, 1'000);
  auto f = on_role(0, sim::fault_action::agent_stop, "db");
  f.count = 7;
  s.faults.push_back(f);
  auto web = on_role(0, sim::fault_action::agent_stop, "web");
  web.share = 0.29;
  s.faults.push_back(web);
  auto all = web;
  all.targets.clear();
  all.all = true;
  all.share = 0.5;
  s.faults.push_back(all);
  auto inventory = inventory_of(s);
  auto db = sim::fault_nodes(s, 0, inventory);
  ASSERT_EQ(db.size(), 7u);
  EXPECT_GE(db.front(), 100u) << "only db nodes";
  EXPECT_EQ(sim::fault_nodes(s, 1, inventory).size(), 29u) << "0.29 * 100 is 28.999...";
  EXPECT_EQ(sim::fault_nodes(s, 2, inventory).size(), 100u);
}

TEST(ScenarioFaults, ALastingNetworkFaultEndsOnItsOwn) {
  // A 4 s latency spike for 10 s, then a 15 s partition: the first command
  // pays the spike, the second waits for the partition to end.
  auto s = uniform_fleet(1, sim::fixed_behaviour{});
  auto first = command_to_all();
  first.at_ms = 1'000;
  s.commands.push_back(first);
  auto second = command_to_all();
  second.at_ms = 20'000;
  second.command.command_id = sim::scenario_command_id(1, 1);
  s.commands.push_back(second);
  s.faults.push_back(fault_at(0, sim::fault_action::set_latency, {node_id(0)}, 10'000, 4'000));
  s.faults.push_back(fault_at(19'000, sim::fault_action::block_network, {node_id(0)}, 15'000));
  runtime::trace tr;
  auto r = run(s, &tr);
  EXPECT_EQ(final_of(r, 0).at_ms, 1'000 + 4'000 + 1'000 + 4'000);
  EXPECT_EQ(final_of(r, 0).details, invocation_details::success);
  // Attempts at 20, 25 and 35 s: the last one goes through (10 ms each way).
  auto starts = node_events(tr.text(), "run-start");
  EXPECT_EQ(starts[0], (std::vector<int64_t>{5'000, 35'010})) << tr.text();
  ASSERT_EQ(r.commands.size(), 2u);
  EXPECT_EQ(r.commands[1].details, command_details::success);
}

TEST(ScenarioFaults, ADeregisteredTierIsUndeliverable) {
  auto s = web_and_db(2, 1'000);
  s.faults.push_back(on_role(0, sim::fault_action::release, "db"));
  auto c = command_to_all();
  c.at_ms = 1'000;
  s.commands.push_back(c);
  auto r = run(s);
  ASSERT_EQ(r.commands[0].counts.target_count, 2u) << "deregistered nodes are not selected";
  EXPECT_EQ(r.commands[0].details, command_details::success);
  auto named = command_to_all();
  named.command.targets.clear();
  named.command.instance_ids = {node_id(0), node_id(2)};
  s.commands = {named};
  s.commands[0].at_ms = 1'000;
  r = run(s);
  EXPECT_EQ(final_of(r, 0).details, invocation_details::success);
  EXPECT_EQ(final_of(r, 1).details, invocation_details::undeliverable);
}

}  // namespace
}  // namespace broadside::test
