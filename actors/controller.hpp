#pragma once

// The controller actor: what a controller publishes on its port. Agents say
// hello: the node is registered with the fleet (or found again), gets an
// agent session on first contact, and the agent is attached to it. Clients
// submit commands: each gets a command actor whose updates go to the
// client's watcher.
//
// Accepts: agent_hello (answered with the node's fleet index), (heartbeat_atom,
// node), submit_command (answered with the command id).
//
// `on_hello`, unless empty, hears of every hello once the node is registered,
// with the engine-clock time: the service records registrations with it.

#include "messages/controller.hpp"
#include "runtime/agent_network.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>

#include <cstdint>
#include <functional>

namespace broadside {

using hello_listener = std::function<void(const node_info& info, int64_t at_ms)>;

caf::behavior controller_actor(caf::event_based_actor* self, runtime::context* ctx,
                               caf::actor fleet, runtime::agent_network* network,
                               hello_listener on_hello);

}  // namespace broadside
