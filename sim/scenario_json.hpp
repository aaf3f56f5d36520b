#pragma once

// Scenario files: the JSON form of sim::scenario, documented in
// docs/scenarios.md. Every error names the place in the file it comes from,
// e.g. `commands[2].max_errors: "110%" is not a count >= 0 or a percentage
// 0%..100%`; unknown keys are errors too, so a typo never passes silently.

#include "sim/scenario.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace broadside::sim {

class scenario_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

scenario parse_scenario(const nlohmann::json& doc);

// Reads and parses a file; a JSON syntax error is a scenario_error too.
scenario load_scenario_file(const std::string& path);

}  // namespace broadside::sim
