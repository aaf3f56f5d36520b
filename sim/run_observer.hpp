#pragma once

// What a simulation's outputs need, observed as the commands report: each
// invocation's terminal record (streamed to a sink, not kept), response codes
// and durations per command, and status counts sampled on virtual time.
// Memory: the invocations in flight, the samples and a few counters per
// command, never one record per invocation (unless `keep_updates`, for tests).
//
// Thread-safe: on the real clock the commands call it from worker threads.

#include "actors/fleet_inventory.hpp"
#include "messages/events.hpp"
#include "sim/log_histogram.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace broadside::sim {

// One invocation at its terminal state (a line of `--invocations`). Times are
// engine ms; -1 where it never happened.
struct invocation_record {
  uuid command_id;
  std::string instance_id;
  invocation_details details = invocation_details::pending;
  int32_t response_code = -1;
  int64_t requested_ms = -1;  // the command's SendCommand
  int64_t sent_ms = -1;       // the invocation got a concurrency slot
  int64_t start_ms = -1;      // the run on the node
  int64_t end_ms = -1;
  int64_t finished_ms = -1;   // it reached its terminal state
  uint32_t attempts = 0;      // deliveries tried
  instance_error error = instance_error::none;  // Cloud Assistant's ErrorCode
};

using invocation_sink = std::function<void(const invocation_record&)>;

// Status counts over every command at one instant (after everything that
// happened at it).
struct status_sample {
  int64_t at_ms = 0;
  uint64_t pending = 0;  // targets not sent (and not closed) yet
  // Targets sent or closed, by their StatusDetails then (pending unused).
  std::array<uint64_t, invocation_details_count> by_details{};

  uint64_t in_flight() const;  // sent, not terminal
  uint64_t completed() const;  // terminal
  uint64_t errors() const;     // Failed + Execution Timed Out
};

// Samples every interval_ms from the engine's epoch, then one at the end. The
// interval starts at 1 s and doubles (dropping every other sample) whenever
// there would be more than max_samples.
struct status_timeline {
  static constexpr size_t max_samples = 1000;
  int64_t interval_ms = 1000;
  std::vector<status_sample> samples;
};

// Per command, in report order (sim_observations).
struct command_outcomes {
  int64_t requested_ms = -1;
  std::map<int32_t, uint64_t> response_codes;  // terminal invocations by ResponseCode
  log_histogram durations;                     // sent -> terminal (ms), sent ones only
};

class run_observer {
public:
  // `commands`: those known from the start (sent once). `names` gives the
  // instance ids of the records; it must outlive the observer and not change
  // while the run lasts.
  run_observer(size_t commands, const fleet_inventory& names, int64_t epoch_ms,
               invocation_sink sink, bool keep_updates);

  // The invocation listener of command `index`, sent at `requested_ms`. An
  // index past the commands given at construction (a run of a schedule)
  // adds commands up to it.
  std::function<void(const invocation_update&, invocation_details)> listener(uint32_t index,
                                                                             int64_t requested_ms);

  // Every command_update (it carries the target count).
  void on_command(uint32_t index, const command_update& u);

  // Invocations terminal so far, and targets resolved so far.
  std::pair<uint64_t, uint64_t> progress() const;

  // What was observed up to `end_ms`, the timeline ending with a sample at
  // `end_ms`. A copy: on the real clock, actors may still be reporting.
  struct results {
    std::vector<command_outcomes> commands;
    status_timeline timeline;
    std::vector<invocation_update> updates;  // only if keep_updates
  };
  results results_at(int64_t end_ms);

private:
  void on_invocation(uint32_t index, const invocation_update& u, invocation_details previous);
  void advance_to(int64_t at_ms);  // samples every grid point before at_ms
  status_sample sample_at(int64_t at_ms) const;

  mutable std::mutex mtx_;
  const fleet_inventory& names_;
  int64_t epoch_ms_;
  invocation_sink sink_;
  bool keep_updates_;
  std::vector<command_outcomes> commands_;
  std::vector<uint32_t> targets_;  // per command, once resolved
  uint64_t total_targets_ = 0;
  uint64_t finished_ = 0;
  std::array<uint64_t, invocation_details_count> by_details_{};
  status_timeline timeline_;
  int64_t next_sample_ms_;
  std::vector<invocation_update> updates_;
};

}  // namespace broadside::sim
