#pragma once

// The server of a distributed sweep: a coordinator actor, published with
// CAF's network layer, hands runs to the workers that connect
// (distributed/sweep_worker), at most as many to each as it asked for. It
// monitors them: the runs of a worker that goes away are queued again and go
// to the next worker with a free slot. When every row is in, it tells the
// workers that the sweep is over.

#include "sim/sweep_grid.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace broadside::distributed {

struct serve_options {
  std::string bind = "127.0.0.1";
  uint16_t port = 0;  // 0: the OS picks one
};

// Serves the runs (at least one) until every one has its row; returns the
// rows in run order.
// Logs `serving N runs on ADDR:PORT` (the bound port) first, then workers
// joining and leaving and each run sent and done. Throws sim::sweep_error when
// it cannot listen or a run fails (the simulation itself failed: running it
// again would fail again).
std::vector<nlohmann::ordered_json> serve_sweep(const std::vector<sim::sweep_run>& runs,
                                                const std::vector<sim::sweep_param>& params,
                                                const serve_options& options, std::ostream& log);

}  // namespace broadside::distributed
