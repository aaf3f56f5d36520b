#pragma once

// A worker of a distributed sweep: connects to a coordinator
// (distributed/sweep_coordinator), runs what it is handed, `jobs` runs at a
// time, each in a child process (sim::run_in_child), and sends back each
// run's summary. The worker's networked actor system never runs a
// simulation itself.

#include "sim/sweep_runner.hpp"

#include <cstdint>
#include <ostream>
#include <string>

namespace broadside::distributed {

// Returns when the coordinator says the sweep is over or goes away (after the
// runs in flight have ended). Throws sim::sweep_error when it cannot connect.
void work_for_sweep(const std::string& host, uint16_t port, uint32_t jobs,
                    const sim::run_command& command, std::ostream& log);

}  // namespace broadside::distributed
