#include "runtime/engine.hpp"

#include "messages/message_types.hpp"

#include <caf/io/middleman.hpp>

#include <chrono>

namespace broadside::runtime {

engine::engine(options opts) {
  add_message_types(config_);
  if (opts.clock == clock_kind::virtual_time) {
    config_.load<virtual_coordinator>();
  } else {
    if (opts.worker_threads > 0)
      config_.set("scheduler.max-threads", opts.worker_threads);
    // An idle worker waits on a condition variable that the next enqueue
    // signals, instead of CAF's default of 500 polls 50 us apart: on a real
    // fleet the workers are mostly idle between messages, and each of those
    // polls is a context switch taken from the commands' own processes.
    config_.set("work-stealing.moderate-poll-attempts", size_t{0});
    if (opts.network)
      config_.load<caf::io::middleman>();
  }
  system_ = std::make_unique<caf::actor_system>(config_);
  if (opts.clock == clock_kind::virtual_time) {
    coordinator_ = &dynamic_cast<virtual_coordinator&>(system_->scheduler());
    // Actors still waiting for a timer when the owner is done are simply
    // dropped; there is no thread to wait for.
    system_->await_actors_before_shutdown(false);
  } else {
    using namespace std::chrono;
    auto wall = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    auto mono = duration_cast<milliseconds>(system_->clock().now().time_since_epoch()).count();
    epoch_ms_ = wall - mono;
  }
}

engine::~engine() = default;

void engine::run(const std::function<bool()>& done, int64_t horizon_ms,
                 const std::function<void()>& progress) {
  if (!coordinator_)
    return;
  if (!progress) {
    coordinator_->run(done, horizon_ms);
    return;
  }
  // The coordinator asks `done` between timers: look at the wall clock there,
  // every few thousand events.
  using namespace std::chrono;
  constexpr uint64_t check_every = 16'384;
  constexpr auto call_every = milliseconds{200};
  auto next_check = events() + check_every;
  auto next_call = steady_clock::now() + call_every;
  coordinator_->run(
      [&] {
        if (events() >= next_check) {
          next_check = events() + check_every;
          if (auto now = steady_clock::now(); now >= next_call) {
            next_call = now + call_every;
            progress();
          }
        }
        return done && done();
      },
      horizon_ms);
}

int64_t engine::now_ms() const {
  using namespace std::chrono;
  return epoch_ms_ + duration_cast<milliseconds>(system_->clock().now().time_since_epoch()).count();
}

uint64_t engine::events() const {
  return coordinator_ ? coordinator_->messages() + coordinator_->timers() : 0;
}

}  // namespace broadside::runtime
