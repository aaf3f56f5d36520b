#include "messages/limit.hpp"

#include <algorithm>

namespace broadside {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Shared shape of both patterns; they differ only in whether zero is allowed.
std::optional<limit> parse(std::string_view wire, bool zero_allowed) {
  if (wire.empty() || wire.size() > 7)
    return std::nullopt;
  bool percent = wire.back() == '%';
  auto digits = percent ? wire.substr(0, wire.size() - 1) : wire;
  if (!all_digits(digits))
    return std::nullopt;
  if (digits.size() > 1 && digits.front() == '0')
    return std::nullopt;  // no leading zeros in either pattern
  if (percent && digits.size() > 3)
    return std::nullopt;
  uint64_t value = 0;
  for (char c : digits)
    value = value * 10 + static_cast<uint64_t>(c - '0');
  if (percent && value > 100)
    return std::nullopt;
  if (value == 0 && !zero_allowed)
    return std::nullopt;
  return limit{static_cast<uint32_t>(value), percent};
}

uint32_t percent_of(uint32_t percent, uint32_t target_count) {
  return static_cast<uint32_t>(uint64_t{target_count} * percent / 100);
}

}  // namespace

std::optional<limit> parse_max_concurrency(std::string_view wire) { return parse(wire, false); }

std::optional<limit> parse_max_errors(std::string_view wire) { return parse(wire, true); }

std::string to_wire(const limit& x) {
  auto s = std::to_string(x.value);
  if (x.percent)
    s += '%';
  return s;
}

uint32_t resolve_max_concurrency(const limit& x, uint32_t target_count) {
  if (!x.percent)
    return std::max<uint32_t>(x.value, 1);
  return std::max<uint32_t>(percent_of(x.value, target_count), 1);
}

uint32_t resolve_max_errors(const limit& x, uint32_t target_count) {
  return x.percent ? percent_of(x.value, target_count) : x.value;
}

}  // namespace broadside
