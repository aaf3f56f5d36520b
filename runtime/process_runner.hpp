#pragma once

// Runs real processes for an agent, on a Boost.Asio io_context: each in a
// process group of its own (so a timeout or a cancel reaches its children
// too), its standard output and error read as they come with bounded memory
// (the head the API returns is kept, the rest only counted), its exit noticed
// through a pidfd. Nothing blocks the io_context's thread.
//
// Ending a process (timeout or stop) sends SIGTERM to its group, then
// SIGKILL after a grace period. The run ends when the process itself exits;
// what it started in the background keeps running (as with a real agent),
// and only the output written until then is captured.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace broadside::runtime {

struct process_request {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  std::string working_directory;  // must exist; empty: the runner's own
  int64_t timeout_ms = 3'600'000;
  int64_t kill_grace_ms = 2'000;  // between SIGTERM and SIGKILL
  size_t stdout_limit = 24'000;   // bytes of standard output kept
  size_t stderr_limit = 8'000;
};

enum class process_end : uint8_t {
  exited,           // exit_code is its status
  killed,           // died of a signal the runner did not send (exit_code 128 + signal)
  timed_out,        // ended by the runner at timeout_ms
  stopped,          // ended by the runner on stop()
  failed_to_start,  // see `failure` and `error`
};

enum class start_failure : uint8_t {
  none,
  no_working_directory,  // working_directory is not a directory
  no_program,            // argv[0] was not found or cannot be run
  system,                // pipes, pidfd, fork: the machine's trouble
};

struct process_result {
  process_end end = process_end::failed_to_start;
  int exit_code = -1;
  std::string standard_output;  // at most stdout_limit bytes, cut at a UTF-8 boundary
  std::string standard_error;
  uint64_t stdout_dropped = 0;  // bytes written beyond what was kept
  uint64_t stderr_dropped = 0;
  start_failure failure = start_failure::none;
  std::string error;
};

class process_runner {
public:
  using run_id = uint64_t;
  using completion = std::function<void(run_id, process_result)>;

  explicit process_runner(boost::asio::io_context& io);
  ~process_runner();

  process_runner(const process_runner&) = delete;
  process_runner& operator=(const process_runner&) = delete;

  // Starts `req`; `done` is called once, on the io_context's thread, when it
  // ends (also when it cannot start). Call from that thread.
  run_id start(process_request req, completion done);

  // Ends run `id` (SIGTERM to its group, SIGKILL after the grace period); it
  // completes as `stopped`. Does nothing for a run that already ended.
  void stop(run_id id);

  // The process group of a running run (its leader's pid), or -1.
  pid_t group_of(run_id id) const;

  size_t running() const noexcept { return runs_.size(); }

private:
  struct stream;
  struct run;
  void read(run_id id, stream& s);
  void finish(run_id id);
  void terminate(run_id id, process_end why);

  boost::asio::io_context& io_;
  run_id next_id_ = 1;
  std::unordered_map<run_id, std::unique_ptr<run>> runs_;
};

}  // namespace broadside::runtime
