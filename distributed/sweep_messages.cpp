#include "distributed/sweep_messages.hpp"

#include <caf/io/middleman.hpp>

namespace broadside::distributed {

void configure_sweep_network(caf::actor_system_config& cfg) {
  cfg.add_message_type<sweep_task>("broadside::sweep_task");
  cfg.add_message_type<sweep_result>("broadside::sweep_result");
  cfg.add_message_type<sweep_failure>("broadside::sweep_failure");
  cfg.load<caf::io::middleman>();
}

}  // namespace broadside::distributed
