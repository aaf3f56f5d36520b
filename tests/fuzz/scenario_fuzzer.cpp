// Scenario files (sim/scenario_json.hpp) on any text: JSON that nlohmann
// reads is either a scenario or refused with a scenario_error naming the
// place; any other exception escapes, and libFuzzer reports it.

#include "sim/scenario_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
  if (doc.is_discarded())
    return 0;  // load_scenario_file's "not valid JSON"
  try {
    broadside::sim::parse_scenario(doc);
  } catch (const broadside::sim::scenario_error&) {
  }
  return 0;
}
