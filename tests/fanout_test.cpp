// The fanout scenario: the engine's counts and end_ms equal the independent
// discrete-event model's (benchmarks/fanout_baseline) for every parameter mix.

#include "benchmarks/fanout_baseline.hpp"
#include "sim/fanout.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

void expect_same(const sim::fanout_params& p) {
  auto expected = bench::run_fanout_baseline(p);
  auto r = sim::run_simulation(sim::make_fanout(p));
  ASSERT_TRUE(r.complete);
  const auto& by = r.commands.at(0).by_details;
  auto n = [&](invocation_details d) { return uint64_t{by[static_cast<size_t>(d)]}; };
  EXPECT_EQ(n(invocation_details::success), expected.success);
  EXPECT_EQ(n(invocation_details::failed), expected.failed);
  EXPECT_EQ(n(invocation_details::delivery_timed_out), expected.delivery_timed_out);
  EXPECT_EQ(n(invocation_details::terminated), expected.terminated);
  EXPECT_EQ(r.end_ms, expected.end_ms);
  EXPECT_EQ(expected.success + expected.failed + expected.delivery_timed_out + expected.terminated,
            p.nodes);
}

TEST(Fanout, MatchesTheBaselineWithDefaultRates) {
  sim::fanout_params p;
  p.nodes = 5'000;
  p.max_concurrency = 100;
  expect_same(p);
}

TEST(Fanout, MatchesTheBaselineWhenTheCommandHalts) {
  for (uint64_t seed : {1, 2, 3}) {
    sim::fanout_params p;
    p.nodes = 3'000;
    p.seed = seed;
    p.max_concurrency = 64;
    p.max_errors = 40;
    p.fail_permille = 300;
    SCOPED_TRACE(seed);
    expect_same(p);
  }
}

TEST(Fanout, MatchesTheBaselineWithManyOfflineNodes) {
  sim::fanout_params p;
  p.nodes = 2'000;
  p.max_concurrency = 50;
  p.offline_permille = 500;
  p.delivery_timeout_ms = 30'000;
  expect_same(p);
}

TEST(Fanout, MatchesTheBaselineOneAtATimeAndAllAtOnce) {
  sim::fanout_params p;
  p.nodes = 300;
  p.max_concurrency = 1;
  p.max_errors = 20;
  expect_same(p);
  p.max_concurrency = 1'000;
  expect_same(p);
}

TEST(Fanout, MaxErrorsZeroHaltsOnTheFirstFailure) {
  sim::fanout_params p;
  p.nodes = 1'000;
  p.max_concurrency = 10;
  p.max_errors = 0;
  auto expected = bench::run_fanout_baseline(p);
  EXPECT_GT(expected.terminated, 0u);
  expect_same(p);
}

}  // namespace
}  // namespace broadside
