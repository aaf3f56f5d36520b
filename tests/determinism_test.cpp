// Semantics 9: the same scenario and seed give a byte-identical event trace.

#include "sim/fanout.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside::test {
namespace {

// A busy scenario: fanout parameters, two overlapping commands, a cancel and
// faults of every kind, one of them a wave over a share of the fleet.
sim::scenario busy(uint64_t seed) {
  sim::fanout_params p;
  p.nodes = 400;
  p.seed = seed;
  p.max_concurrency = 40;
  p.max_errors = 30;
  p.offline_permille = 50;
  p.fail_permille = 80;
  p.delivery_timeout_ms = 40'000;
  auto s = sim::make_fanout(p);
  auto second = command_to_all("10%", "5%");
  second.at_ms = 2'000;
  second.command.command_id = sim::scenario_command_id(seed, 1);
  second.command.targets = {{"InstanceIds", {"*"}}};
  second.cancel_at_ms = 30'000;
  s.commands.push_back(second);
  auto ids = [](std::initializer_list<uint32_t> ks) {
    std::vector<std::string> out;
    for (auto k : ks)
      out.push_back(node_id(k));
    return out;
  };
  s.faults = {
      fault_at(1'000, sim::fault_action::agent_restart, ids({1, 2, 3}), 4'000),
      fault_at(1'500, sim::fault_action::reboot, ids({40, 41}), 20'000),
      fault_at(2'000, sim::fault_action::block_network, ids({50, 51})),
      fault_at(9'000, sim::fault_action::unblock_network, ids({50})),
      fault_at(3'000, sim::fault_action::set_latency, ids({60, 61}), 0, 4'000),
      fault_at(3'500, sim::fault_action::deregister, ids({70})),
      fault_at(4'000, sim::fault_action::release, ids({80})),
      fault_at(5'000, sim::fault_action::power_off, ids({90})),
      fault_at(25'000, sim::fault_action::power_on, ids({90})),
  };
  auto upgrade = fault_at(2'500, sim::fault_action::agent_upgrade, ids({5, 6}), 8'000);
  upgrade.agent_version = "3.3.1.0";
  s.faults.push_back(std::move(upgrade));
  // A reboot wave over 5% of the fleet, each node at its own time.
  sim::timed_fault wave;
  wave.at_ms = 6'000;
  wave.to_ms = 12'000;
  wave.action = sim::fault_action::reboot;
  wave.duration_ms = 3'000;
  wave.all = true;
  wave.share = 0.05;
  s.faults.push_back(std::move(wave));
  return s;
}

std::string trace_of(const sim::scenario& s) {
  runtime::trace tr;
  sim::sim_options o;
  o.tracer = &tr;
  auto r = sim::run_simulation(s, o);
  EXPECT_TRUE(r.complete);
  return tr.text();
}

TEST(Determinism, TheSameSeedGivesAByteIdenticalTrace) {
  auto first = trace_of(busy(7));
  auto second = trace_of(busy(7));
  EXPECT_GT(first.size(), 10'000u);
  EXPECT_EQ(first, second);
}

TEST(Determinism, ADifferentSeedGivesADifferentTrace) {
  EXPECT_NE(trace_of(busy(7)), trace_of(busy(8)));
}

}  // namespace
}  // namespace broadside::test
