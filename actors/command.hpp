#pragma once

// The command actor: one SendCommand, from target resolution to its final
// status. It asks the fleet for the targets, opens a concurrency window
// (MaxConcurrency, ramping up unless told not to), hands each target to an
// invocation actor as slots free (reusing the actors of finished ones), counts what the invocations report, halts when
// ErrorCount exceeds MaxErrors (never-sent targets end Terminated), and
// derives its own Status / StatusDetails and counts from its invocations.
//
// Accepts: invocation_update (from its invocations), cancel_command, and its
// own timer (the command-wide delivery deadline). Sends command_update to the
// listener whenever its StatusDetails changes, and hands it the invocation
// updates too if asked to.

#include "actors/command_tally.hpp"
#include "messages/document.hpp"
#include "messages/events.hpp"
#include "messages/fleet.hpp"
#include "messages/send_command.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace broadside {

// Why a send_command cannot be run, or nullopt if it can. The API layer
// validates against the service model first; this is what the engine needs.
std::optional<std::string> check_send_command(const send_command& cmd);

struct command_listener {
  caf::actor actor;  // receives command_update
  // If set, called with every invocation_update and the invocation's
  // previous state, in the order the command takes them, from the command
  // actor's thread (so it must be thread-safe on the real clock). A call,
  // not a message: watching costs no events.
  std::function<void(const invocation_update&, invocation_details previous)> invocations;
  // If set, called once with the instance ids of the resolved targets, in
  // target order, before any of them is sent (same thread rules).
  std::function<void(const std::vector<std::string>& instance_ids)> resolved;
};

struct command_state {
  struct target {
    node_status node;  // as resolved
    invocation_details details;
    caf::actor invocation;  // the invocation actor running it, while in flight
  };

  runtime::context* ctx = nullptr;
  caf::actor fleet;
  command_listener listener;
  send_command spec;
  shared_document document;
  int64_t requested_ms = 0;
  bool resolved = false;
  uint64_t inventory_version = 0;  // of the resolution
  std::vector<target> targets;
  std::optional<command_tally> tally;
  uint32_t max_concurrency = 0;
  uint32_t window = 0;  // current concurrency window (ramp)
  uint32_t next = 0;    // next target that may still be sent
  uint32_t in_flight = 0;        // targets sent and not terminal
  std::vector<caf::actor> idle;  // invocation actors between invocations
  bool halted = false;
  bool cancel_requested = false;
  command_details details = command_details::pending;
  static inline const char* name = "command";
};

caf::behavior command_actor(caf::stateful_actor<command_state>* self, runtime::context* ctx,
                            caf::actor fleet, send_command spec, command_listener listener);

}  // namespace broadside
