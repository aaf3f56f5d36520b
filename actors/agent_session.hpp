#pragma once

// The agent session actor: the controller's side of one real agent. Run
// requests and cancels from invocations reach it through the agent network;
// it passes them on to the agent with itself as the one to answer, and
// passes the agent's answers back to the invocations. What has not been
// answered with a result is kept, and sent again whenever the agent
// (re)connects: a run started before a disconnection is still reported, and
// the agent, which never runs a command twice, answers from what it knows.
//
// Accepts: run_request, cancel_run (from invocations); run_accepted,
// run_result (from the agent); (attach_atom, agent) and heartbeat_atom from
// the controller. Tells the fleet the node's PingStatus: Online on attach and
// on every heartbeat, ConnectionLost when the agent's connection is gone; and
// the agent network whether the agent is connected (for the ErrorCode of an
// invocation that cannot reach it).

#include "messages/run.hpp"
#include "runtime/agent_network.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <optional>
#include <unordered_map>

namespace broadside {

struct agent_session_state {
  // One command's business with this node, until its result is back.
  struct waiting {
    caf::actor invocation;
    invocation_serial serial = 0;
    std::optional<run_request> request;
    std::optional<cancel_run> cancel;
  };

  runtime::context* ctx = nullptr;
  caf::actor fleet;  // told when the agent connects and when it is lost
  runtime::agent_network* network = nullptr;  // told the same
  uint32_t node = 0;
  caf::actor agent;  // while connected
  std::unordered_map<uuid, waiting> waiting_for;
  static inline const char* name = "agent_session";
};

caf::behavior agent_session(caf::stateful_actor<agent_session_state>* self, runtime::context* ctx,
                            caf::actor fleet, runtime::agent_network* network, uint32_t node);

}  // namespace broadside
