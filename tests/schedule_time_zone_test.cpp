// Time zones for Frequency expressions: GMT offsets and their three errors,
// POSIX TZ rules, TZif files (the system's tzdata and hand-written bytes).
//
// Expected instants were computed once with Python's zoneinfo over Debian's
// tzdata, e.g. int(datetime(2024,3,10,3,30, tzinfo=ZoneInfo("America/Los_Angeles")).timestamp()).

#include "schedule/civil_time.hpp"
#include "schedule/gmt_offset.hpp"
#include "schedule/posix_tz_rule.hpp"
#include "schedule/tzif.hpp"
#include "schedule/zone_lookup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace broadside::schedule {
namespace {

int64_t utc_seconds(int year, int month, int day, int hour, int minute, int second = 0) {
  return seconds_from_civil({year, month, day, hour, minute, second});
}

time_zone zone_named(std::string_view name, const zone_settings& settings = {}) {
  auto found = find_time_zone(name, settings);
  EXPECT_TRUE(std::holds_alternative<time_zone>(found)) << name;
  return std::get<time_zone>(std::move(found));
}

zone_failure failure_for(std::string_view name, const zone_settings& settings = {}) {
  auto found = find_time_zone(name, settings);
  EXPECT_TRUE(std::holds_alternative<zone_failure>(found)) << name;
  return std::holds_alternative<zone_failure>(found) ? std::get<zone_failure>(found) : zone_failure::unknown_zone;
}

TEST(CivilTime, RoundTripsAndWeekdays) {
  EXPECT_EQ(seconds_from_civil({1970, 1, 1, 0, 0, 0}), 0);
  EXPECT_EQ(seconds_from_civil({2024, 2, 29, 12, 0, 0}), 1709208000);
  const civil_time back = civil_from_seconds(1709208000);
  EXPECT_EQ(back.year, 2024);
  EXPECT_EQ(back.month, 2);
  EXPECT_EQ(back.day, 29);
  EXPECT_EQ(back.hour, 12);
  EXPECT_EQ(civil_from_seconds(-1).year, 1969);
  EXPECT_EQ(civil_from_seconds(-1).second, 59);
  EXPECT_EQ(quartz_weekday(1970, 1, 1), 5);   // Thursday
  EXPECT_EQ(quartz_weekday(2024, 3, 10), 1);  // Sunday
  EXPECT_EQ(quartz_weekday(2024, 3, 16), 7);  // Saturday
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
}

TEST(GmtOffset, AcceptsTheWholeRange) {
  EXPECT_EQ(std::get<int32_t>(parse_gmt_offset("GMT+8:00")), 8 * 3600);
  EXPECT_EQ(std::get<int32_t>(parse_gmt_offset("GMT+14:59")), 14 * 3600 + 59 * 60);
  EXPECT_EQ(std::get<int32_t>(parse_gmt_offset("GMT-12:59")), -(12 * 3600 + 59 * 60));
  EXPECT_EQ(std::get<int32_t>(parse_gmt_offset("GMT+0:00")), 0);
  EXPECT_EQ(std::get<int32_t>(parse_gmt_offset("GMT-0:30")), -30 * 60);
  EXPECT_EQ(std::get<int32_t>(parse_gmt_offset("GMT+5:45")), 5 * 3600 + 45 * 60);
}

TEST(GmtOffset, FormatErrors) {
  for (const char* name : {"GMT8:00", "GMT+8", "GMT+8:", "GMT+:30", "GMT+8.00", "GMT+8:00:00", "GMT+a:00",
                           "GMT+8:0x", "GMT 8:00", "GMT++8:00"}) {
    EXPECT_EQ(std::get<schedule_error>(parse_gmt_offset(name)), schedule_error::invalid_gmt_offset) << name;
  }
}

TEST(GmtOffset, HourErrors) {
  for (const char* name : {"GMT+08:00", "GMT-01:00", "GMT+00:00", "GMT+15:00", "GMT-13:00", "GMT+99999999999:00"}) {
    EXPECT_EQ(std::get<schedule_error>(parse_gmt_offset(name)), schedule_error::invalid_gmt_offset_hour) << name;
  }
}

TEST(GmtOffset, MinuteErrors) {
  for (const char* name : {"GMT+8:60", "GMT+8:99", "GMT+8:5", "GMT-12:000", "GMT+14:60"}) {
    EXPECT_EQ(std::get<schedule_error>(parse_gmt_offset(name)), schedule_error::invalid_gmt_offset_minute) << name;
  }
}

TEST(PosixTzRule, ParsesFootersOfTheSystemZones) {
  const auto los_angeles = parse_posix_tz("PST8PDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(los_angeles && los_angeles->daylight);
  EXPECT_EQ(los_angeles->standard_offset, -8 * 3600);
  EXPECT_EQ(los_angeles->daylight->offset, -7 * 3600);

  const auto tehran = parse_posix_tz("<+0330>-3:30");
  ASSERT_TRUE(tehran);
  EXPECT_EQ(tehran->standard_offset, 3 * 3600 + 30 * 60);
  EXPECT_FALSE(tehran->daylight);

  const auto nuuk = parse_posix_tz("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  ASSERT_TRUE(nuuk && nuuk->daylight);
  EXPECT_EQ(nuuk->daylight->start_time, -3600);
  // 2040, from Python's zoneinfo: the same instants as Berlin's changes.
  const auto changes = changes_in_year(*nuuk, 2040);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].at, 2216250000);
  EXPECT_EQ(changes[1].at, 2234998800);

  for (const char* bad : {"", "P8", "PST", "PST8PDT,M3.2.0", "PST8PDT,M13.2.0,M11.1.0", "PST8PDT,M3.6.0,M11.1.0",
                          "PST8PDT,J0,J100", "<+03", "PST8PDT,M3.2.0,M11.1.0x"}) {
    EXPECT_FALSE(parse_posix_tz(bad)) << bad;
  }
}

TEST(PosixTzRule, JulianAndZeroBasedDays) {
  // J60 is March 1 even in leap years; 59 (zero-based) is Feb 29 in a leap year.
  const auto rule = parse_posix_tz("AAA0BBB,J60/0,59/0");
  ASSERT_TRUE(rule && rule->daylight);
  auto changes = changes_in_year(*rule, 2024);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].at, utc_seconds(2024, 2, 29, 0, 0) - 3600);  // the end, 00:00 daylight time
  EXPECT_EQ(changes[1].at, utc_seconds(2024, 3, 1, 0, 0));
  changes = changes_in_year(*rule, 2023);
  EXPECT_EQ(changes[0].at, utc_seconds(2023, 3, 1, 0, 0) - 3600);  // day 59 of 2023 is March 1
  EXPECT_EQ(changes[1].at, utc_seconds(2023, 3, 1, 0, 0));
}

