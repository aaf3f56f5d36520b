#pragma once

// The agent gate actor: what the controller publishes for agents to connect
// to. An agent_hello registers the node with the fleet (or finds it again),
// gives it an agent session on first contact, and attaches the agent to it.
//
// Accepts: agent_hello (answered with the node's fleet index).

#include "messages/agent.hpp"
#include "runtime/agent_network.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>

namespace broadside {

caf::behavior agent_gate(caf::event_based_actor* self, runtime::context* ctx, caf::actor fleet,
                         runtime::agent_network* network);

}  // namespace broadside
