#include "schedule/gmt_offset.hpp"

#include <algorithm>

namespace broadside::schedule {

namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Digits to a number, saturating well above any valid hour or minute.
int value_of(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = std::min(value * 10 + (c - '0'), 1000);
  return value;
}

}  // namespace

bool looks_like_gmt_offset(std::string_view name) { return name.size() > 3 && name.substr(0, 3) == "GMT"; }

std::variant<int32_t, schedule_error> parse_gmt_offset(std::string_view name) {
  if (!looks_like_gmt_offset(name)) return schedule_error::invalid_gmt_offset;
  const char sign = name[3];
  const std::string_view rest = name.substr(4);
  const size_t colon = rest.find(':');
  if ((sign != '+' && sign != '-') || colon == std::string_view::npos) return schedule_error::invalid_gmt_offset;
  const std::string_view hour_digits = rest.substr(0, colon);
  const std::string_view minute_digits = rest.substr(colon + 1);
  if (!all_digits(hour_digits) || !all_digits(minute_digits)) return schedule_error::invalid_gmt_offset;

  const int hour = value_of(hour_digits);
  const int max_hour = sign == '+' ? 14 : 12;
  if ((hour_digits.size() > 1 && hour_digits[0] == '0') || hour > max_hour) {
    return schedule_error::invalid_gmt_offset_hour;
  }
  const int minute = value_of(minute_digits);
  if (minute_digits.size() != 2 || minute > 59) return schedule_error::invalid_gmt_offset_minute;

  const int32_t seconds = hour * 3600 + minute * 60;
  return sign == '+' ? seconds : -seconds;
}

}  // namespace broadside::schedule
