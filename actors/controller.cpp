#include "actors/controller.hpp"

#include "actors/agent_session.hpp"
#include "actors/command.hpp"
#include "messages/atoms.hpp"

namespace broadside {

caf::behavior controller_actor(caf::event_based_actor* self, runtime::context* ctx,
                               caf::actor fleet, runtime::agent_network* network,
                               hello_listener on_hello) {
  runtime::count_unexpected(self, ctx);
  return {
      [=](submit_command& submit) -> uuid {
        auto watcher = submit.watcher;
        auto id = submit.command.command_id;
        command_listener listener{
            watcher, [watcher, network](const invocation_update& u, invocation_details) {
              caf::anon_send(watcher, u, network->name_of(u.node));
            },
            {}};
        self->spawn(command_actor, ctx, fleet, std::move(submit.command), std::move(listener));
        return id;
      },
      [=](heartbeat_atom, uint32_t node) {
        if (auto session = network->session_of(node))
          self->send(session, heartbeat_atom::value);
      },
      [=](agent_hello& hello) -> caf::result<uint32_t> {
        auto rp = self->make_response_promise<uint32_t>();
        self->request(fleet, caf::infinite, register_node{hello.info})
            .then(
                [=](uint32_t node) mutable {
                  auto session = network->session_of(node);
                  if (!session) {
                    session = self->spawn(agent_session, ctx, fleet, network, node);
                    network->set_session(node, session, hello.info.instance_id);
                  }
                  self->send(session, attach_atom::value, hello.agent);
                  if (on_hello)
                    on_hello(hello.info, runtime::now_ms(self, *ctx));
                  rp.deliver(node);
                },
                [=](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
  };
}

}  // namespace broadside
