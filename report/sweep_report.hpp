#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace broadside::report {

// A page comparing the runs of a sweep. `rows` is a JSON array with one
// object per run: {"run", "seed", "params": {name: value}, "complete",
// "end_ms", "events", "commands": [the per-command objects of
// sim::summary_document]}. Draws a table of the runs, the invocations per
// StatusDetails of each run (stacked) and each run's end time. Throws
// std::invalid_argument if `rows` is not an array of objects.
std::string sweep_report_html(const nlohmann::json& rows);

}  // namespace broadside::report
