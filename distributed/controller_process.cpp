#include "distributed/controller_process.hpp"

#include "actors/controller.hpp"
#include "actors/fleet.hpp"

#include <caf/io/middleman.hpp>
#include <caf/send.hpp>

#include <stdexcept>

namespace broadside::distributed {

controller_process::controller_process(const controller_options& options)
    : engine_({runtime::clock_kind::real_time, 1, true}) {
  ctx_.epoch_ms = engine_.epoch_ms();
  ctx_.transport = &network_;
  ctx_.delivery = options.delivery;
  auto& sys = engine_.system();
  fleet_ = sys.spawn(fleet_actor, &ctx_, fleet_inventory{});
  controller_ = sys.spawn(controller_actor, &ctx_, fleet_, &network_, hello_listener{});
  auto port = sys.middleman().publish(controller_, options.port, options.bind.c_str(), true);
  if (!port) {
    caf::anon_send_exit(controller_, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(fleet_, caf::exit_reason::user_shutdown);
    throw std::runtime_error("cannot listen on " + options.bind + ":"
                             + std::to_string(options.port) + ": " + sys.render(port.error()));
  }
  port_ = *port;
}

controller_process::~controller_process() {
  caf::anon_send_exit(controller_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(fleet_, caf::exit_reason::user_shutdown);
  network_.clear();
}

}  // namespace broadside::distributed
