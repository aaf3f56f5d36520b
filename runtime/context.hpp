#pragma once

// What every engine actor is given at spawn: where to send node traffic,
// where to write its trace, and the constants of the delivery protocol.
// The engine owns it and outlives every actor that holds a pointer to it.

#include "runtime/node_transport.hpp"
#include "runtime/trace.hpp"
#include "runtime/virtual_clock.hpp"

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
  // The engine's clock in virtual time (null on the real clock): read and
  // scheduled directly, and the only one that can call a delivery off.
  virtual_clock* clock = nullptr;
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

// `xs` as a message from `self`, for a transport: content and envelope in one
// allocation (a caf::message would be a second one).
template <class... Ts>
caf::mailbox_element_ptr envelope(caf::local_actor* self, Ts&&... xs) {
  return caf::make_mailbox_element(self->ctrl(), caf::make_message_id(), {},
                                   std::forward<Ts>(xs)...);
}

// A delivery scheduled by send_at / send_after, to call it off.
using timer_ticket = virtual_clock::ticket;

// Sends `msg` (an envelope from `self`) to `to`, arriving at engine-clock
// `at_ms`. Simultaneous arrivals are taken in `order`: by default the
// receiver's actor id, so older actors first; an actor that is reused for one
// job after another (a pooled invocation) is addressed with the key drawn
// for its current job instead.
timer_ticket send_at(caf::local_actor* self, const context& ctx, const caf::actor& to,
                     int64_t at_ms, caf::mailbox_element_ptr msg, caf::actor_id order = 0);

// The same, arriving `delay_ms` from now.
timer_ticket send_after(caf::local_actor* self, const context& ctx, const caf::actor& to,
                        int64_t delay_ms, caf::mailbox_element_ptr msg,
                        caf::actor_id order = 0);

// Sends `self` the message (type, payload) at engine-clock `at_ms`, ordered
// like send_at's. In virtual time the message is made only if the timer
// fires: a deadline that is usually called off costs no allocation.
timer_ticket set_timer(caf::local_actor* self, const context& ctx, int64_t at_ms,
                       caf::atom_value type, uint64_t payload, caf::actor_id order = 0);

// Calls a delivery off if it has not arrived yet. Virtual time only: on the
// real clock it still arrives, so receivers must recognise stale timers.
void cancel(const context& ctx, timer_ticket& ticket);

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
