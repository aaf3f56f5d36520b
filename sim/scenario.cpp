#include "sim/scenario.hpp"

#include "sim/splitmix.hpp"

namespace broadside::sim {

uuid scenario_command_id(uint64_t seed, uint32_t n) {
  auto base = splitmix64(seed ^ 0xC0FFEEULL) + 2 * uint64_t{n};
  return make_uuid_v4(splitmix64(base), splitmix64(base + 1));
}

bool takes_duration(fault_action action) {
  switch (action) {
    case fault_action::reboot:
    case fault_action::agent_restart:
    case fault_action::agent_upgrade:
    case fault_action::block_network:
    case fault_action::set_latency:
      return true;
    default:
      return false;
  }
}

bool timed_fault::lasts() const {
  if (action == fault_action::block_network || action == fault_action::set_latency)
    return duration_ms > 0;
  return takes_duration(action);
}

}  // namespace broadside::sim
