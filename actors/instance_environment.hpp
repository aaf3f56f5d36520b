#pragma once

// What a simulated instance has besides its behaviour, shared by its group
// (scenario files: docs/scenarios.md): a Windows instance's logons, and the
// containers on it.

#include "actors/container_target.hpp"
#include "actors/windows_logon.hpp"

#include <optional>
#include <vector>

namespace broadside {

struct instance_environment {
  std::optional<windows_logon> windows;  // Windows instances; none: every user runs
  std::vector<container> containers;
};

}  // namespace broadside
