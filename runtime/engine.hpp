#pragma once

// One way to start Broadside's actors on either clock. In virtual time the
// caller drives: nothing happens until run(), which handles every message
// and timer in a deterministic order. On the real clock CAF's own
// work-stealing scheduler runs the same actors on worker threads.

#include "runtime/context.hpp"
#include "runtime/virtual_coordinator.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <cstddef>
#include <functional>
#include <memory>

namespace broadside::runtime {

enum class clock_kind { virtual_time, real_time };

class engine {
public:
  struct options {
    clock_kind clock = clock_kind::virtual_time;
    size_t worker_threads = 0;  // real time only; 0 lets CAF choose
    bool network = false;       // real time only: load CAF's middleman (libcaf-io)
  };

  explicit engine(options opts);
  ~engine();

  engine(const engine&) = delete;
  engine& operator=(const engine&) = delete;

  caf::actor_system& system() { return *system_; }

  bool virtual_time() const noexcept { return coordinator_ != nullptr; }

  // The virtual clock, or null on the real clock (see context::clock).
  virtual_clock* clock() noexcept { return coordinator_ ? &coordinator_->clock() : nullptr; }

  // Handles messages and fires timers until nothing is left, `done` returns
  // true, or the next event lies beyond `horizon_ms`. Virtual time only.
  // `progress`, if set, is called between events about every 200 ms of wall
  // time (for a progress display; it must not touch the actors).
  void run(const std::function<bool()>& done = {}, int64_t horizon_ms = INT64_MAX,
           const std::function<void()>& progress = {});

  // Engine-clock milliseconds at the actor clock's zero (see context).
  int64_t epoch_ms() const noexcept { return epoch_ms_; }

  // Engine-clock milliseconds now.
  int64_t now_ms() const;

  // Messages handled and timers fired (virtual time only; 0 otherwise).
  uint64_t events() const;

private:
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  virtual_coordinator* coordinator_ = nullptr;
  int64_t epoch_ms_ = 0;
};

}  // namespace broadside::runtime
