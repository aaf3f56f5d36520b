#pragma once

// What the service keeps of every command it accepted, and the questions the
// API asks about them (ListCommands, ListCommandInvocations,
// GetCommandInvocation). In-process only: the command registry and the API
// share one process, so the records carry the accepted request by pointer.

#include "messages/events.hpp"
#include "messages/instance_error.hpp"
#include "messages/send_command.hpp"
#include "messages/status.hpp"
#include "messages/uuid.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace broadside {

// A command as ListCommands shows it.
struct command_view {
  std::shared_ptr<const send_command> request;  // as accepted
  uint64_t sequence = 0;                        // acceptance order, from 1
  int64_t requested_ms = 0;                     // RequestedDateTime
  int64_t expires_ms = 0;                       // ExpiresAfter
  command_details details = command_details::pending;
  command_counts counts;
};

// One target's invocation.
struct invocation_view {
  std::string instance_id;
  uint32_t target = 0;
  invocation_details details = invocation_details::pending;
  int32_t response_code = -1;
  int64_t start_ms = -1;  // the run's, on the node (-1: not started)
  int64_t end_ms = -1;
  std::string standard_output;  // the heads the node kept
  std::string standard_error;
  uint64_t output_dropped = 0;  // bytes of output the node did not keep
  instance_error error = instance_error::none;  // Cloud Assistant's ErrorCode, as the engine decided
  // A periodic task's instance: the runs that reached it (the view is its
  // latest run's); 0 otherwise.
  uint32_t repeats = 0;
};

// Filters of ListCommands and ListCommandInvocations, typed; every one set
// must match.
struct command_filters {
  int64_t invoked_after_ms = INT64_MIN;  // RequestedDateTime >= this
  int64_t invoked_before_ms = INT64_MAX;  // RequestedDateTime <= this
  // Wire names; a command (or invocation) matches one when its Status or its
  // StatusDetails has that name.
  std::vector<std::string> statuses;
  std::optional<bool> executing;  // ExecutionStage: Executing (true) or Complete
  std::string document_name;
  // Filters in another API's vocabulary (Cloud Assistant's InvokeStatus,
  // CommandType, ...), set by that API: a command must satisfy `command`,
  // an invocation `invocation`.
  std::function<bool(const command_view&, const std::vector<invocation_view>&)> command;
  std::function<bool(const command_view&, const invocation_view&)> invocation;
};

// Where a listing goes on: the sequence of the next command and, for
// invocations, the next target in it. Listings run newest command first.
struct page_position {
  uint64_t sequence = UINT64_MAX;
  uint32_t target = 0;
};

struct command_query {
  std::optional<uuid> command_id;
  std::string instance_id;  // empty: any
  command_filters filters;
  page_position from;
  uint32_t max_results = 50;
  bool with_invocations = false;  // list_commands: each command's invocations too
  bool count_all = false;         // count every match (the page's total), not just a page
  // A periodic task's invocations are its instances' latest runs; with
  // history, every run's (list_invocations), newest run first.
  bool with_history = false;
};

struct command_page {
  std::vector<command_view> commands;
  std::vector<std::vector<invocation_view>> invocations;  // of each command, if asked
  std::optional<page_position> next;
  uint64_t total = 0;  // matches from the query's position on, if counted
  bool command_known = true;  // false: the query named a command the book does not have
};

struct invocation_page {
  // Each invocation with its command (the view holds the request by pointer).
  std::vector<std::pair<command_view, invocation_view>> invocations;
  std::optional<page_position> next;
  uint64_t total = 0;  // matches from the query's position on, if counted
  bool command_known = true;
};

// -- requests to the command registry -----------------------------------------

// SendCommand, validated against the API model. Answered with
// command_accepted.
struct accept_command {
  send_command request;
};

// The command as accepted, or why not (an API error code and message).
struct command_accepted {
  std::optional<command_view> command;
  std::string error_code;
  std::string error_message;
};

struct list_commands {
  command_query query;
};  // -> command_page

struct list_invocations {
  command_query query;
};  // -> invocation_page

struct get_invocation {
  uuid command_id;
  std::string instance_id;
};  // -> invocation_page with at most one entry

// (registry_stats_atom) -> registry_stats: what /metrics shows of commands.
struct registry_stats {
  std::vector<uint64_t> invocations;  // by invocation_details value
  uint64_t commands = 0;              // accepted
  uint64_t commands_running = 0;      // not yet terminal
};

}  // namespace broadside

// Never leave the process (they hold the request by pointer).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::command_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::accept_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::command_accepted)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::list_commands)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::list_invocations)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::get_invocation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::command_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::invocation_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::registry_stats)
