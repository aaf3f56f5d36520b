#pragma once

// What every engine actor is given at spawn: where to send node traffic,
// where to write its trace, and the constants of the delivery protocol.
// The engine owns it and outlives every actor that holds a pointer to it.

#include "runtime/node_transport.hpp"
#include "runtime/trace.hpp"

#include <caf/actor.hpp>
#include <caf/delegated.hpp>
#include <caf/local_actor.hpp>
#include <caf/scheduled_actor.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_id.hpp>

#include <atomic>
#include <type_traits>
#include <utility>
#include <cstdint>

namespace broadside::runtime {

// Redelivery of unanswered run requests (semantics.md, "Timeouts"): an
// attempt that is not acknowledged within the wait makes the invocation
// Delayed and is sent again, with the wait doubled up to its cap.
struct delivery_policy {
  int64_t first_ack_wait_ms = 5'000;
  int64_t max_ack_wait_ms = 300'000;
};

struct context {
  node_transport* transport = nullptr;
  trace* tracer = nullptr;  // null: no trace
  // Engine-clock milliseconds at the actor clock's zero: 0 in virtual time,
  // Unix time of the clock's epoch on the real clock.
  int64_t epoch_ms = 0;
  delivery_policy delivery;
  // A command with more targets than this is refused (RateExceeded).
  uint32_t max_targets_per_command = 50'000'000;
  // The fleet inventory's version, published by the fleet actor whenever a
  // node's status changes; invocations compare it with their resolution's.
  std::atomic<uint64_t> inventory_version{0};
  // Messages some actor had no handler for: always a bug, so tests check it.
  std::atomic<uint64_t> unexpected_messages{0};
};

// What the handlers of the hottest fire-and-forget messages return: "no
// reply". For a handler returning void, CAF builds a response promise for
// every message only to drop its empty reply to an asynchronous sender (4% of
// a fanout's instructions). Never for a handler that may get a request: the
// requester would wait forever.
using no_reply = caf::delegated<void>;

// Makes `self` count and trace messages it has no handler for, instead of
// CAF's default (printing them, which needs a printer actor).
void count_unexpected(caf::scheduled_actor* self, context* ctx);

// Current time in engine-clock milliseconds.
int64_t now_ms(const caf::local_actor* self, const context& ctx);

// The actor-clock time point of an engine-clock instant.
caf::actor_clock::time_point to_time_point(int64_t ms, const context& ctx);

// `x` as a message from `self`, for a transport: content and envelope in one
// allocation (a caf::message would be a second one).
template <class T>
caf::mailbox_element_ptr envelope(caf::local_actor* self, T&& x) {
  return caf::make_mailbox_element(self->ctrl(), caf::make_message_id(), {}, std::forward<T>(x));
}

// Sends `msg` (an envelope from `self`) to `to`, arriving `delay_ms` later on
// the engine's clock. (delayed_send for code that holds only a local_actor.)
void send_after(caf::local_actor* self, const caf::actor& to, int64_t delay_ms,
                caf::mailbox_element_ptr msg);

void record(const context& ctx, int64_t at_ms, std::string_view subject, std::string_view event);

// An event's trace text: given as text, or as a function that builds it, so
// that actors build strings only when a trace is being written.
template <class Event>
decltype(auto) event_text(Event&& event) {
  if constexpr (std::is_invocable_v<Event>)
    return event();
  else
    return std::forward<Event>(event);
}

}  // namespace broadside::runtime
