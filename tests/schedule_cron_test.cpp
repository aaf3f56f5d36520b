// Quartz-style cron fields and the field-by-field search for the next match.

#include "schedule/cron_expression.hpp"
#include "schedule/cron_field.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace broadside::schedule {
namespace {

std::vector<std::string_view> words_of(const std::string& text, std::vector<std::string>& storage) {
  std::istringstream in(text);
  for (std::string word; in >> word;) storage.push_back(word);
  return {storage.begin(), storage.end()};
}

cron_expression cron(const std::string& text) {
  std::vector<std::string> storage;
  auto parsed = parse_cron_expression(words_of(text, storage));
  EXPECT_TRUE(std::holds_alternative<cron_expression>(parsed)) << text;
  return std::holds_alternative<cron_expression>(parsed) ? std::get<cron_expression>(parsed) : cron_expression{};
}

bool is_valid(const std::string& text) {
  std::vector<std::string> storage;
  return std::holds_alternative<cron_expression>(parse_cron_expression(words_of(text, storage)));
}

// Values the field allows, as a list.
std::vector<int> allowed(std::string_view text, const cron_field_spec& spec) {
  const auto field = parse_cron_field(text, spec);
  std::vector<int> values;
  if (!field) return values;
  for (size_t value = 0; value < field->size(); ++value) {
    if ((*field)[value]) values.push_back(static_cast<int>(value));
  }
  return values;
}

std::string text_of(const std::optional<civil_time>& time) {
  if (!time) return "none";
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", time->year, time->month, time->day, time->hour,
                time->minute, time->second);
  return text;
}

std::string next_after(const std::string& expression, civil_time from) {
  return text_of(next_match(cron(expression), from));
}

const cron_field_spec minutes{0, 59, {}, true};
const cron_field_spec weekdays{1, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, true};

TEST(CronField, ListsRangesAndSteps) {
  EXPECT_EQ(allowed("0/30", minutes), (std::vector<int>{0, 30}));
  EXPECT_EQ(allowed("*/15", minutes), (std::vector<int>{0, 15, 30, 45}));
  EXPECT_EQ(allowed("10-40/10", minutes), (std::vector<int>{10, 20, 30, 40}));
  EXPECT_EQ(allowed("5,7,9-10", minutes), (std::vector<int>{5, 7, 9, 10}));
  EXPECT_EQ(allowed("55/2", minutes), (std::vector<int>{55, 57, 59}));
  EXPECT_EQ(allowed("58-2", minutes), (std::vector<int>{0, 1, 2, 58, 59}));
  EXPECT_EQ(allowed("mon-Fri", weekdays), (std::vector<int>{2, 3, 4, 5, 6}));
  EXPECT_EQ(allowed("FRI-MON", weekdays), (std::vector<int>{1, 2, 6, 7}));
  EXPECT_EQ(allowed("SUN/3", weekdays), (std::vector<int>{1, 4, 7}));
}

TEST(CronField, RefusesBadItems) {
  for (const char* text : {"", "60", "-1", "1-", "-5", "a", "1,,2", "1,", "*/0", "*/60", "1/", "**", "5-60", "1/2/3",
                           "1 2"}) {
    EXPECT_FALSE(parse_cron_field(text, minutes)) << text;
  }
  EXPECT_FALSE(parse_cron_field("0", weekdays));
  EXPECT_FALSE(parse_cron_field("8", weekdays));
  EXPECT_FALSE(parse_cron_field("SUNDAY", weekdays));
}

TEST(CronExpression, QuestionMarkInExactlyOneDayField) {
  EXPECT_TRUE(is_valid("0 0 12 ? * *"));
  EXPECT_TRUE(is_valid("0 0 12 * * ?"));
  EXPECT_FALSE(is_valid("0 0 12 * * *"));
  EXPECT_FALSE(is_valid("0 0 12 ? * ?"));
  EXPECT_FALSE(is_valid("0 0 12 1 * MON"));
  EXPECT_FALSE(is_valid("? 0 12 * * ?"));
  EXPECT_FALSE(is_valid("0 0 ? * * ?"));
  EXPECT_FALSE(is_valid("0 0 12 * ? ?"));
}

TEST(CronExpression, FieldCountAndRanges) {
  EXPECT_FALSE(is_valid("0 0 12 * ?"));
  EXPECT_FALSE(is_valid("0 0 12 * * ? 2022 2023"));
  EXPECT_FALSE(is_valid("0 0 24 * * ?"));
  EXPECT_FALSE(is_valid("0 0 12 32 * ?"));
  EXPECT_FALSE(is_valid("0 0 12 0 * ?"));
  EXPECT_FALSE(is_valid("0 0 12 * 13 ?"));
  EXPECT_FALSE(is_valid("0 0 12 * 0 ?"));
  EXPECT_FALSE(is_valid("0 0 12 * * ? 1969"));
  EXPECT_FALSE(is_valid("0 0 12 * * ? 2100"));
  EXPECT_FALSE(is_valid("0 0 12 * * ? 2030-2025"));
  EXPECT_TRUE(is_valid("0 0 12 * jan-MAR ? 1970-2099"));
  EXPECT_TRUE(is_valid("0 0 12 * * ? 2022/2"));
}

