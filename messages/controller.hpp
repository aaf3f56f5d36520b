#pragma once

// Between the controller and what connects to it over CAF's network layer:
// real agents (the run protocol itself is the node's, messages/run.hpp) and
// clients that send commands.

#include "messages/events.hpp"
#include "messages/fleet.hpp"
#include "messages/send_command.hpp"

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

// client -> controller: run this command; `watcher` receives a command_update
// whenever its StatusDetails changes and (invocation_update, instance id)
// for every change of an invocation.
struct submit_command {
  send_command command;
  caf::actor watcher;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, submit_command& x) {
  return f(x.command, x.watcher);
}

}  // namespace broadside
