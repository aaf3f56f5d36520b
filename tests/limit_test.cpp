#include "messages/limit.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

TEST(Limit, MaxConcurrencyFollowsTheModelPattern) {
  for (auto ok : {"1", "50", "9999999", "1%", "10%", "99%", "100%"})
    EXPECT_TRUE(parse_max_concurrency(ok)) << ok;
  for (auto bad : {"", "0", "0%", "01", "101%", "12345678", "1000%", "-1", "5 ", "%", "1.5", "05%"})
    EXPECT_FALSE(parse_max_concurrency(bad)) << bad;
}

TEST(Limit, MaxErrorsAllowsZero) {
  for (auto ok : {"0", "1", "0%", "9%", "10%", "100%", "9999999"})
    EXPECT_TRUE(parse_max_errors(ok)) << ok;
  for (auto bad : {"", "00", "01", "101%", "00%", "12345678", "x"})
    EXPECT_FALSE(parse_max_errors(bad)) << bad;
}

TEST(Limit, PercentOfTargetsRoundsDownButConcurrencyNeverBelowOne) {
  EXPECT_EQ(resolve_max_concurrency(*parse_max_concurrency("50%"), 5), 2u);
  EXPECT_EQ(resolve_max_concurrency(*parse_max_concurrency("1%"), 20), 1u);
  EXPECT_EQ(resolve_max_concurrency(*parse_max_concurrency("100%"), 7), 7u);
  EXPECT_EQ(resolve_max_concurrency(*parse_max_concurrency("10"), 3), 10u);
  // The guide's example: 10% of 50 targets stops at the sixth error.
  EXPECT_EQ(resolve_max_errors(*parse_max_errors("10%"), 50), 5u);
  EXPECT_EQ(resolve_max_errors(*parse_max_errors("10%"), 9), 0u);
  EXPECT_EQ(resolve_max_errors(*parse_max_errors("0"), 9), 0u);
  EXPECT_EQ(resolve_max_errors(*parse_max_errors("3"), 9), 3u);
}

TEST(Limit, WireFormRoundTrips) {
  EXPECT_EQ(to_wire(*parse_max_concurrency("25%")), "25%");
  EXPECT_EQ(to_wire(*parse_max_errors("0")), "0");
}

}  // namespace
}  // namespace broadside
