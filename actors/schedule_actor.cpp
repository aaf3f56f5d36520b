#include "actors/schedule_actor.hpp"

#include "messages/atoms.hpp"
#include "messages/schedule.hpp"

#include <algorithm>
#include <string>

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<schedule_actor_state>*;

int64_t now(self_ptr self) { return runtime::now_ms(self, *self->state.ctx); }

void trace(self_ptr self, const std::string& event) {
  auto& st = self->state;
  if (st.ctx->tracer)
    runtime::record(*st.ctx, now(self), "schedule " + std::to_string(self->id()), event);
}

// Arms the timer for the first fire instant strictly after `after_ms`, or
// ends the schedule if there is none (returns false: the actor has quit).
bool arm_after(self_ptr self, int64_t after_ms) {
  auto& st = self->state;
  auto next = schedule::next_fire_ms(st.plan, after_ms);
  if (!next) {
    trace(self, "ended after " + std::to_string(st.fired) + " fires");
    self->send(st.owner, schedule_ended{st.fired});
    self->quit();
    return false;
  }
  st.due_ms = *next;
  // The payload names the fire the timer is for: a timer that arrives for
  // any other (on the real clock one cannot be called off) is stale.
  st.armed = runtime::set_timer(self, *st.ctx, st.due_ms, timer_atom::value, st.fired + 1);
  return true;
}

void on_timer(self_ptr self, uint64_t fire) {
  auto& st = self->state;
  if (fire != uint64_t{st.fired} + 1)
    return;
  st.armed = {};
  ++st.fired;
  trace(self, "fire " + std::to_string(st.fired));
  self->send(st.owner, schedule_fire{st.fired, st.due_ms});
  // From the later of the instant and now: a late timer skips what it missed.
  arm_after(self, std::max(st.due_ms, now(self)));
}

void on_stop(self_ptr self) {
  auto& st = self->state;
  runtime::cancel(*st.ctx, st.armed);
  trace(self, "stopped after " + std::to_string(st.fired) + " fires");
  self->quit();
}

}  // namespace

caf::behavior schedule_actor(self_ptr self, runtime::context* ctx, schedule::frequency plan,
                             caf::actor owner) {
  runtime::count_unexpected(self, ctx);
  auto& st = self->state;
  st.ctx = ctx;
  st.plan = std::move(plan);
  st.owner = std::move(owner);
  if (!arm_after(self, now(self)))
    return {};
  return {
      [=](timer_atom, uint64_t fire) { on_timer(self, fire); },
      [=](stop_schedule) { on_stop(self); },
  };
}

}  // namespace broadside
