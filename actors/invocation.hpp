#pragma once

// The invocation actor: one command on one managed node, from its first send
// to its terminal state. The command actor gives it an invocation_spec when
// the target gets a concurrency slot; its terminal report frees the slot, and
// the command gives the actor its next invocation (a spawn and an exit per
// invocation would cost more than the invocation's own work). Answers and
// timers meant for an earlier invocation are recognised by their serial.
//
// Life of an invocation (semantics.md):
//   before each attempt it asks the fleet whether the node is still managed
//   (else Undeliverable) and runs the document's platform (else Invalid
//   Platform); it sends a run_request and waits for run_accepted. An attempt
//   left unanswered makes it Delayed and is sent again, with the wait doubled
//   up to a cap, until the delivery deadline (then Delivery Timed Out). Once
//   accepted it waits for the node's run_result until the expiry (then
//   Delivery Timed Out: no terminal report). A cancel makes it Cancelled at
//   once if nothing can be running, else Cancelling until the node answers.
//
// Accepts: invocation_spec, cancel_atom (from the command), run_accepted,
// run_result (from the node), and its own timer. Sends invocation_update to
// the command.

#include "messages/events.hpp"
#include "messages/invocation_spec.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>

namespace broadside {

struct invocation_state {
  runtime::context* ctx = nullptr;
  caf::actor command;
  caf::actor fleet;
  invocation_spec spec;  // the current invocation
  invocation_details details = invocation_details::in_progress;
  bool delivered = false;
  bool cancel_requested = false;
  bool lookup_pending = false;
  uint32_t attempts = 0;
  int64_t next_attempt_ms = 0;  // the next attempt is due (0: none planned)
  int64_t ack_wait_ms = 0;
  int64_t armed_ms = INT64_MAX;  // earliest timer already scheduled
  runtime::timer_ticket armed;   // that timer
  static inline const char* name = "invocation";
};

// Spawn lazily: it waits for its first invocation_spec.
caf::behavior invocation_actor(caf::stateful_actor<invocation_state>* self, runtime::context* ctx,
                               caf::actor command, caf::actor fleet);

}  // namespace broadside
