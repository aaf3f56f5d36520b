#pragma once

// Between a real agent and the controller it connects to (over CAF's network
// layer). The run protocol itself is the node's (messages/run.hpp).

#include "messages/fleet.hpp"

#include <caf/actor.hpp>

namespace broadside {

// agent -> controller, on every (re)connection: the managed node it is and
// the actor that runs its commands. Answered with the node's fleet index.
struct agent_hello {
  node_info info;
  caf::actor agent;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, agent_hello& x) {
  return f(x.info, x.agent);
}

}  // namespace broadside
