#include "messages/agent_feature.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace broadside {

namespace {

std::optional<std::vector<uint64_t>> dotted_numbers(std::string_view text) {
  std::vector<uint64_t> parts{0};
  bool digit_seen = false;
  for (char c : text) {
    if (c == '.') {
      if (!digit_seen)
        return std::nullopt;
      parts.push_back(0);
      digit_seen = false;
    } else if (c >= '0' && c <= '9') {
      if (parts.back() > UINT32_MAX)
        return std::nullopt;
      parts.back() = parts.back() * 10 + static_cast<uint64_t>(c - '0');
      digit_seen = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digit_seen)
    return std::nullopt;
  return parts;
}

}  // namespace

std::string_view minimum_agent_version(agent_feature feature, platform_type platform) noexcept {
  switch (feature) {
    case agent_feature::none:
      return {};
    case agent_feature::schedule_expressions:
      return platform == platform_type::windows ? "2.1.3.282" : "2.2.3.282";
  }
  return {};
}

bool agent_supports(std::string_view version, platform_type platform, agent_feature feature) noexcept {
  auto minimum = minimum_agent_version(feature, platform);
  if (minimum.empty())
    return true;
  auto have = dotted_numbers(version);
  if (!have)
    return true;
  auto need = *dotted_numbers(minimum);
  for (size_t i = 0; i < std::max(have->size(), need.size()); ++i) {
    auto h = i < have->size() ? (*have)[i] : 0;
    auto n = i < need.size() ? need[i] : 0;
    if (h != n)
      return h > n;
  }
  return true;
}

}  // namespace broadside
