#pragma once

// The command library: Cloud Assistant's saved commands, which InvokeCommand
// runs by CommandId. With a store, a saved command is on disk before the
// save is answered, and the library starts with what the store holds.
//
// Accepts: save_command -> bool, find_saved_command -> saved_command.

#include "messages/saved_command.hpp"
#include "storage/saved_command_store.hpp"

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
  storage::saved_command_store* store = nullptr;  // none: in memory only
  std::unordered_map<std::string, saved_command> commands;
  static inline const char* name = "command_library";
};

caf::behavior command_library(caf::stateful_actor<command_library_state>* self,
                              storage::saved_command_store* store);

}  // namespace broadside
