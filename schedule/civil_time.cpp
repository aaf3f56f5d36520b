#include "schedule/civil_time.hpp"

namespace broadside::schedule {

namespace {

constexpr int64_t seconds_per_day = 86400;

int64_t floor_div(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : lengths[month - 1];
}

int64_t days_from_civil(int year, int month, int day) {
  const int64_t y = month <= 2 ? int64_t{year} - 1 : int64_t{year};
  const int64_t era = floor_div(y, 400);
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

civil_time civil_from_seconds(int64_t seconds) {
  const int64_t days = floor_div(seconds, seconds_per_day);
  const int64_t second_of_day = seconds - days * seconds_per_day;
  const int64_t z = days + 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  civil_time time;
  time.day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  time.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  time.year = static_cast<int>(year_of_era + era * 400 + (time.month <= 2 ? 1 : 0));
  time.hour = static_cast<int>(second_of_day / 3600);
  time.minute = static_cast<int>(second_of_day / 60 % 60);
  time.second = static_cast<int>(second_of_day % 60);
  return time;
}

int64_t seconds_from_civil(const civil_time& time) {
  return days_from_civil(time.year, time.month, time.day) * seconds_per_day + time.hour * 3600 +
         time.minute * 60 + time.second;
}

int quartz_weekday(int year, int month, int day) {
  // 1970-01-01 was a Thursday (Quartz 5).
  const int64_t days = days_from_civil(year, month, day);
  return static_cast<int>(floor_div(days + 4, 7) * -7 + days + 4) + 1;
}

int64_t floor_seconds(int64_t ms) { return floor_div(ms, 1000); }

}  // namespace broadside::schedule
