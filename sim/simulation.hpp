#pragma once

// Runs a scenario: builds the fleet inventory and node models, starts the
// engine on the chosen clock, plays the timeline, and reports what the
// commands ended as.

#include "messages/events.hpp"
#include "runtime/engine.hpp"
#include "runtime/trace.hpp"
#include "sim/run_observer.hpp"
#include "sim/scenario.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace broadside::sim {

// Where a virtual-time run is, for a progress display.
struct sim_progress {
  int64_t now_ms = 0;          // virtual time
  uint64_t finished = 0;       // invocations terminal
  uint64_t targets = 0;        // targets resolved so far
  uint64_t events = 0;
  double wall_s = 0;
};

struct sim_options {
  runtime::clock_kind clock = runtime::clock_kind::virtual_time;
  runtime::trace* tracer = nullptr;
  bool collect_invocations = false;  // keep every invocation_update (tests)
  invocation_sink on_invocation;     // called once per invocation, at its terminal state
  // Virtual time: called about every 200 ms of wall time while running.
  std::function<void(const sim_progress&)> progress;
  // Virtual time: stop at this instant even if not complete. Real clock:
  // give up after this much wall time.
  int64_t horizon_ms = INT64_MAX;
};

// Per command lists are in report order: the scenario's commands sent once,
// in file order, then the runs of periodic commands in the order they start.
struct sim_report {
  std::vector<command_update> commands;  // final (or last seen) update per command
  std::vector<command_origin> origins;   // per command: scenario command, repeat
  std::vector<command_update> command_history;
  std::vector<invocation_update> invocations;  // if collect_invocations
  std::vector<command_outcomes> outcomes;      // per command
  status_timeline timeline;
  bool complete = false;   // every schedule is over and every command reached a terminal status
  int64_t end_ms = 0;      // when the last command reached it (engine clock)
  uint64_t events = 0;     // messages handled + timers fired (virtual time)
  double wall_s = 0;
  double peak_rss_mb = 0;
  uint64_t node_activations = 0;
  size_t peak_active_nodes = 0;
  uint64_t unexpected_messages = 0;  // a bug in some actor if not 0
};

// Throws std::invalid_argument for a scenario that cannot run (a fault that
// selects no node or an unknown one, an invalid command).
sim_report run_simulation(const scenario& plan, const sim_options& options = {});

}  // namespace broadside::sim