TEST(TimeZone, LosAngelesAroundItsChangesIn2024) {
  const time_zone zone = zone_named("America/Los_Angeles");
  EXPECT_EQ(zone.offset_at(utc_seconds(2024, 1, 15, 12, 0)), -8 * 3600);
  EXPECT_EQ(zone.offset_at(utc_seconds(2024, 7, 15, 12, 0)), -7 * 3600);
  // Spring forward at 2024-03-10 10:00Z: 02:30 does not exist and is read as
  // 02:30 PST, i.e. 03:30 PDT (Python: 1710066600).
  const int64_t gap_wall = utc_seconds(2024, 3, 10, 2, 30);
  EXPECT_TRUE(zone.instants_of(gap_wall).empty());
  EXPECT_EQ(zone.to_utc(gap_wall), 1710066600);
  // Fall back at 2024-11-03 09:00Z: 01:30 happens twice (Python fold=0 and 1).
  const int64_t overlap_wall = utc_seconds(2024, 11, 3, 1, 30);
  EXPECT_EQ(zone.instants_of(overlap_wall), (std::vector<int64_t>{1730622600, 1730626200}));
  EXPECT_EQ(zone.to_utc(overlap_wall), 1730622600);
  const auto change = zone.last_change_at_or_before(1730626200);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->at, utc_seconds(2024, 11, 3, 9, 0));
  EXPECT_EQ(change->before, -7 * 3600);
  EXPECT_EQ(change->after, -8 * 3600);
}

