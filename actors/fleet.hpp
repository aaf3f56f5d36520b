#pragma once

// The fleet actor: the inventory of managed nodes (SSM's managed-node
// registry). It resolves a command's targets, answers an invocation's
// "is this node still managed, and what platform is it?" when the inventory
// changed since that resolution, and takes registrations and
// deregistrations, publishing the inventory's version in the context. It
// tells reboot-triggered tasks of their nodes' boots: a registration with
// another boot id than the node's last is one.
//
// Accepts: resolve_targets -> resolved_targets, node_lookup -> node_status,
//          register_node -> uint32_t (index), deregister_node -> bool (known),
//          agent_version_changed, node_booted, watch_boots, unwatch_boots.

#include "actors/fleet_inventory.hpp"
#include "runtime/context.hpp"

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <unordered_map>
#include <vector>

namespace broadside {

struct fleet_state {
  fleet_inventory inventory;
  // Who is told of each node's boots (reboot-triggered tasks).
  std::unordered_map<uint32_t, std::vector<caf::actor>> boot_watchers;
  static inline const char* name = "fleet";
};

caf::behavior fleet_actor(caf::stateful_actor<fleet_state>* self, runtime::context* ctx,
                          fleet_inventory inventory);

}  // namespace broadside
