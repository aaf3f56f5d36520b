#include "schedule/cron_expression.hpp"

#include "schedule/cron_field.hpp"

#include <algorithm>
#include <utility>

namespace broadside::schedule {

namespace {

const cron_field_spec seconds_spec{0, 59, {}, true};
const cron_field_spec minutes_spec{0, 59, {}, true};
const cron_field_spec hours_spec{0, 23, {}, true};
const cron_field_spec days_of_month_spec{1, 31, {}, true};
const cron_field_spec months_spec{1, 12, {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"},
                                  true};
const cron_field_spec days_of_week_spec{1, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, true};
const cron_field_spec years_spec{first_cron_year, last_cron_year, {}, false};

bool parse_into(std::string_view text, const cron_field_spec& spec, std::vector<bool>& allowed) {
  auto parsed = parse_cron_field(text, spec);
  if (!parsed) return false;
  allowed = std::move(*parsed);
  return true;
}

bool parse_day_of_month(std::string_view text, cron_expression& expression) {
  using form = day_of_month_rule::form;
  if (text == "L" || text == "l") {
    expression.day_of_month = {form::last_day, 0};
    return true;
  }
  if (text == "LW" || text == "lw") {
    expression.day_of_month = {form::last_weekday, 0};
    return true;
  }
  if (text.size() > 2 && (text[0] == 'L' || text[0] == 'l') && text[1] == '-') {
    const auto before = parse_cron_value(text.substr(2), {0, 30, {}, false});
    if (!before) return false;
    expression.day_of_month = {form::last_day, *before};
    return true;
  }
  if (text.size() > 1 && (text.back() == 'W' || text.back() == 'w')) {
    const auto day = parse_cron_value(text.substr(0, text.size() - 1), days_of_month_spec);
    if (!day) return false;
    expression.day_of_month = {form::nearest_weekday, *day};
    return true;
  }
  return parse_into(text, days_of_month_spec, expression.days_of_month);
}

bool parse_day_of_week(std::string_view text, cron_expression& expression) {
  using form = day_of_week_rule::form;
  if (text == "L" || text == "l") text = "7";  // Quartz: `L` alone is the last day of the week
  const size_t hash = text.find('#');
  if (hash != std::string_view::npos) {
    const auto weekday = parse_cron_value(text.substr(0, hash), days_of_week_spec);
    const auto nth = parse_cron_value(text.substr(hash + 1), {1, 5, {}, false});
    if (!weekday || !nth) return false;
    expression.day_of_week = {form::nth_in_month, *weekday, *nth};
    return true;
  }
  if (text.size() > 1 && (text.back() == 'L' || text.back() == 'l')) {
    const auto weekday = parse_cron_value(text.substr(0, text.size() - 1), days_of_week_spec);
    if (!weekday) return false;
    expression.day_of_week = {form::last_in_month, *weekday, 0};
    return true;
  }
  return parse_into(text, days_of_week_spec, expression.days_of_week);
}

bool is_weekday(int year, int month, int day) {
  const int weekday = quartz_weekday(year, month, day);
  return weekday != 1 && weekday != 7;
}

// Quartz's `nW`: the weekday nearest to day n, without leaving the month.
int nearest_weekday(int year, int month, int day) {
  const int last = days_in_month(year, month);
  switch (quartz_weekday(year, month, day)) {
    case 7:  // Saturday: Friday, or Monday when the 1st is a Saturday
      return day == 1 ? 3 : day - 1;
    case 1:  // Sunday: Monday, or Friday when the last day is a Sunday
      return day == last ? day - 2 : day + 1;
    default:
      return day;
  }
}

bool day_matches(const cron_expression& expression, int year, int month, int day) {
  const int last = days_in_month(year, month);
  if (expression.day_of_month_unspecified) {
    const auto& rule = expression.day_of_week;
    const int weekday = quartz_weekday(year, month, day);
    switch (rule.kind) {
      case day_of_week_rule::form::values:
        return expression.days_of_week[static_cast<size_t>(weekday)];
      case day_of_week_rule::form::last_in_month:
        return weekday == rule.weekday && day + 7 > last;
      case day_of_week_rule::form::nth_in_month:
        return weekday == rule.weekday && (day - 1) / 7 + 1 == rule.nth;
    }
    return false;
  }
  const auto& rule = expression.day_of_month;
  switch (rule.kind) {
    case day_of_month_rule::form::values:
      return expression.days_of_month[static_cast<size_t>(day)];
    case day_of_month_rule::form::last_day:
      return day == last - rule.day;
    case day_of_month_rule::form::nearest_weekday:
      return rule.day <= last && day == nearest_weekday(year, month, rule.day);
    case day_of_month_rule::form::last_weekday: {
      int last_weekday = last;
      while (!is_weekday(year, month, last_weekday)) --last_weekday;
      return day == last_weekday;
    }
  }
  return false;
}

// The first allowed value at or after `from`, or -1.
int next_allowed(const std::vector<bool>& allowed, int from) {
  for (int value = std::max(from, 0); value < static_cast<int>(allowed.size()); ++value) {
    if (allowed[static_cast<size_t>(value)]) return value;
  }
  return -1;
}

civil_time start_of_month(int year, int month) {
  if (month > 12) return {year + 1, 1, 1, 0, 0, 0};
  return {year, month, 1, 0, 0, 0};
}

civil_time start_of_next_day(const civil_time& time) {
  if (time.day == days_in_month(time.year, time.month)) return start_of_month(time.year, time.month + 1);
  return {time.year, time.month, time.day + 1, 0, 0, 0};
}

civil_time start_of_next_hour(const civil_time& time) {
  if (time.hour == 23) return start_of_next_day(time);
  return {time.year, time.month, time.day, time.hour + 1, 0, 0};
}

civil_time start_of_next_minute(const civil_time& time) {
  if (time.minute == 59) return start_of_next_hour(time);
  return {time.year, time.month, time.day, time.hour, time.minute + 1, 0};
}

}  // namespace

std::variant<cron_expression, std::string> parse_cron_expression(const std::vector<std::string_view>& fields) {
  if (fields.size() != 6 && fields.size() != 7) return std::string("a cron expression has 6 or 7 fields");
  cron_expression expression;
  if (!parse_into(fields[0], seconds_spec, expression.seconds)) return std::string("bad seconds field");
  if (!parse_into(fields[1], minutes_spec, expression.minutes)) return std::string("bad minutes field");
  if (!parse_into(fields[2], hours_spec, expression.hours)) return std::string("bad hours field");
  if (!parse_into(fields[4], months_spec, expression.months)) return std::string("bad month field");

  // Quartz needs `?` in exactly one of the two day fields.
  const bool day_of_month_unspecified = fields[3] == "?";
  const bool day_of_week_unspecified = fields[5] == "?";
  if (day_of_month_unspecified == day_of_week_unspecified) {
    return std::string("exactly one of day-of-month and day-of-week must be '?'");
  }
  expression.day_of_month_unspecified = day_of_month_unspecified;
  if (!day_of_month_unspecified && !parse_day_of_month(fields[3], expression)) {
    return std::string("bad day-of-month field");
  }
  if (!day_of_week_unspecified && !parse_day_of_week(fields[5], expression)) {
    return std::string("bad day-of-week field");
  }

  const std::string_view years = fields.size() == 7 ? fields[6] : std::string_view("*");
  if (!parse_into(years, years_spec, expression.years)) return std::string("bad year field");
  return expression;
}

std::optional<civil_time> next_match(const cron_expression& expression, civil_time from) {
  civil_time time = from;
  for (;;) {
    const int year = next_allowed(expression.years, time.year);
    if (year < 0) return std::nullopt;
    if (year != time.year) time = start_of_month(year, 1);

    const int month = next_allowed(expression.months, time.month);
    if (month < 0) {
      time = start_of_month(time.year + 1, 1);
      continue;
    }
    if (month != time.month) time = start_of_month(time.year, month);

    int day = time.day;
    const int last = days_in_month(time.year, time.month);
    while (day <= last && !day_matches(expression, time.year, time.month, day)) ++day;
    if (day > last) {
      time = start_of_month(time.year, time.month + 1);
      continue;
    }
    if (day != time.day) time = {time.year, time.month, day, 0, 0, 0};

    const int hour = next_allowed(expression.hours, time.hour);
    if (hour < 0) {
      time = start_of_next_day(time);
      continue;
    }
    if (hour != time.hour) time = {time.year, time.month, time.day, hour, 0, 0};

    const int minute = next_allowed(expression.minutes, time.minute);
    if (minute < 0) {
      time = start_of_next_hour(time);
      continue;
    }
    if (minute != time.minute) time = {time.year, time.month, time.day, time.hour, minute, 0};

    const int second = next_allowed(expression.seconds, time.second);
    if (second < 0) {
      time = start_of_next_minute(time);
      continue;
    }
    time.second = second;
    return time;
  }
}

}  // namespace broadside::schedule
