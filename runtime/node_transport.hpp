#pragma once

// How an invocation reaches the node it targets. The simulated network
// (sim/) delays, drops and wakes simulated nodes; the agent network (later)
// forwards to real agents over CAF's network layer. Either may lose a
// message: invocations never rely on a delivery, only on the node's answers.

#include "messages/instance_error.hpp"

#include <caf/local_actor.hpp>
#include <caf/mailbox_element.hpp>

#include <cstdint>

namespace broadside::runtime {

class node_transport {
public:
  virtual ~node_transport() = default;

  // Sends `msg` (from `self`: see runtime::envelope) towards fleet node `node`.
  virtual void send_to_node(caf::local_actor* self, uint32_t node,
                            caf::mailbox_element_ptr msg) = 0;

  // Why node `node` cannot be reached now, as the service would know it from
  // its control plane (the machine's state) and the agent's connection: the
  // ErrorCode of an invocation that was never delivered. Asked only when a
  // delivery times out; DeliveryTimeout when nothing explains it.
  virtual instance_error unreachable(uint32_t /*node*/) const {
    return instance_error::delivery_timeout;
  }
};

}  // namespace broadside::runtime
