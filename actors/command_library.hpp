#pragma once

// The command library: Cloud Assistant's saved commands, which InvokeCommand
// runs by CommandId. In memory: a restarted service has none (docs/cloud-assistant-api.md).
//
// Accepts: save_command -> bool, find_saved_command -> saved_command.

#include "messages/saved_command.hpp"

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>

namespace broadside {

// Cloud Assistant's default quota of saved commands per region.
inline constexpr size_t saved_command_quota = 500;

struct command_library_state {
  std::unordered_map<std::string, saved_command> commands;
  static inline const char* name = "command_library";
};

caf::behavior command_library(caf::stateful_actor<command_library_state>* self);

}  // namespace broadside
