#pragma once

// The fleet actor: the inventory of managed nodes (SSM's managed-node
// registry). It resolves a command's targets, answers an invocation's
// "is this node still managed, and what platform is it?" when the inventory
// changed since that resolution, and takes registrations and
// deregistrations, publishing the inventory's version in the context.
//
// Accepts: resolve_targets -> resolved_targets, node_lookup -> node_status,
//          register_node -> uint32_t (index), deregister_node -> bool (known),
//          agent_version_changed.

#include "actors/fleet_inventory.hpp"
#include "runtime/context.hpp"

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

namespace broadside {

struct fleet_state {
  fleet_inventory inventory;
  static inline const char* name = "fleet";
};

caf::behavior fleet_actor(caf::stateful_actor<fleet_state>* self, runtime::context* ctx,
                          fleet_inventory inventory);

}  // namespace broadside
