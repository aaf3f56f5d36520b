#pragma once

// What a simulated instance has besides its behaviour, shared by its group
// (scenario files: docs/scenarios.md): its containers, a Windows instance's
// logons, a Linux instance's users and directories. Each is modelled only
// when the scenario says so; otherwise everything a run asks for is there.

#include "actors/container_target.hpp"
#include "actors/windows_logon.hpp"
#include "messages/document.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace broadside {

struct instance_environment {
  std::vector<container> containers;
  bool container_runtime_reachable = true;  // false: ContainerConnectFailed
  std::optional<windows_logon> windows;     // Windows instances
  std::optional<std::set<std::string>> users;        // Linux accounts besides root
  std::optional<std::set<std::string>> directories;  // existing directories
};

// Why an instance with `env` (null: nothing modelled) will not start the
// run of `doc`, found in the order the real agent finds it: the container,
// the user (or Windows logon), the working directory. None if it will.
instance_error environment_problem(const instance_environment* env, const run_document& doc);

}  // namespace broadside
