#pragma once

// Long-running subcommands (controller, agent, fleet up) end cleanly on
// SIGINT or SIGTERM: the flag is set, and they wind down.

#include <atomic>

namespace broadside::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& stop_on_signals();

// Sleeps until the flag is set.
void wait_for_stop();

}  // namespace broadside::cli
