#pragma once

// A reboot-triggered task of Cloud Assistant (RepeatMode NextRebootOnly or
// EveryReboot): one InvokeId whose instances run the command when their
// machine boots. It resolves its targets with the fleet and watches their
// boots; each boot of a target has the registry accept one run on that
// instance alone, a command of its own (`parent` naming the task), as a
// periodic task's fires do (periodic_invocation.hpp). NextRebootOnly: an
// instance's first boot is its only run, and the task is over once every
// instance has had its run. EveryReboot: every boot, until StopInvocation.
// Until its first boot an instance shows no run: the task is Scheduled.
//
// Accepts: node_booted (from the fleet), cancel_command (from the registry).
// Sends the registry accept_command, cancel_command and command_update (the
// task's own); the fleet resolve_targets, watch_boots and unwatch_boots.

#include "messages/send_command.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <memory>
#include <set>
#include <string>
#include <unordered_map>

namespace broadside {

struct reboot_invocation_state {
  runtime::context* ctx = nullptr;
  caf::actor registry;
  caf::actor fleet;
  std::shared_ptr<const send_command> task;
  uint32_t runs = 0;                                   // started so far, in every life
  std::unordered_map<uint32_t, std::string> watched;   // node -> instance id
  std::set<uuid> runs_started;                          // to cancel on a stop
  bool over = false;
  static inline const char* name = "reboot_invocation";
};

// `runs_before`: the task's runs so far (a task resumed after a restart of
// the service numbers its next run after them). A resumed NextRebootOnly
// task waits only for the instances that have not had their run.
caf::behavior reboot_invocation(caf::stateful_actor<reboot_invocation_state>* self,
                                runtime::context* ctx, caf::actor registry, caf::actor fleet,
                                send_command task, uint32_t runs_before,
                                std::set<std::string> instances_done);

}  // namespace broadside
