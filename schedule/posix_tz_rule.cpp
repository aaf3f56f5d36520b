#include "schedule/posix_tz_rule.hpp"

#include "schedule/civil_time.hpp"

#include <algorithm>
#include <cctype>

namespace broadside::schedule {

namespace {

class tz_reader {
 public:
  explicit tz_reader(std::string_view text) : text_(text) {}

  bool at_end() const { return position_ == text_.size(); }
  bool next_is(char c) const { return position_ < text_.size() && text_[position_] == c; }
  bool next_is_digit() const {
    return position_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[position_]));
  }
  bool next_starts_name() const {
    return next_is('<') || (position_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[position_])));
  }
  bool skip(char c) {
    if (!next_is(c)) return false;
    ++position_;
    return true;
  }

  // `<...>` or at least three letters.
  bool read_name() {
    if (skip('<')) {
      const size_t close = text_.find('>', position_);
      if (close == std::string_view::npos || close == position_) return false;
      position_ = close + 1;
      return true;
    }
    const size_t start = position_;
    while (position_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[position_]))) ++position_;
    return position_ - start >= 3;
  }

  std::optional<int> read_number(int max) {
    if (!next_is_digit()) return std::nullopt;
    int value = 0;
    while (next_is_digit()) {
      value = value * 10 + (text_[position_++] - '0');
      if (value > max) return std::nullopt;
    }
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds; hours up to 167 as TZif v3 allows.
  std::optional<int32_t> read_duration() {
    int sign = 1;
    if (skip('-')) {
      sign = -1;
    } else {
      skip('+');
    }
    const auto hours = read_number(167);
    if (!hours) return std::nullopt;
    int32_t seconds = *hours * 3600;
    if (skip(':')) {
      const auto minutes = read_number(59);
      if (!minutes) return std::nullopt;
      seconds += *minutes * 60;
      if (skip(':')) {
        const auto secs = read_number(59);
        if (!secs) return std::nullopt;
        seconds += *secs;
      }
    }
    return sign * seconds;
  }

  std::optional<posix_date> read_date() {
    posix_date date;
    if (skip('J')) {
      date.kind = posix_date::form::julian_no_leap;
      const auto day = read_number(365);
      if (!day || *day < 1) return std::nullopt;
      date.day = *day;
    } else if (skip('M')) {
      date.kind = posix_date::form::month_week_day;
      const auto month = read_number(12);
      if (!month || *month < 1 || !skip('.')) return std::nullopt;
      const auto week = read_number(5);
      if (!week || *week < 1 || !skip('.')) return std::nullopt;
      const auto weekday = read_number(6);
      if (!weekday) return std::nullopt;
      date.month = *month;
      date.week = *week;
      date.day = *weekday;
    } else {
      date.kind = posix_date::form::zero_based;
      const auto day = read_number(365);
      if (!day) return std::nullopt;
      date.day = *day;
    }
    return date;
  }

 private:
  std::string_view text_;
  size_t position_ = 0;
};

// Days since the epoch of a rule date in a year.
int64_t day_of(const posix_date& date, int year) {
  const int64_t january_first = days_from_civil(year, 1, 1);
  switch (date.kind) {
    case posix_date::form::julian_no_leap:
      // Jn never counts February 29.
      return january_first + date.day - 1 + (is_leap_year(year) && date.day >= 60 ? 1 : 0);
    case posix_date::form::zero_based:
      return january_first + date.day;
    case posix_date::form::month_week_day:
      break;
  }
  const int first_weekday = quartz_weekday(year, date.month, 1) - 1;  // 0 = Sunday
  int day = 1 + (date.day - first_weekday + 7) % 7 + 7 * (date.week - 1);
  while (day > days_in_month(year, date.month)) day -= 7;  // week 5 means the last one
  return days_from_civil(year, date.month, day);
}

}  // namespace

std::optional<posix_tz_rule> parse_posix_tz(std::string_view text) {
  tz_reader reader(text);
  posix_tz_rule rule;
  if (!reader.read_name()) return std::nullopt;
  const auto standard_west = reader.read_duration();
  if (!standard_west) return std::nullopt;
  rule.standard_offset = -*standard_west;
  if (reader.at_end()) return rule;

  if (!reader.read_name()) return std::nullopt;
  posix_tz_rule::daylight_part daylight;
  daylight.offset = rule.standard_offset + 3600;
  if (!reader.next_is(',') && !reader.at_end()) {
    const auto daylight_west = reader.read_duration();
    if (!daylight_west) return std::nullopt;
    daylight.offset = -*daylight_west;
  }
  if (reader.at_end()) {
    // POSIX leaves the default rule to the implementation; tzcode uses the US one.
    daylight.start = {posix_date::form::month_week_day, 0, 3, 2};
    daylight.end = {posix_date::form::month_week_day, 0, 11, 1};
    rule.daylight = daylight;
    return rule;
  }
  // `,date[/time]`, once for the start of daylight time and once for its end.
  auto read_change = [&reader](posix_date& date, int32_t& time) {
    if (!reader.skip(',')) return false;
    const auto read = reader.read_date();
    if (!read) return false;
    date = *read;
    if (reader.skip('/')) {
      const auto at = reader.read_duration();
      if (!at) return false;
      time = *at;
    }
    return true;
  };
  if (!read_change(daylight.start, daylight.start_time)
      || !read_change(daylight.end, daylight.end_time) || !reader.at_end())
    return std::nullopt;
  rule.daylight = daylight;
  return rule;
}

std::vector<offset_change> changes_in_year(const posix_tz_rule& rule, int year) {
  if (!rule.daylight) return {};
  const auto& daylight = *rule.daylight;
  std::vector<offset_change> changes{
      {day_of(daylight.start, year) * 86400 + daylight.start_time - rule.standard_offset, rule.standard_offset,
       daylight.offset},
      {day_of(daylight.end, year) * 86400 + daylight.end_time - daylight.offset, daylight.offset,
       rule.standard_offset}};
  std::sort(changes.begin(), changes.end(),
            [](const offset_change& a, const offset_change& b) { return a.at < b.at; });
  return changes;
}

}  // namespace broadside::schedule
