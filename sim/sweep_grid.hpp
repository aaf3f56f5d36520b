#pragma once

// A sweep: one base scenario, a grid of parameter values and a list of
// seeds; one simulation per (grid point, seed). This file turns the command
// line into runs (each a complete scenario file) and the runs' summaries into
// rows and files. Running them is sim/sweep_runner (local) or distributed/.
// The grammar, the run order and the files are documented in docs/sweeps.md.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace broadside::sim {

class sweep_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// One `--param PATH=V1,V2,...`: a place in the scenario JSON, written as the
// loader writes it in errors (`fleet[0].behaviour.fail_permille`), and its
// values. Commas inside quotes, brackets or braces do not split values.
struct sweep_param {
  std::string path;
  std::vector<std::string> texts;      // each value as written
  std::vector<nlohmann::json> values;  // the text parsed as JSON, or the text as a string
};

sweep_param parse_sweep_param(const std::string& spec);

// `1-8`, `3`, `1,5,9-12`: in the order written, duplicates refused.
std::vector<uint64_t> parse_seeds(const std::string& spec);

// Sets `value` at `path`: missing objects on the way are created (the loader
// then refuses keys it does not know), array elements must exist.
void set_at_path(nlohmann::json& doc, const std::string& path, const nlohmann::json& value);

struct sweep_run {
  uint32_t run = 0;
  uint64_t seed = 0;
  std::vector<size_t> choice;  // the index of this run's value of each parameter
  std::string scenario;        // the complete scenario file of this run
};

// The grid in run order: the first parameter outermost, seeds innermost
// (run = ((v0 * n1 + v1) * n2 + ...) * seeds + s). Each run's seed replaces
// the scenario's top-level "seed". Every run's scenario is parsed here, so a
// bad path or a value the loader refuses is an error naming the run before
// anything runs.
std::vector<sweep_run> expand_sweep(const nlohmann::json& base, const std::vector<sweep_param>& params,
                                    const std::vector<uint64_t>& seeds);

// `run 3 (seed 2, commands[0].max_concurrency=50)`
std::string describe_run(const sweep_run& run, const std::vector<sweep_param>& params);

// One row: run, seed, params (path -> value as written), then the run's
// summary_json without its wall-clock fields (wall_s, peak_rss_mb), so a row
// holds only what the seed and the scenario determine.
nlohmann::ordered_json sweep_row(const sweep_run& run, const std::vector<sweep_param>& params,
                                 const nlohmann::ordered_json& summary);

// runs.csv: run, seed, one column per parameter, complete, end_ms, events,
// then cmd<i>_status, _status_details and the four counts per command.
std::string sweep_csv(const std::vector<sweep_param>& params,
                      const std::vector<nlohmann::ordered_json>& rows);

// runs.json: an array of rows, one per line.
std::string sweep_json(const std::vector<nlohmann::ordered_json>& rows);

// Creates `dir` (so a sweep fails before running, not after, when it cannot).
void prepare_sweep_dir(const std::string& dir);

// Writes dir/runs.csv, dir/runs.json and dir/report.html.
void write_sweep_outputs(const std::string& dir, const std::vector<sweep_param>& params,
                         const std::vector<nlohmann::ordered_json>& rows);

}  // namespace broadside::sim
