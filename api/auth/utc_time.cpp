#include "api/auth/utc_time.hpp"

#include "schedule/civil_time.hpp"

namespace broadside::api {

namespace {

// Each field's letters and where its value is kept.
struct field {
  char letter;
  int schedule::civil_time::*member;
};

constexpr field fields[] = {
  {'Y', &schedule::civil_time::year},   {'M', &schedule::civil_time::month},
  {'D', &schedule::civil_time::day},    {'h', &schedule::civil_time::hour},
  {'m', &schedule::civil_time::minute}, {'s', &schedule::civil_time::second},
};

const field* field_of(char letter) {
  for (const auto& f : fields)
    if (f.letter == letter)
      return &f;
  return nullptr;
}

}  // namespace

std::string format_utc(int64_t unix_s, std::string_view layout) {
  auto time = schedule::civil_from_seconds(unix_s);
  std::string text(layout.size(), '0');
  for (size_t i = 0; i < layout.size();) {
    const field* f = field_of(layout[i]);
    if (!f) {
      text[i] = layout[i];
      ++i;
      continue;
    }
    size_t width = 1;
    while (i + width < layout.size() && layout[i + width] == layout[i])
      ++width;
    int value = time.*(f->member);
    for (size_t digit = width; digit > 0; --digit, value /= 10)
      text[i + digit - 1] = static_cast<char>('0' + value % 10);
    i += width;
  }
  return text;
}

std::optional<int64_t> parse_utc(std::string_view text, std::string_view layout) {
  if (text.size() != layout.size())
    return std::nullopt;
  schedule::civil_time time;
  for (const auto& f : fields)
    time.*(f.member) = 0;
  for (size_t i = 0; i < layout.size(); ++i) {
    const field* f = field_of(layout[i]);
    if (!f) {
      if (text[i] != layout[i])
        return std::nullopt;
    } else if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    } else {
      int& value = time.*(f->member);
      value = value * 10 + (text[i] - '0');
    }
  }
  return utc_seconds(time.year, time.month, time.day, time.hour, time.minute, time.second);
}

std::optional<int64_t> utc_seconds(int year, int month, int day, int hour, int minute,
                                   int second) {
  if (month < 1 || month > 12 || day < 1 || day > schedule::days_in_month(year, month) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return std::nullopt;
  return schedule::seconds_from_civil({year, month, day, hour, minute, second});
}

}  // namespace broadside::api
