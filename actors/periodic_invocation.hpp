#pragma once

// A periodic task of Cloud Assistant (RepeatMode Period): one InvokeId whose
// Frequency starts a run again and again. It owns a schedule actor; each fire
// asks the command registry to accept one run, a command of its own (the
// task's request with a run id, `parent` naming the task), which runs like
// any other. StopInvocation (a cancel_command for the task) stops the schedule
// and cancels the run in progress. The task itself is a command without
// targets in the registry's book: InProgress while its schedule lasts, then
// Success (no fire left) or Cancelled (stopped). docs/status-mapping.md shows
// how Cloud Assistant's API reads a task from its runs.
//
// Accepts: schedule_fire, schedule_ended (from its schedule), cancel_command
// (from the registry). Sends the registry accept_command, cancel_command and
// command_update (the task's own).

#include "messages/send_command.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <memory>
#include <optional>

namespace broadside {

// The command id of run `repeat` (from 1) of periodic task `task`.
uuid periodic_run_id(const uuid& task, uint32_t repeat) noexcept;

struct periodic_invocation_state {
  runtime::context* ctx = nullptr;
  caf::actor registry;
  std::shared_ptr<const send_command> task;
  caf::actor schedule;
  uint32_t runs_before = 0;          // runs an earlier life of the service started
  std::optional<uuid> current_run;  // the latest run the registry accepted
  bool over = false;
  static inline const char* name = "periodic_invocation";
};

// `runs_before`: the task's runs so far (a task resumed after a restart of
// the service numbers its next run after them).
caf::behavior periodic_invocation(caf::stateful_actor<periodic_invocation_state>* self,
                                  runtime::context* ctx, caf::actor registry, send_command task,
                                  uint32_t runs_before);

}  // namespace broadside
