#pragma once

// Time zones by the names a Frequency may carry: `UTC` (and `GMT`), a GMT
// offset (`GMT+8:00`) or an IANA name read from a zoneinfo directory.

#include "schedule/schedule_error.hpp"
#include "schedule/time_zone.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace broadside::schedule {

struct zone_settings {
  std::string zoneinfo_dir = "/usr/share/zoneinfo";
  // The "instance's system time zone", used by cron expressions without one.
  std::string system_zone = "UTC";
};

// Why a name gives no zone.
enum class zone_failure {
  unknown_zone,       // not a zone name, or no such file (the caller picks the error)
  bad_gmt_format,     // InvalidGMTOffsetForTimezone
  bad_gmt_hour,       // InvalidGMTOffsetHourForTimezone
  bad_gmt_minute,     // InvalidGMTOffsetMinuteForTimezone
  corrupt_zone_file,  // TimezoneInformationCorrupt: unreadable or malformed TZif
};

// A name with `..`, a leading `/` or characters outside [A-Za-z0-9/_+-] is
// unknown: names never leave the zoneinfo directory.
std::variant<time_zone, zone_failure> find_time_zone(std::string_view name, const zone_settings& settings);

}  // namespace broadside::schedule
