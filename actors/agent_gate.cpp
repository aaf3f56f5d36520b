#include "actors/agent_gate.hpp"

#include "actors/agent_session.hpp"
#include "messages/atoms.hpp"

namespace broadside {

caf::behavior agent_gate(caf::event_based_actor* self, runtime::context* ctx, caf::actor fleet,
                         runtime::agent_network* network) {
  runtime::count_unexpected(self, ctx);
  return {
      [=](agent_hello& hello) -> caf::result<uint32_t> {
        auto rp = self->make_response_promise<uint32_t>();
        self->request(fleet, caf::infinite, register_node{hello.info})
            .then(
                [=](uint32_t node) mutable {
                  auto session = network->session_of(node);
                  if (!session) {
                    session = self->spawn(agent_session, ctx, node);
                    network->set_session(node, session);
                  }
                  self->send(session, attach_atom::value, hello.agent);
                  rp.deliver(node);
                },
                [=](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
  };
}

}  // namespace broadside
