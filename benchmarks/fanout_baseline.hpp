#pragma once

// The fanout scenario as a minimal hand-written discrete-event loop: one
// event per invocation on a binary heap, no actors, no messages. It is the
// independent model the engine's counts and end_ms must equal, and the
// baseline its speed is measured against.

#include "sim/fanout.hpp"

#include <cstdint>

namespace broadside::bench {

struct baseline_result {
  sim::fanout_outcome outcome;
  uint64_t events = 0;
};

baseline_result run_fanout_baseline(const sim::fanout_params& p);

}  // namespace broadside::bench
