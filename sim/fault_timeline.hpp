#pragma once

// A scenario's faults as one timeline of (time, node) events, which the
// scenario driver walks with a single timer. A fault hits the nodes its
// selector picks (or a share or count of them, drawn from the seed), each at
// the fault's time or at its own time drawn from a range; a lasting fault
// (a reboot, an agent restart or upgrade, a network fault with a duration)
// has a second event per node at its end. Draws depend only on the seed, the
// fault's position in the scenario and the node's fleet index.
//
// At a million nodes this costs the selected indexes and 16 bytes per event.

#include "actors/fleet_inventory.hpp"
#include "sim/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace broadside::sim {

struct fault_event {
  int64_t at_ms;
  uint32_t node;        // fleet index
  uint32_t fault : 31;  // index in scenario::faults
  uint32_t end : 1;     // the end of a lasting fault
};

// The fleet indexes that fault number `index` of `plan` hits, in index
// order. Throws std::invalid_argument naming the place in the scenario file
// (`faults[2].instance_ids[1]: "i-..." is not a node of the fleet`) when
// the selector is missing or ambiguous, names an unknown node or matches
// none, share and count are both given, a count exceeds the nodes selected,
// or to_ms is before at_ms. These are the checks a scenario file's format
// cannot express; the loader makes them through this function too.
std::vector<uint32_t> fault_nodes(const scenario& plan, size_t index,
                                  const fleet_inventory& inventory);

// Every event of every fault, ordered by (time, fault, start before end, node).
std::vector<fault_event> fault_timeline(const scenario& plan, const fleet_inventory& inventory);

}  // namespace broadside::sim
