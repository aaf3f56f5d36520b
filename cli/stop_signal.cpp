#include "cli/stop_signal.hpp"

#include <signal.h>

#include <chrono>
#include <thread>

namespace broadside::cli {

namespace {

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested = true; }

}  // namespace

const std::atomic<bool>& stop_on_signals() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = request_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    return true;
  }();
  static_cast<void>(installed);
  return stop_requested;
}

void wait_for_stop() {
  const auto& stop = stop_on_signals();
  while (!stop)
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
}

}  // namespace broadside::cli
