#pragma once

// Proleptic Gregorian calendar arithmetic on seconds since 1970-01-01T00:00:00
// (H. Hinnant's days_from_civil). Used both for UTC instants and for local
// wall times, which are "seconds since the epoch as if the zone were UTC".

#include <cstdint>

namespace broadside::schedule {

struct civil_time {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
int64_t days_from_civil(int year, int month, int day);
civil_time civil_from_seconds(int64_t seconds);
int64_t seconds_from_civil(const civil_time& time);

// Day of the week counted as Quartz does: 1 = Sunday .. 7 = Saturday.
int quartz_weekday(int year, int month, int day);

// Floor division of milliseconds to seconds (instants before 1970 included).
int64_t floor_seconds(int64_t ms);

}  // namespace broadside::schedule
