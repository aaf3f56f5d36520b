#include "api/iso_time.hpp"

#include <ctime>

namespace broadside::api {

namespace {

// `n` as exactly `width` decimal digits (n >= 0); snprintf was a third of
// GetCommandInvocation's output.
void append_digits(std::string& out, int64_t n, int width) {
  char digits[20];
  for (int i = width - 1; i >= 0; --i, n /= 10)
    digits[i] = static_cast<char>('0' + n % 10);
  out.append(digits, static_cast<size_t>(width));
}

}  // namespace

std::string iso_time(int64_t unix_ms) {
  auto seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  std::string out;
  out.reserve(24);
  append_digits(out, utc.tm_year + 1900, 4);
  out += '-';
  append_digits(out, utc.tm_mon + 1, 2);
  out += '-';
  append_digits(out, utc.tm_mday, 2);
  out += 'T';
  append_digits(out, utc.tm_hour, 2);
  out += ':';
  append_digits(out, utc.tm_min, 2);
  out += ':';
  append_digits(out, utc.tm_sec, 2);
  out += '.';
  append_digits(out, unix_ms % 1000, 3);
  out += 'Z';
  return out;
}


std::string iso_duration(int64_t ms) {
  auto hours = ms / 3'600'000;
  auto minutes = ms / 60'000 % 60;
  auto seconds = ms % 60'000;
  std::string out = "PT";
  if (hours > 0)
    out += std::to_string(hours) + "H";
  if (minutes > 0)
    out += std::to_string(minutes) + "M";
  out += std::to_string(seconds / 1000);
  out += '.';
  append_digits(out, seconds % 1000, 3);
  out += 'S';
  return out;
}

}  // namespace broadside::api
