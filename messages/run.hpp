#pragma once

// Between an invocation actor and the node (simulated or a real agent) that
// runs it. Every request names the command; a node runs each command at most
// once, however often the request is redelivered.

#include "messages/document.hpp"
#include "messages/instance_error.hpp"
#include "messages/uuid.hpp"
#include "messages/wire_check.hpp"

#include <caf/actor.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace broadside {

// Every answer names the invocation it is for by its serial: one actor runs
// invocation after invocation, and drops answers meant for an earlier one.
// The serial also orders answers arriving at the same instant (oldest
// invocation first).
using invocation_serial = uint64_t;

// invocation -> node. Sent again after each unanswered attempt.
struct run_request {
  uuid command_id;
  uint32_t attempt = 0;
  caf::actor reply_to;  // the invocation
  invocation_serial serial = 0;
  shared_document document;
  int64_t deliver_by_ms = 0;  // a node never starts the run after this
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_request& x) {
  return f(x.command_id, x.attempt, x.reply_to, x.serial, x.document, x.deliver_by_ms);
}

// node -> invocation: the request arrived and the run is (or was) under way.
struct run_accepted {
  uuid command_id;
  invocation_serial serial = 0;
  uint32_t attempt = 0;
  int64_t start_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_accepted& x) {
  return f(x.command_id, x.serial, x.attempt, x.start_ms);
}

enum class run_outcome : uint8_t {
  exited,             // the script ran to its end; exit_code tells how
  execution_timed_out,// stopped at executionTimeout
  cancelled,          // stopped (or never started) because of a cancel
  interrupted,        // the agent or machine restarted while it ran
  not_started,        // the agent could not start it: `error` says why
};
constexpr run_outcome last_value(run_outcome) noexcept { return run_outcome::not_started; }

// What a run_result says of an outcome other than an exit: the same words
// from simulated nodes and real agents. Empty for exited and not_started
// (the latter's reason is its own). `error` tells an interrupted run's
// agent restart from a machine restart.
std::string_view reason_of(run_outcome o, instance_error error) noexcept;

// The ErrorCode an outcome implies by itself: ExitCodeNonzero for an exit
// other than 0, ExecutionTimeout, ClientRestarted for an interrupted run (a
// node that knows its machine went down says InstanceRestarted instead),
// ExecutionException for a run not started for no known reason; none for a
// success or a cancel.
instance_error error_of(run_outcome o, int32_t exit_code) noexcept;

// node -> invocation: the run is over.
struct run_result {
  uuid command_id;
  invocation_serial serial = 0;
  run_outcome outcome = run_outcome::exited;
  int32_t exit_code = -1;  // ResponseCode; -1 when no exit code exists
  int64_t start_ms = -1;
  int64_t end_ms = -1;
  std::string standard_output;
  std::string standard_error;
  std::string reason;  // why a run ended other than by exiting
  instance_error error = instance_error::none;  // why it did not succeed
  uint64_t output_dropped = 0;  // bytes of output written beyond what the node kept
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_result& x) {
  return f(x.command_id, x.serial, x.outcome, x.exit_code, x.start_ms, x.end_ms, x.standard_output,
           x.standard_error, x.reason, x.error, x.output_dropped, enums_in_range(x.outcome, x.error));
}

// invocation -> node: stop the run, or never start it. Answered by a
// run_result (outcome cancelled, or the real outcome if the run had ended).
struct cancel_run {
  uuid command_id;
  caf::actor reply_to;
  invocation_serial serial = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cancel_run& x) {
  return f(x.command_id, x.reply_to, x.serial);
}

}  // namespace broadside
