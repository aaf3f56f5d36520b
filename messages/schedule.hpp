#pragma once

// Between a schedule actor (actors/schedule_actor) and its owner: the fires
// of a Cloud Assistant `Frequency`, the end of the schedule, and the owner's
// StopInvocation. What a fire starts is the owner's business.

#include <cstdint>

namespace broadside {

// schedule -> owner: the schedule fired. `repeat` counts the fires from 1;
// `at_ms` is the fire instant (engine clock) the run stands for, which a
// late timer may deliver after it.
struct schedule_fire {
  uint32_t repeat = 0;
  int64_t at_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, schedule_fire& x) {
  return f(x.repeat, x.at_ms);
}

// schedule -> owner: no fire time is left (an at() fired, a cron's last
// year is over); the schedule actor has quit.
struct schedule_ended {
  uint32_t repeats = 0;  // fires in all
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, schedule_ended& x) {
  return f(x.repeats);
}

// owner -> schedule: StopInvocation. No further fire; the actor quits.
struct stop_schedule {};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stop_schedule&) {
  return f();
}

}  // namespace broadside