TEST(CronExpression, NextMatchStepsFieldByField) {
  EXPECT_EQ(next_after("0 15 10 ? * *", {2022, 1, 1, 0, 0, 0}), "2022-01-01 10:15:00");
  EXPECT_EQ(next_after("0 15 10 ? * *", {2022, 1, 1, 10, 15, 1}), "2022-01-02 10:15:00");
  EXPECT_EQ(next_after("0 15 10 ? * *", {2022, 12, 31, 23, 0, 0}), "2023-01-01 10:15:00");
  EXPECT_EQ(next_after("0 0/30 10-11 * * ?", {2022, 5, 5, 11, 30, 1}), "2022-05-06 10:00:00");
  EXPECT_EQ(next_after("0 0/5 14 * 10 ? 2022/2", {2022, 10, 31, 14, 55, 1}), "2024-10-01 14:00:00");
  EXPECT_EQ(next_after("0 0 12 * * ? 2022", {2023, 1, 1, 0, 0, 0}), "none");
  EXPECT_EQ(next_after("0 0 0 30 2 ?", {2022, 1, 1, 0, 0, 0}), "none");
}

TEST(CronExpression, LeapDays) {
  EXPECT_EQ(next_after("0 0 0 29 2 ?", {2022, 3, 1, 0, 0, 0}), "2024-02-29 00:00:00");
  EXPECT_EQ(next_after("0 0 0 29 2 ?", {2096, 3, 1, 0, 0, 0}), "none");  // 2100 is no leap year, and past 2099
  EXPECT_EQ(next_after("0 0 0 L 2 ?", {2023, 2, 1, 0, 0, 0}), "2023-02-28 00:00:00");
  EXPECT_EQ(next_after("0 0 0 L 2 ?", {2024, 2, 1, 0, 0, 0}), "2024-02-29 00:00:00");
  EXPECT_EQ(next_after("0 0 0 31 * ?", {2024, 2, 1, 0, 0, 0}), "2024-03-31 00:00:00");
}

TEST(CronExpression, DayOfWeekAndDayOfMonth) {
  // 2024-03-10 is a Sunday.
  EXPECT_EQ(next_after("0 0 9 ? * MON-FRI", {2024, 3, 9, 0, 0, 0}), "2024-03-11 09:00:00");
  EXPECT_EQ(next_after("0 0 9 ? * 1", {2024, 3, 4, 0, 0, 0}), "2024-03-10 09:00:00");
  EXPECT_EQ(next_after("0 0 9 ? * sat,SUN", {2024, 3, 11, 0, 0, 0}), "2024-03-16 09:00:00");
  EXPECT_EQ(next_after("0 0 9 13 * ?", {2024, 3, 14, 0, 0, 0}), "2024-04-13 09:00:00");
  // The 13th falls on a Friday in September and December 2024.
  EXPECT_EQ(next_after("0 0 9 ? * 6#2", {2024, 9, 1, 0, 0, 0}), "2024-09-13 09:00:00");
}

TEST(CronExpression, QuartzSpecialDays) {
  EXPECT_EQ(next_after("0 0 0 L-2 * ?", {2024, 2, 1, 0, 0, 0}), "2024-02-27 00:00:00");
  EXPECT_EQ(next_after("0 0 0 LW * ?", {2024, 3, 1, 0, 0, 0}), "2024-03-29 00:00:00");    // 31st a Sunday
  EXPECT_EQ(next_after("0 0 0 15W * ?", {2024, 6, 1, 0, 0, 0}), "2024-06-14 00:00:00");   // 15th a Saturday
  EXPECT_EQ(next_after("0 0 0 16W * ?", {2024, 6, 1, 0, 0, 0}), "2024-06-17 00:00:00");   // 16th a Sunday
  EXPECT_EQ(next_after("0 0 0 1W * ?", {2024, 6, 1, 0, 0, 0}), "2024-06-03 00:00:00");    // 1st a Saturday
  EXPECT_EQ(next_after("0 0 0 30W * ?", {2024, 6, 1, 0, 0, 0}), "2024-06-28 00:00:00");   // 30th a Sunday, the last
  EXPECT_EQ(next_after("0 0 0 ? * 6L", {2024, 5, 1, 0, 0, 0}), "2024-05-31 00:00:00");    // last Friday
  EXPECT_EQ(next_after("0 0 0 ? * FRIL", {2024, 6, 1, 0, 0, 0}), "2024-06-28 00:00:00");
  EXPECT_EQ(next_after("0 0 0 ? * 2#5", {2024, 1, 1, 0, 0, 0}), "2024-01-29 00:00:00");   // a fifth Monday
  EXPECT_EQ(next_after("0 0 0 ? * 2#5", {2024, 2, 1, 0, 0, 0}), "2024-04-29 00:00:00");
  EXPECT_FALSE(is_valid("0 0 0 ? * 2#6"));
  EXPECT_FALSE(is_valid("0 0 0 32W * ?"));
  EXPECT_FALSE(is_valid("0 0 0 L-31 * ?"));
}

}  // namespace
}  // namespace broadside::schedule
