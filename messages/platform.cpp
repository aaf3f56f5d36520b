#include "messages/platform.hpp"

#include <array>

namespace broadside {

namespace {
constexpr std::array<std::string_view, 3> names{"Linux", "Windows", "MacOS"};
}

std::string_view wire_name(platform_type p) noexcept { return names[static_cast<size_t>(p)]; }

std::optional<platform_type> parse_platform(std::string_view wire) noexcept {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == wire)
      return static_cast<platform_type>(i);
  return std::nullopt;
}

}  // namespace broadside
