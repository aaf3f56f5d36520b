#pragma once

// The POSIX TZ string at the end of a TZif v2+ file (e.g. `CST6CDT,M3.2.0,M11.1.0`,
// `<+0330>-3:30`): the zone's rule for instants after its last listed transition.

#include "schedule/offset_change.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace broadside::schedule {

// A day of the year in one of POSIX's three spellings.
struct posix_date {
  enum class form { julian_no_leap, zero_based, month_week_day };
  form kind = form::month_week_day;
  int day = 0;    // Jn: 1..365; n: 0..365; Mm.w.d: d, 0 = Sunday
  int month = 0;  // Mm.w.d only
  int week = 0;   // Mm.w.d only: 1..5, 5 = the last
};

struct posix_tz_rule {
  int32_t standard_offset = 0;  // seconds east of UTC (POSIX writes them west)
  struct daylight_part {
    int32_t offset = 0;
    posix_date start;
    int32_t start_time = 7200;  // local standard time, may be negative or past 24h (TZif v3)
    posix_date end;
    int32_t end_time = 7200;  // local daylight time
  };
  std::optional<daylight_part> daylight;
};

// nullopt when the text is not a POSIX TZ string.
std::optional<posix_tz_rule> parse_posix_tz(std::string_view text);

// The rule's changes in a year (none without daylight time), in time order.
std::vector<offset_change> changes_in_year(const posix_tz_rule& rule, int year);

}  // namespace broadside::schedule
