#pragma once

// A process_runner on an Asio thread of its own, for actors: they start and
// stop runs from any thread and hear of each run's end through the callback
// (called on the host's thread; an actor turns it into a message to itself).

#include "runtime/process_runner.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace broadside::runtime {

class process_host {
public:
  process_host();
  ~process_host();  // ends every run still going (without reports) and the thread

  process_host(const process_host&) = delete;
  process_host& operator=(const process_host&) = delete;

  // `key` names the run for stop(); `done` is called once, on the host's thread.
  void start(uint64_t key, process_request req, std::function<void(process_result)> done);
  // Ends run `key`; one not started yet never starts (it ends `stopped`).
  void stop(uint64_t key);

private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  process_runner runner_{io_};
  std::unordered_map<uint64_t, process_runner::run_id> runs_;  // host thread only
  std::unordered_set<uint64_t> stopped_early_;                 // stopped before their start
  std::thread thread_;
};

}  // namespace broadside::runtime
