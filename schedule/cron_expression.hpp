#pragma once

// Quartz-style cron expressions, without the time zone:
// `<sec> <min> <hour> <day-of-month> <month> <day-of-week> [<year>]`.
// Exactly one of the day fields is `?`. Beyond `*`, lists, ranges and steps:
// day-of-month `L`, `L-n`, `nW`, `LW`; day-of-week `nL`, `n#k` (Quartz's).

#include "schedule/civil_time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace broadside::schedule {

inline constexpr int first_cron_year = 1970;
inline constexpr int last_cron_year = 2099;

struct day_of_month_rule {
  enum class form { values, last_day, nearest_weekday, last_weekday };
  form kind = form::values;
  int day = 0;  // nearest_weekday: the day; last_day: how many days before the last
};

struct day_of_week_rule {
  enum class form { values, last_in_month, nth_in_month };
  form kind = form::values;
  int weekday = 0;  // 1 = Sunday .. 7 = Saturday
  int nth = 0;      // nth_in_month: 1..5
};

struct cron_expression {
  std::vector<bool> seconds, minutes, hours, days_of_month, months, days_of_week, years;
  bool day_of_month_unspecified = false;  // `?` in day-of-month: day-of-week decides
  day_of_month_rule day_of_month;
  day_of_week_rule day_of_week;
};

// Six or seven fields; on failure, a sentence saying which field is wrong.
std::variant<cron_expression, std::string> parse_cron_expression(const std::vector<std::string_view>& fields);

// The first wall time at or after `from` that the expression matches, stepping
// field by field (years, months, days, hours, minutes, seconds) as Quartz does;
// nullopt when none is left before the end of 2099.
std::optional<civil_time> next_match(const cron_expression& expression, civil_time from);

}  // namespace broadside::schedule
