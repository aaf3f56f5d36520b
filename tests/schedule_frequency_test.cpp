// Frequency expressions end to end: each error code with the inputs that
// yield it, the examples of Cloud Assistant's docs, fire times across DST
// changes, and whole years enumerated.
//
// Expected instants were computed once with Python's zoneinfo over Debian's
// tzdata, e.g. int(datetime(2022,6,6,13,15,30, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()).

#include "schedule/civil_time.hpp"
#include "schedule/frequency.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace broadside::schedule {
namespace {

int64_t utc_ms(int year, int month, int day, int hour, int minute, int second = 0) {
  return seconds_from_civil({year, month, day, hour, minute, second}) * 1000;
}

const int64_t start_of_2022 = utc_ms(2022, 1, 1, 0, 0);

frequency parsed(std::string_view text, int64_t now_ms = start_of_2022, const zone_settings& zones = {}) {
  auto result = parse_frequency(text, now_ms, zones);
  if (const auto* failure = std::get_if<frequency_error>(&result)) {
    ADD_FAILURE() << text << ": " << failure->message;
    return at_frequency{};
  }
  return std::get<frequency>(std::move(result));
}

std::optional<schedule_error> error_of(std::string_view text, int64_t now_ms = start_of_2022,
                                       const zone_settings& zones = {}) {
  const auto result = parse_frequency(text, now_ms, zones);
  if (const auto* failure = std::get_if<frequency_error>(&result)) return failure->code;
  return std::nullopt;
}

// Every fire time after `from_ms` up to and including `until_ms`.
std::vector<int64_t> fires(const frequency& schedule, int64_t from_ms, int64_t until_ms) {
  std::vector<int64_t> instants;
  for (auto next = next_fire_ms(schedule, from_ms); next && *next <= until_ms; next = next_fire_ms(schedule, *next)) {
    instants.push_back(*next);
  }
  return instants;
}

void expect_error(schedule_error expected, std::initializer_list<const char*> inputs, int64_t now_ms = start_of_2022) {
  for (const char* input : inputs) EXPECT_EQ(error_of(input, now_ms), expected) << input;
}

TEST(ScheduleError, WireNamesAndMessages) {
  EXPECT_EQ(wire_name(schedule_error::bad_cron_expression), "BadCronExpression");
  EXPECT_EQ(wire_name(schedule_error::cron_expression_expired), "CronExpressionExpired");
  EXPECT_EQ(wire_name(schedule_error::invalid_gmt_offset), "InvalidGMTOffsetForTimezone");
  EXPECT_EQ(wire_name(schedule_error::invalid_gmt_offset_hour), "InvalidGMTOffsetHourForTimezone");
  EXPECT_EQ(wire_name(schedule_error::invalid_gmt_offset_minute), "InvalidGMTOffsetMinuteForTimezone");
  EXPECT_EQ(wire_name(schedule_error::timezone_information_corrupt), "TimezoneInformationCorrupt");
  EXPECT_EQ(wire_name(schedule_error::invalid_rate_expression), "InvalidRateExpression");
  EXPECT_EQ(wire_name(schedule_error::rate_frequency_too_large), "RateFrequencyTooLarge");
  EXPECT_EQ(wire_name(schedule_error::invalid_at_expression), "InvalidAtExpression");
  EXPECT_EQ(wire_name(schedule_error::at_expression_expired), "AtExpressionExpired");
  EXPECT_EQ(error_message(schedule_error::bad_cron_expression), "The specified cron expression is invalid.");
  EXPECT_EQ(error_message(schedule_error::at_expression_expired),
            "The timestamp (At expression) has expired. The corresponding scheduled task will not be executed.");

  const auto result = parse_frequency("rate(30s)", 0);
  ASSERT_TRUE(std::holds_alternative<frequency_error>(result));
  EXPECT_EQ(std::get<frequency_error>(result).message, "The Rate expression is invalid. (rate(30s))");
}

TEST(FrequencyErrors, BadCronExpression) {
  expect_error(schedule_error::bad_cron_expression,
               {"", "hello", "0 0 12 * *", "0 0 12 * * *", "0 0 12 ? * ?", "60 0 12 * * ?", "0 0 12 * * ? 1969",
                "0 0 12 * * ? 2022 Mars/Olympus_Mons", "0 0 12 * * ? 2022 UTC extra", "0 0 12 * FOO ?",
                "0 0 12 * * ? ../../etc/passwd", "rat(5m)"});
}

TEST(FrequencyErrors, CronExpressionExpired) {
  expect_error(schedule_error::cron_expression_expired,
               {"0 15 10 ? * * 2021", "0 0 12 * * ? 2020-2021 UTC", "0 0 0 30 2 ?", "0 0 0 1 1 ? 2022"});
  // The last fire of 2022 is at 10:15 UTC on December 31.
  EXPECT_EQ(error_of("0 15 10 ? * * 2022 UTC", utc_ms(2022, 12, 31, 10, 15)), schedule_error::cron_expression_expired);
  EXPECT_EQ(error_of("0 15 10 ? * * 2022 UTC", utc_ms(2022, 12, 31, 10, 14, 59)), std::nullopt);
}

TEST(FrequencyErrors, GmtOffsets) {
  expect_error(schedule_error::invalid_gmt_offset,
               {"0 0 12 * * ? 2022 GMT8:00", "0 0 12 * * ? GMT+8", "0 0 12 * * ? GMT+8.30", "at(2022-06-06 13:15:30 GMT+x:00)"});
  expect_error(schedule_error::invalid_gmt_offset_hour,
               {"0 0 12 * * ? 2022 GMT+08:00", "0 0 12 * * ? GMT+15:00", "0 0 12 * * ? GMT-13:00",
                "at(2022-06-06 13:15:30 GMT+08:00)"});
  expect_error(schedule_error::invalid_gmt_offset_minute,
               {"0 0 12 * * ? 2022 GMT+8:60", "0 0 12 * * ? GMT-12:5", "0 0 12 * * ? GMT+14:100",
                "at(2022-06-06 13:15:30 GMT+8:75)"});
}

TEST(FrequencyErrors, InvalidRateExpression) {
  expect_error(schedule_error::invalid_rate_expression,
               {"rate(59s)", "rate(0m)", "rate()", "rate(5)", "rate(m)", "rate(5M)", "rate(5 m)", "rate(5w)",
                "rate(-5m)", "rate(5m", "rate(1.5h)", "rate(5m) x"});
}

TEST(FrequencyErrors, RateFrequencyTooLarge) {
  expect_error(schedule_error::rate_frequency_too_large,
               {"rate(8d)", "rate(169h)", "rate(10081m)", "rate(604801s)", "rate(99999999999999999999d)"});
}

TEST(FrequencyErrors, InvalidAtExpression) {
  expect_error(schedule_error::invalid_at_expression,
               {"at()", "at(2022-06-06)", "at(2022-06-06 13:15)", "at(2022/06/06 13:15:30)", "at(2022-13-06 13:15:30)",
                "at(2022-02-29 13:15:30)", "at(2022-06-06 24:00:00)", "at(2022-06-06 13:60:00)",
                "at(2022-06-06 13:15:30 Nowhere/Land)", "at(2022-06-06 13:15:30 )", "at(2022-06-06T13:15:30)",
                "at(2022-06-06 13:15:30", "at(22-06-06 13:15:30)", "at(2100-01-01 00:00:00)"});
}

TEST(FrequencyErrors, AtExpressionExpired) {
  const int64_t now = utc_ms(2022, 6, 6, 5, 15, 30);
  expect_error(schedule_error::at_expression_expired,
               {"at(2022-06-06 05:15:30)", "at(2022-06-06 05:15:29 UTC)", "at(2021-12-31 23:59:59)",
                "at(2022-06-06 13:15:30 Asia/Shanghai)", "at(2022-06-06 13:15:30 GMT+8:00)"},
               now);
  EXPECT_EQ(error_of("at(2022-06-06 13:15:31 Asia/Shanghai)", now), std::nullopt);
}

TEST(FrequencyErrors, TimezoneInformationCorrupt) {
  const auto directory = std::filesystem::temp_directory_path() / ("broadside-tz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory / "Broken");
  std::ofstream(directory / "Broken" / "Zone", std::ios::binary) << std::string("TZif2\0\0\0", 8);
  std::ofstream(directory / "Broken" / "Text", std::ios::binary) << "not a zone";
  zone_settings zones;
  zones.zoneinfo_dir = directory.string();
  EXPECT_EQ(error_of("0 0 12 * * ? 2022 Broken/Zone", start_of_2022, zones), schedule_error::timezone_information_corrupt);
  EXPECT_EQ(error_of("0 0 12 * * ? Broken/Text", start_of_2022, zones), schedule_error::timezone_information_corrupt);
  EXPECT_EQ(error_of("at(2022-06-06 13:15:30 Broken/Zone)", start_of_2022, zones),
            schedule_error::timezone_information_corrupt);
  zones.system_zone = "Broken/Zone";  // a cron expression without a zone uses the system's
  EXPECT_EQ(error_of("0 0 12 * * ?", start_of_2022, zones), schedule_error::timezone_information_corrupt);
  std::filesystem::remove_all(directory);
}

TEST(Frequency, RateFiresOneIntervalAfterCreationAtAFixedRate) {
  const int64_t created = utc_ms(2022, 3, 1, 8, 0, 7);
  const frequency schedule = parsed("rate(5m)", created);
  EXPECT_EQ(std::get<rate_frequency>(schedule).interval_ms, 300'000);
  EXPECT_EQ(next_fire_ms(schedule, created), created + 300'000);
  EXPECT_EQ(next_fire_ms(schedule, created + 300'000), created + 600'000);
  EXPECT_EQ(next_fire_ms(schedule, created + 301'234), created + 600'000);
  EXPECT_EQ(fires(schedule, created, created + 3'600'000).size(), 12u);
  EXPECT_EQ(std::get<rate_frequency>(parsed("rate(60s)")).interval_ms, 60'000);
  EXPECT_EQ(std::get<rate_frequency>(parsed("rate(7d)")).interval_ms, 7 * 86'400'000LL);
  EXPECT_EQ(std::get<rate_frequency>(parsed("rate(168h)")).interval_ms, 7 * 86'400'000LL);
  EXPECT_EQ(std::get<rate_frequency>(parsed(" rate(2h) ")).interval_ms, 7'200'000);
}

TEST(Frequency, AtFiresOnce) {
  // Python: datetime(2022,6,6,13,15,30, tzinfo=ZoneInfo("Asia/Shanghai")) -> 1654492530.
  const frequency shanghai = parsed("at(2022-06-06 13:15:30 Asia/Shanghai)");
  EXPECT_EQ(next_fire_ms(shanghai, start_of_2022), 1654492530000);
  EXPECT_EQ(next_fire_ms(shanghai, 1654492530000), std::nullopt);
  EXPECT_EQ(next_fire_ms(parsed("at(2022-06-06 13:15:30)"), start_of_2022), utc_ms(2022, 6, 6, 13, 15, 30));
  EXPECT_EQ(next_fire_ms(parsed("at(2022-06-06 13:15:30 GMT-3:30)"), start_of_2022), utc_ms(2022, 6, 6, 16, 45, 30));
  EXPECT_EQ(next_fire_ms(parsed("at(2024-02-29 00:00:00)"), start_of_2022), utc_ms(2024, 2, 29, 0, 0));
  // In Los Angeles' spring-forward gap: 02:30 is read as 03:30 PDT.
  EXPECT_EQ(next_fire_ms(parsed("at(2024-03-10 02:30:00 America/Los_Angeles)"), start_of_2022), 1710066600000);
}

TEST(Frequency, DocsExampleShanghaiDaily2022) {
  const frequency schedule = parsed("0 15 10 ? * * 2022 Asia/Shanghai");
  const auto instants = fires(schedule, start_of_2022 - 1, utc_ms(2030, 1, 1, 0, 0));
  ASSERT_EQ(instants.size(), 365u);
  EXPECT_EQ(instants.front(), 1641003300000);  // Python: 2022-01-01 10:15 Asia/Shanghai
  EXPECT_EQ(instants.back(), 1672452900000);   // Python: 2022-12-31 10:15 Asia/Shanghai
  EXPECT_EQ(next_fire_ms(schedule, instants.back()), std::nullopt);
}

TEST(Frequency, DocsExampleHalfHoursInGmtPlus8) {
  const frequency schedule = parsed("0 0/30 10-11 * * ? 2022 GMT+8:00");
  const auto instants = fires(schedule, start_of_2022 - 1, utc_ms(2023, 1, 1, 0, 0));
  ASSERT_EQ(instants.size(), 4u * 365u);
  EXPECT_EQ(instants[0], utc_ms(2022, 1, 1, 2, 0));
  EXPECT_EQ(instants[1], utc_ms(2022, 1, 1, 2, 30));
  EXPECT_EQ(instants[3], utc_ms(2022, 1, 1, 3, 30));
  EXPECT_EQ(instants[4], utc_ms(2022, 1, 2, 2, 0));
}

TEST(Frequency, DocsExampleOctoberEveryOtherYear) {
  const frequency schedule = parsed("0 0/5 14 * 10 ? 2022/2 UTC");
  const auto instants = fires(schedule, start_of_2022, utc_ms(2026, 12, 31, 0, 0));
  ASSERT_EQ(instants.size(), 3u * 31u * 12u);  // 2022, 2024, 2026
  EXPECT_EQ(instants.front(), utc_ms(2022, 10, 1, 14, 0));
  EXPECT_EQ(instants[12 * 31], utc_ms(2024, 10, 1, 14, 0));
  EXPECT_EQ(instants.back(), utc_ms(2026, 10, 31, 14, 55));
}

TEST(Frequency, CronWithoutZoneUsesTheSystemZone) {
  EXPECT_EQ(next_fire_ms(parsed("0 0 12 * * ?"), start_of_2022), utc_ms(2022, 1, 1, 12, 0));
  zone_settings zones;
  zones.system_zone = "Asia/Shanghai";
  EXPECT_EQ(next_fire_ms(parsed("0 0 12 * * ?", start_of_2022, zones), start_of_2022), utc_ms(2022, 1, 1, 4, 0));
  EXPECT_EQ(next_fire_ms(parsed("0 0 12 * * ? 2023", start_of_2022, zones), start_of_2022), utc_ms(2023, 1, 1, 4, 0));
}

TEST(Frequency, FixedOffsetsAtBothEndsOfTheRange) {
  EXPECT_EQ(next_fire_ms(parsed("0 0 0 1 1 ? 2023 GMT+14:59"), start_of_2022), utc_ms(2022, 12, 31, 9, 1));
  EXPECT_EQ(next_fire_ms(parsed("0 0 0 1 1 ? 2023 GMT-12:59"), start_of_2022), utc_ms(2023, 1, 1, 12, 59));
}

TEST(Frequency, NextFireIsStrictlyAfter) {
  const frequency schedule = parsed("0/10 * * * * ? UTC");
  EXPECT_EQ(next_fire_ms(schedule, utc_ms(2024, 1, 1, 0, 0, 0)), utc_ms(2024, 1, 1, 0, 0, 10));
  EXPECT_EQ(next_fire_ms(schedule, utc_ms(2024, 1, 1, 0, 0, 0) - 1), utc_ms(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(next_fire_ms(schedule, utc_ms(2024, 1, 1, 0, 0, 9) + 999), utc_ms(2024, 1, 1, 0, 0, 10));
}

TEST(FrequencyDst, LosAngelesSpringForwardGap) {
  // 2024-03-10: 02:00 PST becomes 03:00 PDT (10:00Z). Python: 03-09 02:30 PST
  // = 1709980200, 03-10 03:30 PDT = 1710066600, 03-11 02:30 PDT = 1710149400.
  const frequency daily = parsed("0 30 2 * * ? 2024 America/Los_Angeles");
  EXPECT_EQ(fires(daily, utc_ms(2024, 3, 9, 0, 0), utc_ms(2024, 3, 12, 0, 0)),
            (std::vector<int64_t>{1709980200000, 1710066600000, 1710149400000}));
  // Asked from inside the hour after the gap, the shifted 02:30 is still ahead.
  EXPECT_EQ(next_fire_ms(daily, utc_ms(2024, 3, 10, 10, 10)), 1710066600000);

  // Hourly: 02:00 does not exist and lands on 03:00 PDT, which fires once.
  const frequency hourly = parsed("0 0 * * * ? America/Los_Angeles");
  EXPECT_EQ(fires(hourly, utc_ms(2024, 3, 10, 8, 30), utc_ms(2024, 3, 10, 11, 30)),
            (std::vector<int64_t>{utc_ms(2024, 3, 10, 9, 0), utc_ms(2024, 3, 10, 10, 0), utc_ms(2024, 3, 10, 11, 0)}));
}

TEST(FrequencyDst, LosAngelesFallBackOverlap) {
  // 2024-11-03: 02:00 PDT becomes 01:00 PST (09:00Z); 01:30 fires at its first
  // occurrence only. Python: fold=0 1730622600, next day 1730712600.
  const frequency daily = parsed("0 30 1 * * ? America/Los_Angeles");
  EXPECT_EQ(fires(daily, utc_ms(2024, 11, 3, 0, 0), utc_ms(2024, 11, 5, 0, 0)),
            (std::vector<int64_t>{1730622600000, 1730712600000}));
  // From inside the second 01:xx hour, the next fire is the next day's.
  EXPECT_EQ(next_fire_ms(daily, 1730626200000 - 60'000), 1730712600000);

  const frequency hourly = parsed("0 0 * * * ? America/Los_Angeles");
  EXPECT_EQ(fires(hourly, utc_ms(2024, 11, 3, 6, 30), utc_ms(2024, 11, 3, 10, 30)),
            (std::vector<int64_t>{utc_ms(2024, 11, 3, 7, 0), utc_ms(2024, 11, 3, 8, 0), utc_ms(2024, 11, 3, 10, 0)}));
}

TEST(FrequencyDst, BerlinGapAndOverlap) {
  // Python: 2024-03-31 03:30 CEST = 1711848600; 2024-10-27 02:30 CEST (fold=0)
  // = 1729989000, 2024-10-28 02:30 CET = 1730079000.
  const frequency daily = parsed("0 30 2 * * ? Europe/Berlin");
  EXPECT_EQ(next_fire_ms(daily, utc_ms(2024, 3, 30, 12, 0)), 1711848600000);
  EXPECT_EQ(fires(daily, utc_ms(2024, 10, 26, 12, 0), utc_ms(2024, 10, 28, 12, 0)),
            (std::vector<int64_t>{1729989000000, 1730079000000}));
}

TEST(FrequencyDst, HourlyFiresOverAYearCountTheChanges) {
  // Every hour of 2024 in Los Angeles: 8784 wall hours; the 02:00 of the
  // spring-forward day lands on 03:00 (fires once for both); the repeated 01:00
  // in November fires once. 8784 - 1 = 8783.
  const frequency hourly = parsed("0 0 * * * ? 2024 America/Los_Angeles");
  const auto instants = fires(hourly, start_of_2022, utc_ms(2026, 1, 1, 0, 0));
  EXPECT_EQ(instants.size(), 8783u);
  for (size_t i = 1; i < instants.size(); ++i) ASSERT_GT(instants[i], instants[i - 1]);
  EXPECT_EQ(fires(parsed("0 0 * * * ? 2024 UTC"), start_of_2022, utc_ms(2026, 1, 1, 0, 0)).size(), 8784u);
}

TEST(FrequencyDst, AfterTheLastTableTransition) {
  // 2040 in Los Angeles comes from the footer PST8PDT,M3.2.0,M11.1.0: 2040-03-11
  // 02:30 is in the gap (03:30 PDT); 2040-11-04 01:30 fires at its PDT occurrence.
  // Python: 2040-03-11 03:30 PDT = 2215074600, 2040-11-04 01:30 PDT = 2235630600.
  const frequency march = parsed("0 30 2 11 3 ? 2040 America/Los_Angeles");
  EXPECT_EQ(next_fire_ms(march, start_of_2022), 2215074600000);
  const frequency november = parsed("0 30 1 4 11 ? 2040 America/Los_Angeles");
  EXPECT_EQ(next_fire_ms(november, start_of_2022), 2235630600000);
  EXPECT_EQ(next_fire_ms(november, 2235630600000), std::nullopt);
}

// Every second of a window, checked one by one: does the wall time match?
std::vector<int64_t> matching_seconds(const cron_frequency& cron, int64_t from_ms, int64_t until_ms) {
  std::vector<int64_t> instants;
  for (int64_t second = from_ms / 1000 + 1; second <= until_ms / 1000; ++second) {
    const civil_time wall = civil_from_seconds(second + cron.zone.offset_at(second));
    const auto match = next_match(cron.expression, wall);
    if (match && seconds_from_civil(*match) == seconds_from_civil(wall)) instants.push_back(second * 1000);
  }
  return instants;
}

TEST(Frequency, FieldByFieldEqualsSecondBySecond) {
  // Across a leap day and a month end, in a fixed zone with minutes.
  const int64_t from = utc_ms(2024, 2, 28, 12, 0);
  const int64_t until = utc_ms(2024, 3, 1, 12, 0);
  for (const char* text : {"*/7 */13 * * * ? GMT+5:45", "0 0/20 1-3,22 ? * MON,WED,THU GMT+5:45",
                           "5,35 59 23 L * ? GMT+5:45", "0 * 0 29 2 ? GMT+5:45", "59 59 23 ? * 5L GMT+5:45",
                           "10-12 58-2 23-1 * * ? 2024 GMT+5:45", "0 0 12 1W * ? GMT+5:45", "0 30 * ? * 5#5 GMT+5:45"}) {
    const frequency schedule = parsed(text);
    const auto expected = matching_seconds(std::get<cron_frequency>(schedule), from, until);
    EXPECT_EQ(fires(schedule, from, until), expected) << text;
    EXPECT_FALSE(expected.empty()) << text;
  }
}

TEST(Frequency, RatesAtsAndCronsWithAYearOrZoneNeedANewerAgent) {
  for (const char* text : {"rate(5m)", " at(2030-01-01 00:00:00)", "0 0 12 * * ? 2030",
                           "0 0 12 * * ? Asia/Shanghai", "0 0 12 * * ? 2030 GMT+8:00"})
    EXPECT_TRUE(needs_newer_agent(text)) << text;
  for (const char* text : {"0 0 12 * * ?", "  */10 * * * * ?  "})
    EXPECT_FALSE(needs_newer_agent(text)) << text;
}

// A year of minutes, enumerated field by field (a second-by-second search
// would visit 31.5 million seconds; this takes ~0.1 s in a release build).
TEST(Frequency, AYearOfMinutes) {
  const frequency every_minute = parsed("0 * * * * ? UTC");
  const auto instants = fires(every_minute, utc_ms(2023, 1, 1, 0, 0) - 1, utc_ms(2023, 12, 31, 23, 59));
  EXPECT_EQ(instants.size(), 525'600u);

  const frequency in_berlin = parsed("0 * * * * ? Europe/Berlin");
  EXPECT_EQ(fires(in_berlin, utc_ms(2024, 1, 1, 0, 0) - 1, utc_ms(2024, 12, 31, 23, 59)).size(),
            527'040u - 60u);  // leap year; the repeated hour in October fires once
}

}  // namespace
}  // namespace broadside::schedule
