#pragma once

// A real agent's process: the agent actor (actors/agent) on the real clock,
// connected to a controller. It says hello on every connection and connects
// again whenever the connection is lost; its runs go on meanwhile, and their
// results reach the controller when it is back (the agent session sends the
// requests again and the agent answers from what it knows). While
// connected it sends a heartbeat every heartbeat_ms.

#include "actors/agent.hpp"
#include "messages/fleet.hpp"

#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>

namespace broadside::distributed {

struct agent_options {
  std::string host;
  uint16_t port = 0;
  node_info info;
  agent_config config;
  int64_t retry_ms = 1'000;       // between connection attempts
  int64_t heartbeat_ms = 60'000;  // between heartbeats (LastPingDateTime)
};

// Returns once `stop` is set (checked a few times a second).
void run_agent(const agent_options& options, const std::atomic<bool>& stop, std::ostream& log);

}  // namespace broadside::distributed
