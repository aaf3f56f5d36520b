#pragma once

// command -> invocation actor: run this invocation. An invocation actor runs
// one invocation at a time and is given the next one when it has reported
// the last one's terminal state.

#include "messages/document.hpp"
#include "messages/fleet.hpp"
#include "messages/run.hpp"
#include "messages/uuid.hpp"

#include <cstdint>

namespace broadside {

struct invocation_spec {
  uuid command_id;
  uint32_t target = 0;
  node_status node;               // as the command resolved it
  uint64_t inventory_version = 0;  // of that resolution
  shared_document document;
  int64_t sent_ms = 0;        // when the command sent it
  int64_t deliver_by_ms = 0;  // not delivered by then: Delivery Timed Out
  int64_t expires_ms = 0;     // no terminal report by then: Delivery Timed Out
  // Drawn from the actor-id counter when the target is sent, so serials sort
  // like the actors a spawn per invocation would have made (see run.hpp).
  invocation_serial serial = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, invocation_spec& x) {
  return f(x.command_id, x.target, x.node, x.inventory_version, x.document, x.sent_ms, x.deliver_by_ms,
           x.expires_ms, x.serial);
}

}  // namespace broadside
