// The duration sketch behind the summary's quantiles and the report's CDF.

#include "sim/log_histogram.hpp"

#include <gtest/gtest.h>

namespace broadside::sim {
namespace {

TEST(LogHistogram, EqualValuesGiveThatValueExactly) {
  log_histogram h;
  for (int i = 0; i < 12; ++i)
    h.add(8'040);
  EXPECT_EQ(h.count(), 12u);
  EXPECT_EQ(h.quantile(0.5), 8'040);
  EXPECT_EQ(h.quantile(0.99), 8'040);
  ASSERT_EQ(h.cdf().size(), 1u);
  EXPECT_EQ(h.cdf()[0], (std::pair<int64_t, double>{8'040, 1.0}));
}

TEST(LogHistogram, QuantilesAreSeenValuesWithinOneThirtySecondAbove) {
  log_histogram h;
  for (int64_t v = 1; v <= 100'000; ++v)
    h.add(v);
  EXPECT_EQ(h.min(), 1);
  EXPECT_EQ(h.max(), 100'000);
  for (double q : {0.01, 0.5, 0.9, 0.99}) {
    auto exact = static_cast<double>(q * 100'000);
    auto got = static_cast<double>(h.quantile(q));
    EXPECT_GE(got, exact) << q;
    EXPECT_LE(got, exact * (1 + 1.0 / 32)) << q;
  }
  EXPECT_EQ(h.quantile(1.0), 100'000);
  // Below 32 every value has its own bucket.
  EXPECT_EQ(h.quantile(0.0002), 20);
}

TEST(LogHistogram, TheCdfRisesToOneOverFewPoints) {
  log_histogram h;
  for (int64_t v = 0; v < 1'000'000; v += 7)
    h.add(v);
  h.add(-5);  // counts as 0
  auto cdf = h.cdf();
  EXPECT_LT(cdf.size(), 600u);
  EXPECT_EQ(cdf.front().first, 0);
  EXPECT_DOUBLE_EQ(cdf.back().second, 1.0);
  for (size_t i = 1; i < cdf.size(); ++i) {
    EXPECT_GT(cdf[i].first, cdf[i - 1].first);
    EXPECT_GT(cdf[i].second, cdf[i - 1].second);
  }
}

TEST(LogHistogram, EmptyIsZero) {
  log_histogram h;
  EXPECT_EQ(h.quantile(0.5), 0);
  EXPECT_TRUE(h.cdf().empty());
}

}  // namespace
}  // namespace broadside::sim
