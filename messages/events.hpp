#pragma once

// Status change events: invocation -> command, and command -> its listener
// (the sim's summary, a store, an API). Times are milliseconds on the
// engine's clock (virtual time in simulation, Unix time on the real clock).

#include "messages/instance_error.hpp"
#include "messages/status.hpp"
#include "messages/uuid.hpp"
#include "messages/wire_check.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace broadside {

struct invocation_update {
  uuid command_id;
  uint32_t target = 0;  // index in the command's resolved target list
  uint32_t node = 0;    // fleet index of the managed node
  invocation_details details = invocation_details::pending;
  int32_t response_code = -1;
  int64_t at_ms = 0;
  uint32_t attempts = 0;  // deliveries tried so far (0: never sent)
  int64_t sent_ms = -1;   // when the command sent it (-1: never sent)
  // Filled in once the node has reported a run.
  int64_t start_ms = -1;
  int64_t end_ms = -1;
  std::string standard_output;
  std::string standard_error;
  std::string reason;
  // Cloud Assistant's ErrorCode once it ended other than by success, cancel
  // or termination (decided where the condition arose: node, agent,
  // invocation, fleet).
  instance_error error = instance_error::none;
  uint64_t output_dropped = 0;  // bytes the node did not keep (Cloud Assistant's Dropped)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, invocation_update& x) {
  return f(x.command_id, x.target, x.node, x.details, x.response_code, x.at_ms, x.attempts,
           x.sent_ms, x.start_ms, x.end_ms, x.standard_output, x.standard_error, x.reason,
           x.error, x.output_dropped, enums_in_range(x.details, x.error));
}

// TargetCount, CompletedCount, ErrorCount and DeliveryTimedOutCount.
struct command_counts {
  uint32_t target_count = 0;
  uint32_t completed_count = 0;
  uint32_t error_count = 0;
  uint32_t delivery_timed_out_count = 0;

  friend bool operator==(const command_counts& a, const command_counts& b) {
    return a.target_count == b.target_count && a.completed_count == b.completed_count
           && a.error_count == b.error_count
           && a.delivery_timed_out_count == b.delivery_timed_out_count;
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, command_counts& x) {
  return f(x.target_count, x.completed_count, x.error_count, x.delivery_timed_out_count);
}

struct command_update {
  uuid command_id;
  command_details details = command_details::pending;
  command_counts counts;
  std::vector<uint32_t> by_details;  // invocations per invocation_details value
  int64_t requested_ms = 0;
  int64_t at_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, command_update& x) {
  return f(x.command_id, x.details, x.counts, x.by_details, x.requested_ms, x.at_ms,
           enums_in_range(x.details));
}

}  // namespace broadside
