#pragma once

// The invocation actor: one command on one managed node, from its first send
// to its terminal state. Spawned by the command actor when the target gets a
// concurrency slot; quits once it has reported a terminal state, which frees
// the slot.
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
// Accepts: run_accepted, run_result (from the node), cancel_atom (from the
// command), and its own timer. Sends invocation_update to the command.

#include "messages/document.hpp"
#include "messages/events.hpp"
#include "messages/fleet.hpp"
#include "messages/uuid.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>

namespace broadside {

struct invocation_spec {
  uuid command_id;
  uint32_t target = 0;
  node_status node;               // as the command resolved it
  uint64_t inventory_version = 0;  // of that resolution
  shared_document document;
  int64_t deliver_by_ms = 0;  // not delivered by then: Delivery Timed Out
  int64_t expires_ms = 0;     // no terminal report by then: Delivery Timed Out
};

struct invocation_state {
  runtime::context* ctx = nullptr;
  caf::actor command;
  caf::actor fleet;
  invocation_spec spec;
  invocation_details details = invocation_details::in_progress;
  bool delivered = false;
  bool cancel_requested = false;
  bool lookup_pending = false;
  uint32_t attempts = 0;
  int64_t next_attempt_ms = 0;  // the next attempt is due (0: none planned)
  int64_t ack_wait_ms = 0;
  int64_t armed_ms = INT64_MAX;  // earliest timer already scheduled
  static inline const char* name = "invocation";
};

caf::behavior invocation_actor(caf::stateful_actor<invocation_state>* self, runtime::context* ctx,
                               caf::actor command, caf::actor fleet, invocation_spec spec);

}  // namespace broadside
