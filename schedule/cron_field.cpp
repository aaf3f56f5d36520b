#include "schedule/cron_field.hpp"

#include <cctype>

namespace broadside::schedule {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::optional<int> parse_number(std::string_view text, int max) {
  if (text.empty()) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > max) return std::nullopt;
  }
  return value;
}

bool add_item(std::string_view item, const cron_field_spec& spec, std::vector<bool>& allowed) {
  int step = 1;
  const size_t slash = item.find('/');
  std::string_view range = item;
  bool has_step = false;
  if (slash != std::string_view::npos) {
    // Quartz refuses steps beyond the field's width (seconds: 59 at most).
    const auto parsed = parse_number(item.substr(slash + 1), spec.max);
    if (!parsed || *parsed == 0) return false;
    step = *parsed;
    range = item.substr(0, slash);
    has_step = true;
  }

  int first = spec.min;
  int last = spec.max;
  if (range != "*") {
    const size_t dash = range.find('-');
    const auto start = parse_cron_value(range.substr(0, dash), spec);
    if (!start) return false;
    first = *start;
    if (dash != std::string_view::npos) {
      const auto end = parse_cron_value(range.substr(dash + 1), spec);
      if (!end) return false;
      last = *end;
    } else if (!has_step) {
      last = first;  // a single value; `5/15` runs from 5 to the maximum
    }
  }

  const int width = spec.max - spec.min + 1;
  if (last < first) {
    if (!spec.ranges_wrap) return false;
    last += width;
  }
  for (int value = first; value <= last; value += step) {
    allowed[static_cast<size_t>(spec.min + (value - spec.min) % width)] = true;
  }
  return true;
}

}  // namespace

std::optional<int> parse_cron_value(std::string_view text, const cron_field_spec& spec) {
  for (size_t i = 0; i < spec.names.size(); ++i) {
    if (equal_ignoring_case(text, spec.names[i])) return spec.min + static_cast<int>(i);
  }
  const auto value = parse_number(text, spec.max);
  if (!value || *value < spec.min) return std::nullopt;
  return value;
}

std::optional<std::vector<bool>> parse_cron_field(std::string_view text, const cron_field_spec& spec) {
  std::vector<bool> allowed(static_cast<size_t>(spec.max) + 1, false);
  if (text.empty()) return std::nullopt;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    const std::string_view item = text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (item.empty() || !add_item(item, spec, allowed)) return std::nullopt;
    if (comma == std::string_view::npos) return allowed;
    start = comma + 1;
  }
}

}  // namespace broadside::schedule
