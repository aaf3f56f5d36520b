#pragma once

// A CAF scheduler for virtual time: one thread (the caller's), a FIFO of
// ready actors, and the virtual clock. Nothing runs until the owner calls
// run(); then every ready actor handles its messages, and when none is ready
// the clock jumps to the next timer. Same inputs, same order, same bytes.

#include "runtime/virtual_clock.hpp"

#include <caf/actor_system.hpp>
#include <caf/detail/type_list.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduled_actor.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <typeinfo>
#include <utility>
#include <vector>

namespace broadside::runtime {

class virtual_coordinator final : public caf::scheduler::abstract_coordinator,
                                  private virtual_clock::delivery {
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
  // Actors that make another actor ready while running hand it back to us.
  class inline_unit final : public caf::execution_unit {
  public:
    inline_unit(caf::actor_system& sys, std::deque<caf::resumable*>& ready)
        : caf::execution_unit(&sys), ready_(ready) {}

    void exec_later(caf::resumable* job) override { ready_.push_back(job); }

  private:
    std::deque<caf::resumable*>& ready_;
  };

  // A ready actor with one ordinary message waiting (nearly always): the
  // same step as resume(&unit_, 1) without its bookkeeping (half the
  // instructions of handling a message). False, having done nothing but
  // sort the mailbox, if it does not apply.
  bool handle_one(caf::resumable* job);

  // A message from the clock: handled at once if the receiver is idle.
  void deliver(caf::strong_actor_ptr to, caf::mailbox_element_ptr msg) override;

  void detach_logger();

  // `actor` as an event-based actor, or null. A dynamic_cast into CAF's
  // shared library compares type names (it cost more than the hand-over
  // saves), so the answer is kept per dynamic type.
  caf::scheduled_actor* as_scheduled(caf::abstract_actor* actor);

  std::deque<caf::resumable*> ready_;
  inline_unit unit_{system(), ready_};
  virtual_clock clock_;
  uint64_t messages_ = 0;
  uint64_t timers_ = 0;
  size_t running_ = SIZE_MAX;  // actors running at the last look
  std::vector<std::pair<const std::type_info*, bool>> kinds_;  // for as_scheduled
};

}  // namespace broadside::runtime
