#pragma once

// report.html of a sweep: one table row per run. The rows are those of
// runs.json (see sim/sweep_grid.hpp).

#include <nlohmann/json.hpp>

#include <string>

namespace broadside::sim {

std::string sweep_report_html(const nlohmann::json& rows);

}  // namespace broadside::sim
