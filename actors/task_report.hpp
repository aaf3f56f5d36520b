#pragma once

// What a repeating task (periodic_invocation, reboot_invocation) tells the
// registry of itself: the task is a command without targets in the book,
// InProgress while it lasts, then Success or Cancelled.

#include "messages/events.hpp"
#include "runtime/context.hpp"

#include <caf/stateful_actor.hpp>

namespace broadside {

// The task's own state, as the registry books it. `State` has ctx,
// registry, task (a send_command) and over.
template <class State>
void report_task(caf::stateful_actor<State>* self, command_details details) {
  auto& st = self->state;
  command_update u;
  u.command_id = st.task->command_id;
  u.details = details;
  u.at_ms = runtime::now_ms(self, *st.ctx);
  self->send(st.registry, std::move(u));
}

// Reports the task's end once, and quits.
template <class State>
void end_task(caf::stateful_actor<State>* self, command_details details) {
  if (self->state.over)
    return;
  self->state.over = true;
  report_task(self, details);
  self->quit();
}

}  // namespace broadside
