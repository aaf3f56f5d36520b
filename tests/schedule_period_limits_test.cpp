// The request-time limits of a Period task's Frequency (schedule/period_limits):
// rate bounds and Timeout, a cron expression's minimum interval.

#include "schedule/civil_time.hpp"
#include "schedule/period_limits.hpp"

#include <gtest/gtest.h>

#include <string>

namespace broadside::schedule {
namespace {

const int64_t start_of_2022 = seconds_from_civil({2022, 1, 1, 0, 0, 0}) * 1000;

frequency parsed(std::string_view text) {
  auto result = parse_frequency(text, start_of_2022);
  if (const auto* failure = std::get_if<frequency_error>(&result)) {
    ADD_FAILURE() << text << ": " << failure->message;
    return at_frequency{};
  }
  return std::get<frequency>(std::move(result));
}

std::optional<std::string> problem(std::string_view text, int64_t timeout_seconds) {
  return period_frequency_problem(parsed(text), timeout_seconds, start_of_2022);
}

TEST(PeriodLimits, RateMustExceedTheTimeout) {
  EXPECT_EQ(problem("rate(5m)", 299), std::nullopt);
  EXPECT_EQ(problem("rate(5m)", 300),
            "the rate's interval 300 s is not greater than the Timeout 300 s");
  EXPECT_EQ(problem("rate(1m)", 60), "the rate's interval 60 s is not greater than the Timeout 60 s");
  EXPECT_EQ(problem("rate(7d)", 86'400), std::nullopt);
}

TEST(PeriodLimits, RateBoundsHoldForRatesBuiltInCode) {
  rate_frequency too_short{59'000, start_of_2022};
  rate_frequency too_long{maximum_rate_interval_ms + 1000, start_of_2022};
  EXPECT_EQ(period_frequency_problem(too_short, 10, start_of_2022),
            "the rate's interval 59 s is below 60 s");
  EXPECT_EQ(period_frequency_problem(too_long, 10, start_of_2022),
            "the rate's interval 604801 s is above 7 days");
}

TEST(PeriodLimits, CronMinimumIntervalAtLeastTenSeconds) {
  EXPECT_EQ(problem("0/10 * * * * ?", 10), std::nullopt);
  EXPECT_EQ(problem("0/5 * * * * ?", 1), "the cron expression's minimum interval 5 s is below 10 s");
  // Uneven gaps: 50 s, then 5 s twice (to 55, to the next minute's 0).
  EXPECT_EQ(problem("0,50,55 * * * * ?", 1),
            "the cron expression's minimum interval 5 s is below 10 s");
}

TEST(PeriodLimits, CronMinimumIntervalAtLeastTheTimeout) {
  EXPECT_EQ(problem("0 0/30 * * * ?", 1800), std::nullopt);
  EXPECT_EQ(problem("0 0/30 * * * ?", 1801),
            "the cron expression's minimum interval 1800 s is below the Timeout 1801 s");
  // Hourly, except two fires a minute apart at 10:00 and 10:01 each day.
  EXPECT_EQ(problem("0 0 * * * ?", 3600), std::nullopt);
  EXPECT_EQ(problem("0 0,1 10 * * ?", 120),
            "the cron expression's minimum interval 60 s is below the Timeout 120 s");
}

TEST(PeriodLimits, CronWithOneFireLeftAndAtArePermitted) {
  EXPECT_EQ(problem("0 0 0 1 1 ? 2023", 86'400), std::nullopt);
  EXPECT_EQ(problem("at(2022-06-06 13:15:30)", 86'400), std::nullopt);
}

}  // namespace
}  // namespace broadside::schedule
