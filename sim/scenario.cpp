#include "sim/scenario.hpp"

#include "sim/splitmix.hpp"

namespace broadside::sim {

uuid scenario_command_id(uint64_t seed, uint32_t n) {
  auto base = splitmix64(seed ^ 0xC0FFEEULL) + 2 * uint64_t{n};
  return make_uuid_v4(splitmix64(base), splitmix64(base + 1));
}

}  // namespace broadside::sim
