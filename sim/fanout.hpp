#pragma once

// The fanout scenario (../shared/spec/fanout.md): one command to N nodes with
// per-node parameters from splitmix64, ramp none, per-invocation deadlines.

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace broadside::sim {

struct fanout_params {
  uint32_t nodes = 100'000;
  uint64_t seed = 1;
  uint32_t max_concurrency = 1'000;
  std::optional<uint32_t> max_errors;  // default: N (never trips)
  uint32_t offline_permille = 10;
  uint32_t fail_permille = 100;
  int64_t delivery_timeout_ms = 600'000;
};

scenario make_fanout(const fanout_params& p);

// What fanout.md says every implementation must agree on.
struct fanout_outcome {
  uint64_t success = 0;
  uint64_t failed = 0;
  uint64_t delivery_timed_out = 0;
  uint64_t terminated = 0;
  int64_t end_ms = 0;

  friend bool operator==(const fanout_outcome& a, const fanout_outcome& b) {
    return a.success == b.success && a.failed == b.failed
           && a.delivery_timed_out == b.delivery_timed_out && a.terminated == b.terminated
           && a.end_ms == b.end_ms;
  }
  friend std::ostream& operator<<(std::ostream& out, const fanout_outcome& x) {
    return out << "{success " << x.success << ", failed " << x.failed << ", delivery_timed_out "
               << x.delivery_timed_out << ", terminated " << x.terminated << ", end_ms " << x.end_ms
               << "}";
  }
};

// The outcome of a run of make_fanout's scenario.
fanout_outcome outcome_of(const sim_report& r);

// The one-line summary fanout.md specifies:
// {"nodes":..,"success":..,"failed":..,"delivery_timed_out":..,"terminated":..,
//  "end_ms":..,"events":..,"wall_s":..,"peak_rss_mb":..}
std::string fanout_summary(const fanout_params& p, const sim_report& r);

}  // namespace broadside::sim
