#pragma once

// What can happen to a simulated node's machine and agent. Delivered to the
// node actor itself; network faults belong to the simulated network.

#include <cstdint>

namespace broadside {

enum class node_fault_kind : uint8_t {
  power_off,      // the machine stops: running scripts die, nothing answers
  power_on,       // it boots; the agent starts with it
  reboot,         // power_off now, power_on after duration_ms
  agent_stop,     // the agent stops; running scripts die with it
  agent_start,
  agent_restart,  // agent_stop now, agent_start after duration_ms
};

struct node_fault {
  node_fault_kind kind = node_fault_kind::power_off;
  int64_t duration_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_fault& x) {
  return f(x.kind, x.duration_ms);
}

}  // namespace broadside
