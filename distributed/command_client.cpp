#include "distributed/command_client.hpp"

#include "messages/controller.hpp"
#include "runtime/engine.hpp"

#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>

#include <stdexcept>

namespace broadside::distributed {

command_update run_remote_command(
    const std::string& host, uint16_t port, send_command command,
    const std::function<void(const std::string& instance_id, const invocation_update&)>& on_end) {
  runtime::engine engine{{runtime::clock_kind::real_time, 1, true}};
  auto& sys = engine.system();
  auto where = host + ":" + std::to_string(port);
  auto controller = sys.middleman().remote_actor(host, port);
  if (!controller)
    throw std::runtime_error("cannot reach the controller at " + where + ": "
                             + sys.render(controller.error()));
  caf::scoped_actor self{sys};
  self->monitor(*controller);
  self->send(*controller, submit_command{std::move(command), caf::actor{self}});
  command_update last;
  bool over = false;
  while (!over)
    self->receive(
        [&](const command_update& u) {
          last = u;
          over = is_terminal(u.details);
        },
        [&](const invocation_update& u, const std::string& instance_id) {
          if (is_terminal(u.details))
            on_end(instance_id, u);
        },
        [&](const uuid&) {},  // the controller took the command
        [&](const caf::down_msg&) {
          throw std::runtime_error("lost the controller at " + where
                                   + " before the command ended");
        });
  return last;
}

}  // namespace broadside::distributed
