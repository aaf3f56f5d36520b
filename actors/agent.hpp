#pragma once

// The agent actor: a real managed node. It speaks the same run protocol as
// the simulated node — run_request answered by run_accepted and, when the
// run ends, run_result; cancel_run — so the same command and invocation
// actors drive it. It runs the document's script with a shell in a process
// group of its own (runtime::process_host), keeps the head of its output,
// and never runs a command twice: a redelivered request is answered with
// what the agent has, and the runs it starts are written to a ledger on its
// disk first, so that after a restart it answers for the runs it lost
// (ClientRestarted) instead of running them again.
//
// Accepts: run_request, cancel_run (from invocations), and the ends of its
// own runs. Sends run_accepted / run_result to the invocation named in the
// request.

#include "actors/built_in_parameters.hpp"
#include "messages/run.hpp"
#include "runtime/context.hpp"
#include "runtime/process_host.hpp"
#include "runtime/run_ledger.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace broadside {

struct agent_config {
  instance_identity identity;      // {{ACS::InstanceId}} and {{ACS::InstanceName}}
  std::filesystem::path work_dir;  // the ledger, the scripts, the default working directory
  size_t stdout_limit = 24'000;    // bytes kept of each run's output (GetCommandInvocation's)
  size_t stderr_limit = 8'000;
  int64_t kill_grace_ms = 5'000;   // between SIGTERM and SIGKILL when a run is ended
  // What runs a script, as `SHELL -c SCRIPT`. The real SSM agent and Cloud
  // Assistant run `sh -c`; on Amazon Linux and most RPM systems sh is bash.
  std::string shell = "bash";
};

// What this life of the agent knows about one command.
struct agent_run {
  uint64_t key = 0;                // its process on the host (0: none)
  int64_t start_ms = -1;
  std::optional<run_result> result;  // once it has ended (or could not start)
  caf::actor owed_to;              // the invocation waiting for the result
  invocation_serial owed_serial = 0;
};

struct agent_state {
  runtime::context* ctx = nullptr;
  agent_config config;
  // The host outlives the ledger, whose flushes start runs on it.
  std::unique_ptr<runtime::process_host> host;
  std::unique_ptr<runtime::run_ledger> ledger;
  std::unordered_map<uuid, agent_run> runs;
  std::unordered_map<uint64_t, uuid> by_key;
  uint64_t next_key = 1;
  static inline const char* name = "agent";
};

caf::behavior agent_actor(caf::stateful_actor<agent_state>* self, runtime::context* ctx,
                          agent_config config);

}  // namespace broadside
