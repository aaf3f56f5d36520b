#pragma once

// Cloud Assistant's runs in a container (ContainerId / ContainerName): the
// form of the target, checked by every instance, and which container of a
// simulated instance it names. Only containers managed by Kubernetes through
// the CRI on docker, containerd or cri-o are supported, an id being 64 hex
// digits with an optional `<runtime>://` in front.

#include "messages/instance_error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace broadside {

// InvalidContainerName, UnsupportedContainerRuntime or InvalidContainerId
// when the target is malformed; none otherwise (and when it names no
// container at all).
instance_error container_target_problem(std::string_view id, std::string_view name);

// A container of a simulated instance.
struct container {
  std::string id;       // 64 hex digits
  std::string name;
  std::string state = "running";  // anything else cannot run commands
};

// Which of `containers` a well-formed target names, as the agent asks the
// runtime: ContainerNotFound, ContainerNameAndIdNotMatch (the id's container
// has another name), ContainerNameDuplicated (only a name, shared by two),
// ContainerStateAbnormal (not running); none when the run can go on.
instance_error container_resolution_problem(const std::vector<container>& containers,
                                            std::string_view id, std::string_view name);

}  // namespace broadside
