#pragma once

// A client of a controller: sends one command and follows it to its end.

#include "messages/events.hpp"
#include "messages/send_command.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace broadside::distributed {

// Sends `command` to the controller at host:port, calls `on_end` with the
// instance id for every invocation as it reaches its terminal state, and
// returns the command's final update. Throws std::runtime_error if it cannot
// reach the controller.
command_update run_remote_command(
    const std::string& host, uint16_t port, send_command command,
    const std::function<void(const std::string& instance_id, const invocation_update&)>& on_end);

}  // namespace broadside::distributed
