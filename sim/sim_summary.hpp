#pragma once

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

#include <string>

namespace broadside::sim {

// One line of JSON: per command its Status, StatusDetails, counts and
// invocations per StatusDetails; then end_ms, events, wall_s, peak_rss_mb.
std::string summary_json(const scenario& plan, const sim_report& report);

}  // namespace broadside::sim
