#pragma once

// UTC times written with fixed-width numeric fields, as signed requests carry
// them: ISO 8601's basic format in SigV4 (20261122T175956Z), its extended
// format in Alibaba Cloud's RPC requests (2026-11-22T17:59:56Z).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace broadside::api {

// `layout` spells the text: YYYY, MM, DD, hh, mm, ss for the fields, any
// other character for itself.
inline constexpr std::string_view iso_8601_basic = "YYYYMMDDThhmmssZ";
inline constexpr std::string_view iso_8601_extended = "YYYY-MM-DDThh:mm:ssZ";

std::string format_utc(int64_t unix_s, std::string_view layout);

// Unix seconds; nullopt if `text` does not follow `layout` or names no real
// time (month 13, February 30, hour 24, second 61; ISO 8601 allows the 60th
// of a leap second).
std::optional<int64_t> parse_utc(std::string_view text, std::string_view layout);

// The same from fields, checked the same way.
std::optional<int64_t> utc_seconds(int year, int month, int day, int hour, int minute,
                                   int second);

}  // namespace broadside::api
