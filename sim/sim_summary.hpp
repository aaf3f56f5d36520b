#pragma once

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace broadside::sim {

// The summary of a run: `nodes`; per command its command_id (a run of a
// periodic command: then `schedule`, the scenario command's index, and
// `repeat`, from 1), Status,
// StatusDetails, the four counts, `invocations` (StatusDetails -> count),
// `invocation_status` (Status -> count), `response_codes` (ResponseCode ->
// count; -1: never ran) and `duration_ms` (count and quantiles of sent ->
// terminal); then complete, end_ms, events, wall_s, peak_rss_mb. Keys in this
// order (hence ordered_json; it converts to nlohmann::json).
nlohmann::ordered_json summary_document(const scenario& plan, const sim_report& report);

// summary_document on one line.
std::string summary_json(const scenario& plan, const sim_report& report);

// What `--report` draws: {"title", "summary": summary_document, "timeline":
// {"interval_ms", "columns", "rows"}, "durations": [{"command_id", "cdf":
// [[ms, fraction], ...]}]}.
nlohmann::ordered_json report_document(const std::string& title, const scenario& plan,
                                       const sim_report& report);

}  // namespace broadside::sim