TEST(TimeZone, BerlinGapAndOverlap) {
  const time_zone zone = zone_named("Europe/Berlin");
  EXPECT_EQ(zone.to_utc(utc_seconds(2024, 3, 31, 2, 30)), 1711848600);  // 03:30 CEST
  EXPECT_EQ(zone.instants_of(utc_seconds(2024, 10, 27, 2, 30)), (std::vector<int64_t>{1729989000, 1729992600}));
  EXPECT_EQ(zone.to_utc(utc_seconds(2024, 10, 27, 2, 30)), 1729989000);
}

TEST(TimeZone, FooterRuleAfterTheLastTransition) {
  // Debian's tzdata lists transitions up to 2037; later years come from the
  // footer. Change instants from Python's zoneinfo.
  const time_zone los_angeles = zone_named("America/Los_Angeles");
  EXPECT_EQ(los_angeles.offset_at(2215072800 - 1), -8 * 3600);
  EXPECT_EQ(los_angeles.offset_at(2215072800), -7 * 3600);
  EXPECT_EQ(los_angeles.offset_at(2235632400 - 1), -7 * 3600);
  EXPECT_EQ(los_angeles.offset_at(2235632400), -8 * 3600);
  EXPECT_EQ(los_angeles.to_utc(utc_seconds(2040, 7, 1, 12, 0)), 2224782000);
  EXPECT_EQ(los_angeles.to_utc(utc_seconds(2040, 1, 15, 12, 0)), 2210270400);
  EXPECT_EQ(los_angeles.offset_at(2530778400), -7 * 3600);  // 2050

  // Southern hemisphere: daylight time spans the new year.
  const time_zone sydney = zone_named("Australia/Sydney");
  EXPECT_EQ(sydney.to_utc(utc_seconds(2045, 1, 10, 9, 0)), 2367612000);
  EXPECT_EQ(sydney.to_utc(utc_seconds(2045, 7, 10, 9, 0)), 2383254000);
  EXPECT_EQ(sydney.offset_at(2248876800 - 1), 11 * 3600);
  EXPECT_EQ(sydney.offset_at(2248876800), 10 * 3600);

  // A fixed footer with minutes: <+0330>-3:30.
  EXPECT_EQ(zone_named("Asia/Tehran").to_utc(utc_seconds(2045, 6, 1, 8, 0)), 2379904200);
}

TEST(TimeZone, RuleChangeOnTheLastUtcDayOfTheYearBefore) {
  // Daylight time from January 1 00:00 local (+10:00), i.e. December 31 14:00 UTC.
  const time_zone zone("Test/East", 36000, {}, parse_posix_tz("AAA-10BBB,J1/0,J182/0"));
  EXPECT_EQ(zone.offset_at(utc_seconds(2030, 12, 31, 13, 59, 59)), 36000);
  EXPECT_EQ(zone.offset_at(utc_seconds(2030, 12, 31, 20, 0)), 39600);
  EXPECT_EQ(zone.offset_at(utc_seconds(2031, 3, 1, 0, 0)), 39600);
}

TEST(TimeZone, FixedOffsets) {
  const time_zone east = zone_named("GMT+14:59");
  EXPECT_EQ(east.to_utc(utc_seconds(2024, 1, 1, 14, 59)), utc_seconds(2024, 1, 1, 0, 0));
  const time_zone west = zone_named("GMT-12:59");
  EXPECT_EQ(west.to_utc(utc_seconds(2024, 1, 1, 0, 0)), utc_seconds(2024, 1, 1, 12, 59));
  EXPECT_EQ(zone_named("UTC").offset_at(12345), 0);
  EXPECT_EQ(failure_for("GMT+08:00"), zone_failure::bad_gmt_hour);
  EXPECT_EQ(failure_for("GMT+8:61"), zone_failure::bad_gmt_minute);
  EXPECT_EQ(failure_for("GMT+8"), zone_failure::bad_gmt_format);
}

class ZoneFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("broadside-zoneinfo-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_ / "Test");
    settings_.zoneinfo_dir = directory_.string();
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(directory_ / name, std::ios::binary) << bytes;
  }

  std::filesystem::path directory_;
  zone_settings settings_;
};

// A TZif header: magic, version, 15 reserved bytes, six big-endian counts.
std::string tzif_header(char version, uint32_t transitions, uint32_t types, uint32_t abbreviation_bytes) {
  std::string header = std::string("TZif") + version + std::string(15, '\0');
  for (const uint32_t count : {0u, 0u, 0u, transitions, types, abbreviation_bytes}) {
    for (int shift = 24; shift >= 0; shift -= 8) header += static_cast<char>(count >> shift & 0xff);
  }
  return header;
}

