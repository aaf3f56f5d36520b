#pragma once

// The schedule actor: one Cloud Assistant `Frequency` (rate, at or cron) on
// the runtime's clock. It keeps one timer, armed for the next fire instant;
// when it fires it tells the owner (schedule_fire) and arms the next. With no
// fire instant left it sends schedule_ended and quits; a stop_schedule
// (StopInvocation) makes it quit with no further fire. What a fire starts is
// the owner's decision: the scenario driver starts a command, the service
// will start a run of an invocation.
//
// Fire instants come one at a time from schedule::next_fire_ms, so a year of
// `rate(1d)` in virtual time is 365 timers, whatever lies between them.
//
// Missed instants are never replayed in a burst (docs/schedules.md,
// "Scheduler"): the first fire is the first instant strictly after the actor
// starts (for a new rate, one interval after its creation); a timer that
// arrives late fires once, for the instant it was armed for, and the next
// fire is the first instant after its arrival.
//
// Spawn it linked to the owner: a schedule outlives nothing it was started
// for.

#include "runtime/context.hpp"
#include "schedule/frequency.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>

namespace broadside {

struct schedule_actor_state {
  runtime::context* ctx = nullptr;
  schedule::frequency plan;
  caf::actor owner;
  uint32_t fired = 0;    // fires so far; the armed timer is for fire `fired + 1`
  int64_t due_ms = 0;    // the armed fire instant (engine clock)
  runtime::timer_ticket armed;
  static inline const char* name = "schedule";
};

caf::behavior schedule_actor(caf::stateful_actor<schedule_actor_state>* self,
                             runtime::context* ctx, schedule::frequency plan, caf::actor owner);

}  // namespace broadside
