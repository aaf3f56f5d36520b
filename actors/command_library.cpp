#include "actors/command_library.hpp"

#include <caf/sec.hpp>

namespace broadside {

caf::behavior command_library(caf::stateful_actor<command_library_state>* self,
                              storage::saved_command_store* store) {
  self->state.store = store;
  if (store)
    for (auto& c : store->load()) {
      auto id = c.task.command_id;
      self->state.commands[id] = std::move(c);
    }
  return {
      [=](save_command& s) -> caf::result<bool> {
        auto& st = self->state;
        if (st.commands.size() >= saved_command_quota)
          return false;
        if (st.store) {
          try {
            st.store->save(s.command);
          } catch (const std::exception& e) {
            return caf::make_error(caf::sec::runtime_error,
                                   std::string{"the command could not be stored: "} + e.what());
          }
        }
        auto id = s.command.task.command_id;
        st.commands[id] = std::move(s.command);
        return true;
      },
      [=](const find_saved_command& f) {
        auto found = self->state.commands.find(f.command_id);
        return found == self->state.commands.end() ? saved_command{} : found->second;
      },
  };
}

}  // namespace broadside
