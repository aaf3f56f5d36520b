#include "actors/command_library.hpp"

namespace broadside {

caf::behavior command_library(caf::stateful_actor<command_library_state>* self) {
  return {
      [=](save_command& s) {
        auto& commands = self->state.commands;
        if (commands.size() >= saved_command_quota)
          return false;
        auto id = s.command.task.command_id;
        commands[id] = std::move(s.command);
        return true;
      },
      [=](const find_saved_command& f) {
        auto found = self->state.commands.find(f.command_id);
        return found == self->state.commands.end() ? saved_command{} : found->second;
      },
  };
}

}  // namespace broadside
