#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace broadside {

// PlatformType of DescribeInstanceInformation.
enum class platform_type : uint8_t { linux_os, windows, macos };
constexpr platform_type last_value(platform_type) noexcept { return platform_type::macos; }

// A set of platforms, one bit per platform_type.
using platform_set = uint8_t;

constexpr platform_set platform_bit(platform_type p) noexcept {
  return static_cast<platform_set>(1u << static_cast<unsigned>(p));
}

std::string_view wire_name(platform_type p) noexcept;
std::optional<platform_type> parse_platform(std::string_view wire) noexcept;

}  // namespace broadside
