#include "schedule/zone_lookup.hpp"

#include "schedule/gmt_offset.hpp"
#include "schedule/tzif.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace broadside::schedule {

namespace {

bool is_safe_zone_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  for (const char c : name) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                         c == '_' || c == '+' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

zone_failure failure_of(schedule_error error) {
  switch (error) {
    case schedule_error::invalid_gmt_offset_hour:
      return zone_failure::bad_gmt_hour;
    case schedule_error::invalid_gmt_offset_minute:
      return zone_failure::bad_gmt_minute;
    default:
      return zone_failure::bad_gmt_format;
  }
}

std::variant<time_zone, zone_failure> read_zone_file(std::string_view name, const zone_settings& settings) {
  const std::filesystem::path path = std::filesystem::path(settings.zoneinfo_dir) / std::string(name);
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) return zone_failure::unknown_zone;
  // A directory such as `America` names a region, not a zone.
  if (status.type() == std::filesystem::file_type::directory) return zone_failure::unknown_zone;
  if (error) return zone_failure::corrupt_zone_file;

  std::ifstream file(path, std::ios::binary);
  if (!file) return zone_failure::corrupt_zone_file;  // e.g. no permission to read it
  std::ostringstream bytes;
  bytes << file.rdbuf();
  const auto data = parse_tzif(bytes.str());
  if (!data) return zone_failure::corrupt_zone_file;

  std::optional<posix_tz_rule> rule;
  if (!data->footer.empty()) {
    rule = parse_posix_tz(data->footer);
    if (!rule) return zone_failure::corrupt_zone_file;
  }
  return time_zone(std::string(name), data->initial_offset, data->changes, rule);
}

}  // namespace

std::variant<time_zone, zone_failure> find_time_zone(std::string_view name, const zone_settings& settings) {
  if (name == "UTC" || name == "GMT") return time_zone::fixed(std::string(name), 0);
  if (looks_like_gmt_offset(name)) {
    const auto offset = parse_gmt_offset(name);
    if (const auto* error = std::get_if<schedule_error>(&offset)) return failure_of(*error);
    return time_zone::fixed(std::string(name), std::get<int32_t>(offset));
  }
  if (!is_safe_zone_name(name)) return zone_failure::unknown_zone;
  return read_zone_file(name, settings);
}

}  // namespace broadside::schedule
