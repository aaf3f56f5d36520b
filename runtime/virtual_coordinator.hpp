#pragma once

// A CAF scheduler for virtual time: one thread (the caller's), a FIFO of
// ready actors, and the virtual clock. Nothing runs until the owner calls
// run(); then every ready actor handles its messages, and when none is ready
// the clock jumps to the next timer. Same inputs, same order, same bytes.

#include "runtime/virtual_clock.hpp"

#include <caf/actor_system.hpp>
#include <caf/detail/type_list.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include <cstdint>
#include <deque>
#include <functional>

namespace broadside::runtime {

class virtual_coordinator final : public caf::scheduler::abstract_coordinator {
public:
  explicit virtual_coordinator(caf::actor_system& sys);
  ~virtual_coordinator() override;

  // Lets `cfg.load<virtual_coordinator>()` install this as the scheduler.
  static caf::actor_system::module* make(caf::actor_system& sys, caf::detail::type_list<>);

  virtual_clock& clock() noexcept override { return clock_; }

  bool detaches_utility_actors() const override { return false; }

  // Handles messages until no actor is ready. Does not move time.
  void run_ready();

  // Handles messages and fires timers in order until nothing is left, `done`
  // (checked whenever no actor is ready) returns true, or the next timer lies
  // beyond `horizon_ms`. Returns true if it ran dry.
  bool run(const std::function<bool()>& done = {}, int64_t horizon_ms = INT64_MAX);

  // Messages handled and timers fired so far.
  uint64_t messages() const noexcept { return messages_; }
  uint64_t timers() const noexcept { return timers_; }

protected:
  void start() override;
  void stop() override;
  void enqueue(caf::resumable* job) override;

private:
  std::deque<caf::resumable*> ready_;
  virtual_clock clock_;
  uint64_t messages_ = 0;
  uint64_t timers_ = 0;
  size_t running_ = SIZE_MAX;  // actors running at the last resume
};

}  // namespace broadside::runtime
