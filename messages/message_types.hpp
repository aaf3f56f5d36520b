#pragma once

#include <caf/actor_system_config.hpp>

namespace broadside {

// Registers every message type of messages/ with CAF, so they can be
// printed and cross the network. Call before constructing the actor system.
void add_message_types(caf::actor_system_config& cfg);

}  // namespace broadside
