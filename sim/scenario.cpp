#include "sim/scenario.hpp"

#include "sim/splitmix.hpp"

namespace broadside::sim {

uuid scenario_command_id(uint64_t seed, uint32_t n) {
  auto base = splitmix64(seed ^ 0xC0FFEEULL) + 2 * uint64_t{n};
  return make_uuid_v4(splitmix64(base), splitmix64(base + 1));
}

bool lasts(fault_action action, int64_t duration_ms) {
  switch (action) {
    case fault_action::reboot:
    case fault_action::agent_restart:
    case fault_action::agent_upgrade:
      return true;
    case fault_action::block_network:
    case fault_action::set_latency:
      return duration_ms > 0;
    default:
      return false;
  }
}

}  // namespace broadside::sim
