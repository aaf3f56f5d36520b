#pragma once

// Runs a sweep's simulations, each in a child process of its own: a crash,
// an abort or running out of memory ends one run, not the sweep, and no two
// simulations share CAF's process-wide state (docs/sweeps.md says why).

#include "sim/sweep_grid.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace broadside::sim {

// The program a run is: it reads a scenario file on stdin and prints its
// summary_json line (the broadside CLI passes its own `sim --scenario
// /dev/stdin`). argv[0] is executed as given, without a PATH search.
using run_command = std::vector<std::string>;

// Runs one scenario; returns the summary it printed. Throws sweep_error with
// the child's output when it exits with an error, dies, or prints no summary
// (a run that ends incomplete, exit code 3, is a summary like any other).
nlohmann::ordered_json run_in_child(const run_command& command, const std::string& scenario);

// Runs every run, `jobs` at a time, and returns their rows in run order. After
// a failure no further run starts; the failure of the lowest-numbered run is
// thrown, naming the run, once the runs in flight have ended.
std::vector<nlohmann::ordered_json> run_sweep_locally(const run_command& command,
                                                      const std::vector<sweep_run>& runs,
                                                      const std::vector<sweep_param>& params,
                                                      unsigned jobs);

}  // namespace broadside::sim
