#pragma once

// A controller on the real clock: the fleet (empty until agents say hello),
// the controller actor published on a port for agents and clients
// (actors/controller), and the agent network that carries invocations'
// traffic to the agents' sessions.

#include "runtime/agent_network.hpp"
#include "runtime/context.hpp"
#include "runtime/engine.hpp"

#include <caf/actor.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace broadside::distributed {

struct controller_options {
  std::string bind = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port
  runtime::delivery_policy delivery;
};

class controller_process {
public:
  // Starts and publishes; throws std::runtime_error if it cannot listen.
  explicit controller_process(const controller_options& options);
  ~controller_process();

  controller_process(const controller_process&) = delete;
  controller_process& operator=(const controller_process&) = delete;

  uint16_t port() const noexcept { return port_; }

  // Managed nodes whose agent has said hello (connected now or not).
  size_t nodes() const { return network_.nodes(); }

private:
  runtime::engine engine_;
  runtime::agent_network network_;
  runtime::context ctx_;
  caf::actor fleet_;
  caf::actor controller_;
  uint16_t port_ = 0;
};

}  // namespace broadside::distributed
