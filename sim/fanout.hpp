#pragma once

// The fanout scenario (../shared/spec/fanout.md): one command to N nodes with
// per-node parameters from splitmix64, ramp none, per-invocation deadlines.

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

#include <cstdint>
#include <optional>
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

// The one-line summary fanout.md specifies:
// {"nodes":..,"success":..,"failed":..,"delivery_timed_out":..,"terminated":..,
//  "end_ms":..,"events":..,"wall_s":..,"peak_rss_mb":..}
std::string fanout_summary(const fanout_params& p, const sim_report& r);

}  // namespace broadside::sim
