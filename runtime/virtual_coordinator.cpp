#include "runtime/virtual_coordinator.hpp"

#include <caf/actor_registry.hpp>
#include <caf/execution_unit.hpp>
#include <caf/intrusive_ptr.hpp>
#include <caf/logger.hpp>

namespace broadside::runtime {

namespace {

// Actors that make another actor ready while running hand it back to us.
class inline_unit final : public caf::execution_unit {
public:
  inline_unit(caf::actor_system& sys, std::deque<caf::resumable*>& ready)
      : caf::execution_unit(&sys), ready_(ready) {}

  void exec_later(caf::resumable* job) override { ready_.push_back(job); }

private:
  std::deque<caf::resumable*>& ready_;
};

}  // namespace

virtual_coordinator::virtual_coordinator(caf::actor_system& sys) : abstract_coordinator(sys) {}

virtual_coordinator::~virtual_coordinator() = default;

caf::actor_system::module* virtual_coordinator::make(caf::actor_system& sys,
                                                     caf::detail::type_list<>) {
  return new virtual_coordinator(sys);
}

void virtual_coordinator::start() {
  // No utility actors: the printer would need a thread of its own.
}

void virtual_coordinator::stop() {
  clock_.cancel_all();
  for (auto* job : ready_)
    caf::intrusive_ptr_release(job);
  ready_.clear();
}

void virtual_coordinator::enqueue(caf::resumable* job) { ready_.push_back(job); }

void virtual_coordinator::run_ready() {
  inline_unit unit{system(), ready_};
  while (!ready_.empty()) {
    auto* job = ready_.front();
    ready_.pop_front();
    // CAF records the running actor's id for its logger on every resume,
    // behind a lock and a hash map, unless the thread has no logger (12% of
    // a fanout's instructions). Debian's CAF logs nothing, so detach the
    // thread. Each spawn attaches it again: detach whenever the number of
    // running actors changed since the last resume.
    if (auto running = system().registry().running(); running != running_) {
      running_ = running;
      caf::logger::set_current_actor_system(nullptr);
    }
    // One message per resume keeps the interleaving fine-grained and makes
    // every resume one handled message.
    switch (job->resume(&unit, 1)) {
      case caf::resumable::resume_later:
        ready_.push_back(job);
        break;
      case caf::resumable::done:
      case caf::resumable::awaiting_message:
        caf::intrusive_ptr_release(job);
        break;
      case caf::resumable::shutdown_execution_unit:
        break;
    }
    ++messages_;
  }
}

bool virtual_coordinator::run(const std::function<bool()>& done, int64_t horizon_ms) {
  for (;;) {
    run_ready();
    if (!clock_.has_pending())
      return true;
    if (done && done())
      return false;
    switch (clock_.fire_next(horizon_ms)) {
      case virtual_clock::fired::delivered:
        ++timers_;
        break;
      case virtual_clock::fired::dropped:
        break;
      case virtual_clock::fired::beyond_horizon:
        return false;
    }
  }
}

}  // namespace broadside::runtime
