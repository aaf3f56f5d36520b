#pragma once

// `GMT±H:MM` time zone names as Cloud Assistant writes them: `GMT+8:00`,
// `GMT-12:59` .. `GMT+14:59`, no leading zero in the hour.

#include "schedule/schedule_error.hpp"

#include <cstdint>
#include <string_view>
#include <variant>

namespace broadside::schedule {

// Whether a zone name is meant as a GMT offset (GMT followed by anything):
// those get the GMT offset errors rather than "unknown zone".
bool looks_like_gmt_offset(std::string_view name);

// Seconds east of UTC, or which of the three GMT offset errors applies:
// - invalid_gmt_offset (the format): not `GMT`, a sign, digits, `:`, digits,
//   e.g. `GMT8:00`, `GMT+8`, `GMT+8:`, `GMT+:30`, `GMT+8.00`, `GMT+8:00:00`;
// - invalid_gmt_offset_hour: the hour has a leading zero (`GMT+08:00`) or is
//   out of range (east above 14, west above 12: `GMT+15:00`, `GMT-13:00`);
// - invalid_gmt_offset_minute: the minutes are not two digits up to 59
//   (`GMT+8:60`, `GMT+8:5`, `GMT+8:000`).
std::variant<int32_t, schedule_error> parse_gmt_offset(std::string_view name);

}  // namespace broadside::schedule
