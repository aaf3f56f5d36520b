#pragma once

// What a run asks of the agent beyond running a script: a feature only agents
// from some version on have. The service compares it with the version the
// inventory knows and fails the run with ClientNeedUpgrade rather than
// sending it to an agent that cannot do it.

#include "messages/platform.hpp"

#include <cstdint>
#include <string_view>

namespace broadside {

enum class agent_feature : uint8_t {
  none,
  // rate() and at() frequencies, and cron expressions with a year or a time
  // zone (Cloud Assistant: agent 2.2.3.282 on Linux, 2.1.3.282 on Windows).
  schedule_expressions,
};
constexpr agent_feature last_value(agent_feature) noexcept { return agent_feature::schedule_expressions; }

// The version agents report unless told otherwise (simulated nodes by
// default, `broadside agent` without --agent-version): one with every feature.
inline constexpr std::string_view current_agent_version = "3.3.0.0";

// The first agent version with `feature` on `platform` ("" for none).
std::string_view minimum_agent_version(agent_feature feature, platform_type platform) noexcept;

// Whether an agent of `version` on `platform` has `feature`. Versions are
// dotted numbers compared part by part ("2.10" is newer than "2.9"); a
// missing part counts as 0, and a version that is not dotted numbers is
// taken as new enough (the inventory does not know better).
bool agent_supports(std::string_view version, platform_type platform, agent_feature feature) noexcept;

}  // namespace broadside
