#include "schedule/frequency.hpp"

#include "schedule/civil_time.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace broadside::schedule {

namespace {

frequency_error error(schedule_error code, std::string_view detail) {
  std::string message(error_message(code));
  message += " (";
  message += detail;
  message += ")";
  return {code, std::move(message)};
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::vector<std::string_view> split_on_spaces(std::string_view text) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start < text.size()) {
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    size_t end = start;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end;
  }
  return words;
}

// A zone name to a zone, with the kind's own error for unknown names.
std::variant<time_zone, frequency_error> zone_for(std::string_view name, const zone_settings& zones,
                                                  schedule_error unknown_error) {
  auto found = find_time_zone(name, zones);
  if (auto* zone = std::get_if<time_zone>(&found)) return std::move(*zone);
  const std::string detail = "time zone " + std::string(name);
  switch (std::get<zone_failure>(found)) {
    case zone_failure::unknown_zone:
      return error(unknown_error, "unknown " + detail);
    case zone_failure::bad_gmt_format:
      return error(schedule_error::invalid_gmt_offset, detail);
    case zone_failure::bad_gmt_hour:
      return error(schedule_error::invalid_gmt_offset_hour, detail);
    case zone_failure::bad_gmt_minute:
      return error(schedule_error::invalid_gmt_offset_minute, detail);
    case zone_failure::corrupt_zone_file:
      return error(schedule_error::timezone_information_corrupt, detail);
  }
  return error(unknown_error, detail);
}

std::variant<frequency, frequency_error> parse_rate(std::string_view text, int64_t now_ms) {
  // rate(<n><s|m|h|d>)
  const std::string_view body = text.substr(5, text.size() - 6);
  if (text.back() != ')' || body.size() < 2) return error(schedule_error::invalid_rate_expression, text);
  int64_t unit_ms = 0;
  switch (body.back()) {
    case 's': unit_ms = 1000; break;
    case 'm': unit_ms = 60'000; break;
    case 'h': unit_ms = 3'600'000; break;
    case 'd': unit_ms = 86'400'000; break;
    default: return error(schedule_error::invalid_rate_expression, text);
  }
  int64_t interval_ms = 0;
  for (const char c : body.substr(0, body.size() - 1)) {
    if (c < '0' || c > '9') return error(schedule_error::invalid_rate_expression, text);
    // Saturate: any count this large is already over seven days.
    interval_ms = std::min(interval_ms * 10 + (c - '0') * unit_ms, maximum_rate_interval_ms + unit_ms);
  }
  if (interval_ms > maximum_rate_interval_ms) return error(schedule_error::rate_frequency_too_large, text);
  if (interval_ms < minimum_rate_interval_ms) return error(schedule_error::invalid_rate_expression, text);
  return rate_frequency{interval_ms, now_ms};
}

