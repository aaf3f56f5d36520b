#pragma once

// What can happen to a simulated node's machine and agent. Delivered to the
// node actor itself; network faults belong to the simulated network. Faults
// that last (a reboot, an agent restart) are two of these, sent by the
// scenario driver at their start and end, so a node waits passive meanwhile.

#include <cstdint>

namespace broadside {

enum class node_fault_kind : uint8_t {
  power_off,      // the machine stops: running scripts die, nothing answers
  power_on,       // it boots; the agent starts with it
  agent_stop,     // the agent stops; running scripts die with it
  agent_upgrade,  // the agent stops to be replaced by another version (then agent_start)
  agent_start,
  kill_scripts,   // the scripts running are killed from outside (the OOM killer, an operator)
};

struct node_fault {
  node_fault_kind kind = node_fault_kind::power_off;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_fault& x) {
  return f(x.kind);
}

}  // namespace broadside
