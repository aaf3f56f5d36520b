#pragma once

// How invocations reach real agents: each managed node that has connected
// has an agent session actor on the controller (actors/agent_session), which
// keeps what its invocations sent until the agent answers and sends it again
// when the agent reconnects. A message for a node without a session is
// dropped, like one for an unreachable node: invocations redeliver.
// Thread-safe: invocations call it from CAF's worker threads.

#include "runtime/node_transport.hpp"

#include <caf/actor.hpp>

#include <mutex>
#include <string>
#include <unordered_map>

namespace broadside::runtime {

class agent_network final : public node_transport {
public:
  void send_to_node(caf::local_actor* self, uint32_t node, caf::mailbox_element_ptr msg) override;

  // ClientNotOnline for a node whose agent is not connected now (or never
  // said hello), else DeliveryTimeout. The service cannot tell an agent that
  // stopped from one whose connection broke: both are only a connection gone
  // (docs/error-codes.md).
  instance_error unreachable(uint32_t node) const override;

  caf::actor session_of(uint32_t node) const;
  // A session is created when its agent connects.
  void set_session(uint32_t node, caf::actor session, std::string instance_id);
  // The session's agent (re)connected, or its connection is gone.
  void set_connected(uint32_t node, bool connected);
  std::string name_of(uint32_t node) const;  // the node's instance id
  size_t nodes() const;                      // nodes whose agent has said hello

  // Ends the sessions (before the actor system stops).
  void clear();

private:
  mutable std::mutex mtx_;
  struct entry {
    caf::actor session;
    std::string instance_id;
    bool connected = true;
  };
  std::unordered_map<uint32_t, entry> sessions_;
};

}  // namespace broadside::runtime