// Exactly `width` digits at `text[start]`, within [min, max].
std::optional<int> fixed_digits(std::string_view text, size_t start, size_t width, int min, int max) {
  int value = 0;
  for (size_t i = start; i < start + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::variant<frequency, frequency_error> parse_at(std::string_view text, int64_t now_ms, const zone_settings& zones) {
  // at(yyyy-MM-dd HH:mm:ss[ <tz>])
  constexpr size_t stamp_size = 19;
  const std::string_view body = text.substr(3, text.size() - 4);
  const auto bad = [&] { return error(schedule_error::invalid_at_expression, text); };
  if (text.back() != ')' || body.size() < stamp_size) return bad();
  if (body[4] != '-' || body[7] != '-' || body[10] != ' ' || body[13] != ':' || body[16] != ':') return bad();
  const auto year = fixed_digits(body, 0, 4, first_cron_year, last_cron_year);
  const auto month = fixed_digits(body, 5, 2, 1, 12);
  const auto hour = fixed_digits(body, 11, 2, 0, 23);
  const auto minute = fixed_digits(body, 14, 2, 0, 59);
  const auto second = fixed_digits(body, 17, 2, 0, 59);
  if (!year || !month || !hour || !minute || !second) return bad();
  const auto day = fixed_digits(body, 8, 2, 1, days_in_month(*year, *month));
  if (!day) return bad();

  std::string_view zone_name = "UTC";
  if (body.size() > stamp_size) {
    if (body[stamp_size] != ' ' || body.size() == stamp_size + 1) return bad();
    zone_name = body.substr(stamp_size + 1);
  }
  auto zone = zone_for(zone_name, zones, schedule_error::invalid_at_expression);
  if (auto* failure = std::get_if<frequency_error>(&zone)) return std::move(*failure);

  const civil_time wall{*year, *month, *day, *hour, *minute, *second};
  const int64_t fire_ms = std::get<time_zone>(zone).to_utc(seconds_from_civil(wall)) * 1000;
  if (fire_ms <= now_ms) return error(schedule_error::at_expression_expired, text);
  return at_frequency{fire_ms};
}

std::variant<frequency, frequency_error> parse_cron(std::string_view text, int64_t now_ms, const zone_settings& zones) {
  auto words = split_on_spaces(text);
  // A time zone name starts with a letter; a year field never does.
  std::string_view zone_name = zones.system_zone;
  if (words.size() >= 7 && std::isalpha(static_cast<unsigned char>(words.back().front()))) {
    zone_name = words.back();
    words.pop_back();
  }
  auto parsed = parse_cron_expression(words);
  if (const auto* problem = std::get_if<std::string>(&parsed)) {
    return error(schedule_error::bad_cron_expression, *problem);
  }
  auto zone = zone_for(zone_name, zones, schedule_error::bad_cron_expression);
  if (auto* failure = std::get_if<frequency_error>(&zone)) return std::move(*failure);

  frequency schedule = cron_frequency{std::move(std::get<cron_expression>(parsed)), std::move(std::get<time_zone>(zone))};
  if (!next_fire_ms(schedule, now_ms)) return error(schedule_error::cron_expression_expired, text);
  return schedule;
}

std::optional<int64_t> next_cron_fire_ms(const cron_frequency& cron, int64_t after_ms) {
  const int64_t earliest = floor_seconds(after_ms) + 1;
  // Just after a gap (clocks set forward), wall times inside the gap still
  // map to instants from here on (time_zone::to_utc): search from them.
  int64_t local_from = earliest + cron.zone.offset_at(earliest);
  const auto change = cron.zone.last_change_at_or_before(earliest);
  if (change && change->after > change->before && earliest - change->at < change->after - change->before) {
    local_from = earliest + change->before;
  }
  for (;;) {
    const auto wall = next_match(cron.expression, civil_from_seconds(local_from));
    if (!wall) return std::nullopt;
    const int64_t local = seconds_from_civil(*wall);
    const int64_t instant = cron.zone.to_utc(local);
    // In an overlap a wall time fires at its first occurrence only: when that
    // is already behind us, look at the next wall time.
    if (instant >= earliest) return instant * 1000;
    local_from = local + 1;
  }
}

}  // namespace

std::variant<frequency, frequency_error> parse_frequency(std::string_view text, int64_t now_ms,
                                                         const zone_settings& zones) {
  const std::string_view trimmed = trim(text);
  if (starts_with(trimmed, "rate(")) return parse_rate(trimmed, now_ms);
  if (starts_with(trimmed, "at(")) return parse_at(trimmed, now_ms, zones);
  return parse_cron(trimmed, now_ms, zones);
}

bool needs_newer_agent(std::string_view text) {
  const std::string_view trimmed = trim(text);
  // A classic cron expression has six fields; a seventh is a year or a zone.
  return starts_with(trimmed, "rate(") || starts_with(trimmed, "at(") || split_on_spaces(trimmed).size() > 6;
}

std::optional<int64_t> next_fire_ms(const frequency& schedule, int64_t after_ms) {
  if (const auto* rate = std::get_if<rate_frequency>(&schedule)) {
    const int64_t first = rate->created_ms + rate->interval_ms;
    if (after_ms < first) return first;
    return first + ((after_ms - first) / rate->interval_ms + 1) * rate->interval_ms;
  }
  if (const auto* at = std::get_if<at_frequency>(&schedule)) {
    if (after_ms < at->fire_ms) return at->fire_ms;
    return std::nullopt;
  }
  return next_cron_fire_ms(std::get<cron_frequency>(schedule), after_ms);
}

}  // namespace broadside::schedule
