#pragma once

// What a benchmark ran on: figures mean little without it.

#include <nlohmann/json.hpp>

namespace broadside::bench {

// CPU model, cores, memory and kernel, read from /proc and uname.
nlohmann::ordered_json machine();

}  // namespace broadside::bench