// One time type: offset (big-endian), isdst, abbreviation index.
std::string time_type(int32_t offset) {
  std::string bytes;
  for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>(static_cast<uint32_t>(offset) >> shift & 0xff);
  return bytes + std::string("\0\0", 2);
}

TEST_F(ZoneFiles, AHandWrittenVersion2FileWithAFooter) {
  // No transitions, one type (+05:00 "ABC"), footer "<+05>-5".
  const std::string block = time_type(5 * 3600) + std::string("ABC\0", 4);
  write("Test/Five", tzif_header('2', 0, 1, 4) + block + tzif_header('2', 0, 1, 4) + block + "\n<+05>-5\n");
  const time_zone zone = zone_named("Test/Five", settings_);
  EXPECT_EQ(zone.offset_at(0), 5 * 3600);
  EXPECT_EQ(zone.to_utc(utc_seconds(2030, 1, 1, 5, 0)), utc_seconds(2030, 1, 1, 0, 0));
}

TEST_F(ZoneFiles, AVersion1FileWithOneTransition) {
  // One 32-bit transition at 2000-01-01T00:00Z from type 0 (+01:00) to type 1 (+02:00).
  const int64_t change = utc_seconds(2000, 1, 1, 0, 0);
  std::string transition;
  for (int shift = 24; shift >= 0; shift -= 8) transition += static_cast<char>(change >> shift & 0xff);
  write("Test/Old", tzif_header('\0', 1, 2, 4) + transition + std::string(1, '\1') + time_type(3600) +
                        time_type(7200) + std::string("ABC\0", 4));
  const time_zone zone = zone_named("Test/Old", settings_);
  EXPECT_EQ(zone.offset_at(change - 1), 3600);
  EXPECT_EQ(zone.offset_at(change), 7200);
  EXPECT_EQ(zone.to_utc(utc_seconds(2030, 1, 1, 2, 0)), utc_seconds(2030, 1, 1, 0, 0));
}

TEST_F(ZoneFiles, MalformedFilesAreCorrupt) {
  const std::string block = time_type(5 * 3600) + std::string("ABC\0", 4);
  write("Test/Empty", "");
  write("Test/NotTzif", "this is not a zone file at all, just text that is long enough to hold a header");
  write("Test/Truncated", tzif_header('2', 3, 1, 4) + block);
  write("Test/NoTypes", tzif_header('2', 0, 0, 4) + "ABC" + std::string(1, '\0'));
  write("Test/BadFooter", tzif_header('2', 0, 1, 4) + block + tzif_header('2', 0, 1, 4) + block + "\n8PDT\n");
  write("Test/NoFooter", tzif_header('2', 0, 1, 4) + block + tzif_header('2', 0, 1, 4) + block);
  for (const char* name : {"Test/Empty", "Test/NotTzif", "Test/Truncated", "Test/NoTypes", "Test/BadFooter",
                           "Test/NoFooter"}) {
    EXPECT_EQ(failure_for(name, settings_), zone_failure::corrupt_zone_file) << name;
  }
}

TEST_F(ZoneFiles, UnknownAndRefusedNames) {
  for (const char* name : {"Test/Missing", "Test", "../etc/passwd", "/etc/localtime", "Test/../Test/Five", "",
                           "Asia/Shang hai"}) {
    EXPECT_EQ(failure_for(name, settings_), zone_failure::unknown_zone) << name;
  }
}

TEST(TzifFile, SystemZonesUseTheir64BitSection) {
  std::ifstream file("/usr/share/zoneinfo/America/Los_Angeles", std::ios::binary);
  ASSERT_TRUE(file) << "install Debian's tzdata (scripts/setup)";
  std::ostringstream bytes;
  bytes << file.rdbuf();
  const auto data = parse_tzif(bytes.str());
  ASSERT_TRUE(data);
  EXPECT_EQ(data->footer, "PST8PDT,M3.2.0,M11.1.0");
  ASSERT_FALSE(data->changes.empty());
  // The 64-bit section reaches back before 1901, where 32-bit times stop.
  EXPECT_LT(data->changes.front().at, -(int64_t{1} << 31));
}

}  // namespace
}  // namespace broadside::schedule
