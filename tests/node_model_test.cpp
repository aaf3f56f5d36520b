// Node behaviours drawn from distributions: deterministic for (seed, group,
// position), within their bounds, with the shapes asked for.

#include "sim/node_model.hpp"
#include "sim/splitmix.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace broadside::sim {
namespace {

constexpr int draws = 20'000;

std::vector<int64_t> sample(const distribution& d) {
  std::vector<int64_t> out;
  for (uint64_t i = 0; i < draws; ++i)
    out.push_back(d.sample(splitmix64(i)));
  return out;
}

double mean(const std::vector<int64_t>& xs) {
  double sum = 0;
  for (auto x : xs)
    sum += static_cast<double>(x);
  return sum / static_cast<double>(xs.size());
}

TEST(Distribution, AConstantIsAlwaysItsValue) {
  for (auto x : sample(distribution::constant(42)))
    ASSERT_EQ(x, 42);
}

TEST(Distribution, UniformCoversItsBoundsAndNothingElse) {
  distribution d{distribution::shape::uniform, 0, 0, 5, 50, {}};
  std::map<int64_t, int> seen;
  for (auto x : sample(d))
    ++seen[x];
  EXPECT_EQ(seen.size(), 46u);
  EXPECT_EQ(seen.begin()->first, 5);
  EXPECT_EQ(seen.rbegin()->first, 50);
}

TEST(Distribution, NormalHasItsMeanAndIsClamped) {
  distribution d{distribution::shape::normal, 1'000, 200, 0, 1'200, {}};
  auto xs = sample(d);
  for (auto x : xs)
    ASSERT_LE(x, 1'200);
  // 1200 is one stddev above the mean: about 16% of the draws clamp to it.
  auto at_max = std::count(xs.begin(), xs.end(), 1'200);
  EXPECT_NEAR(static_cast<double>(at_max) / draws, 0.159, 0.015);
  distribution free{distribution::shape::normal, 1'000, 200, 0, 100'000, {}};
  EXPECT_NEAR(mean(sample(free)), 1'000, 10);
}

TEST(Distribution, LognormalHasItsMedianAndExponentialItsMean) {
  distribution log{distribution::shape::lognormal, 2'000, 0.5, 0, 1'000'000, {}};
  auto xs = sample(log);
  std::sort(xs.begin(), xs.end());
  EXPECT_NEAR(static_cast<double>(xs[xs.size() / 2]), 2'000, 60);
  distribution exp{distribution::shape::exponential, 500, 0, 0, 1'000'000, {}};
  EXPECT_NEAR(mean(sample(exp)), 500, 15);
}

TEST(Distribution, AChoiceFollowsItsWeights) {
  distribution d{distribution::shape::choice, 0, 0, 0, 255, {{0, 9.0}, {1, 9.5}, {3, 10.0}}};
  std::map<int64_t, int> seen;
  for (auto x : sample(d))
    ++seen[x];
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_NEAR(seen[0] / double{draws}, 0.90, 0.01);
  EXPECT_NEAR(seen[1] / double{draws}, 0.05, 0.01);
  EXPECT_NEAR(seen[3] / double{draws}, 0.05, 0.01);
}

distributed_behaviour varied(uint64_t seed) {
  distributed_behaviour b;
  b.seed = seed;
  b.offline_share = 0.2;
  b.latency_ms = {distribution::shape::uniform, 0, 0, 5, 50, {}};
  b.exec_ms = {distribution::shape::lognormal, 2'000, 0.5, 100, 60'000, {}};
  b.exit_code = {distribution::shape::choice, 0, 0, 0, 255, {{0, 0.9}, {2, 1.0}}};
  b.output_bytes = distribution{distribution::shape::exponential, 1'000, 0, 0, 50'000, {}};
  return b;
}

TEST(DistributedBehaviour, ANodeIsTheSameWhateverTheOrderOfActivation) {
  fleet_model model;
  model.add(0, 10, fixed_behaviour{});
  model.add(10, 1'000, varied(group_seed(7, 1)));
  // Node 500 described first, last, or alone: always the same node.
  auto first = model.describe(510);
  for (uint32_t k = 0; k < 1'010; ++k)
    model.describe(k);
  auto again = model.describe(510);
  auto alone = describe(varied(group_seed(7, 1)), 500);
  for (const auto& n : {again, alone}) {
    EXPECT_EQ(n.latency_ms, first.latency_ms);
    EXPECT_EQ(n.params.exec_ms, first.params.exec_ms);
    EXPECT_EQ(n.params.exit_code, first.params.exit_code);
    EXPECT_EQ(n.params.output_bytes, first.params.output_bytes);
    EXPECT_EQ(n.params.online, first.params.online);
  }
  for (uint32_t k = 10; k < 1'010; ++k)
    ASSERT_EQ(model.latency_ms(k), model.describe(k).latency_ms) << k;
}

TEST(DistributedBehaviour, ParametersFollowTheirDistributionsAcrossTheGroup) {
  auto b = varied(group_seed(7, 1));
  int offline = 0;
  int failing = 0;
  for (uint32_t k = 0; k < draws; ++k) {
    auto n = describe(b, k);
    offline += n.params.online ? 0 : 1;
    failing += n.params.exit_code == 2 ? 1 : 0;
    ASSERT_TRUE(n.params.exit_code == 0 || n.params.exit_code == 2);
    ASSERT_GE(n.latency_ms, 5);
    ASSERT_LE(n.latency_ms, 50);
    ASSERT_GE(n.params.exec_ms, 100);
    ASSERT_LE(n.params.output_bytes, 50'000);
  }
  EXPECT_NEAR(offline / double{draws}, 0.2, 0.01);
  EXPECT_NEAR(failing / double{draws}, 0.1, 0.01);
}

TEST(DistributedBehaviour, GroupsAndSeedsDrawDifferentNodes) {
  int same = 0;
  for (uint32_t k = 0; k < 100; ++k) {
    auto a = describe(varied(group_seed(7, 1)), k);
    auto b = describe(varied(group_seed(7, 2)), k);
    auto c = describe(varied(group_seed(8, 1)), k);
    same += (a.params.exec_ms == b.params.exec_ms) + (a.params.exec_ms == c.params.exec_ms);
  }
  EXPECT_LT(same, 5);
}

TEST(DistributedBehaviour, ARunWritesExactlyItsOutputSize) {
  node_params p;
  p.standard_output = "abc\n";
  p.output_bytes = 10;
  EXPECT_EQ(standard_output_of(p), "abc\nabc\nab");
  p.output_bytes = -1;
  EXPECT_EQ(standard_output_of(p), "abc\n");
  p.standard_output.clear();
  p.output_bytes = 30'000;
  EXPECT_EQ(standard_output_of(p).size(), 30'000u);

  // In a simulation, the invocation gets what the node drew.
  scenario s;
  fleet_group g;
  g.inventory.count = 20;
  auto b = varied(group_seed(3, 0));
  b.offline_share = 0;
  b.exit_code = distribution::constant(0);
  g.behaviour = b;
  s.fleet.push_back(g);
  s.commands.push_back(test::command_to_all("100%"));
  auto r = test::run(s);
  for (uint32_t t = 0; t < 20; ++t) {
    auto end = test::final_of(r, t);
    EXPECT_EQ(end.details, invocation_details::success);
    EXPECT_EQ(static_cast<int64_t>(end.standard_output.size()), describe(b, end.node).params.output_bytes);
  }
}

}  // namespace
}  // namespace broadside::sim
