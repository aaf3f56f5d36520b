// The fanout scenario: the engine's counts and end_ms equal the independent
// discrete-event model's (benchmarks/fanout_baseline) for every parameter mix.

#include "benchmarks/fanout_baseline.hpp"
#include "sim/fanout.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

void expect_same(const sim::fanout_params& p) {
  auto expected = bench::run_fanout_baseline(p).outcome;
  auto r = sim::run_simulation(sim::make_fanout(p));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(sim::outcome_of(r), expected);
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
  EXPECT_GT(bench::run_fanout_baseline(p).outcome.terminated, 0u);
  expect_same(p);
}

}  // namespace
}  // namespace broadside
