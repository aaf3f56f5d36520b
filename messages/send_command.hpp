#pragma once

// SendCommand as the engine receives it: the API's members after the edge has
// pulled the document parameters (commands, executionTimeout, ...) out of
// Parameters. MaxConcurrency and MaxErrors stay wire strings ("50", "10%"),
// resolved only once the target count is known.

#include "messages/cloud_assistant.hpp"
#include "messages/document.hpp"
#include "messages/uuid.hpp"
#include "messages/wire_check.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace broadside {

// One Targets entry: Key=InstanceIds|tag:<k>|tag-key|resource-groups:Name.
struct target_selector {
  std::string key;
  std::vector<std::string> values;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, target_selector& x) {
  return f(x.key, x.values);
}

// How the concurrency window opens (semantics.md, "Ramp").
enum class ramp_mode : uint8_t {
  exponential,  // 1, then +1 per finished invocation, up to MaxConcurrency (SSM)
  none,         // MaxConcurrency from the start (fanout, Cloud Assistant)
};
constexpr ramp_mode last_value(ramp_mode) noexcept { return ramp_mode::none; }

// What the delivery timeout is measured from (semantics.md, "Timeouts").
enum class deadline_mode : uint8_t {
  command,         // RequestedDateTime + TimeoutSeconds for every invocation (SSM)
  per_invocation,  // each invocation's own send + TimeoutSeconds
};
constexpr deadline_mode last_value(deadline_mode) noexcept { return deadline_mode::per_invocation; }

struct send_command {
  uuid command_id;
  std::vector<std::string> instance_ids;
  std::vector<target_selector> targets;
  std::string document_name;
  std::vector<std::string> commands;
  std::string working_directory;
  std::map<std::string, std::vector<std::string>> parameters;  // as sent, for echoing
  std::string max_concurrency = "50";
  std::string max_errors = "0";
  int64_t delivery_timeout_ms = 3'600'000;   // TimeoutSeconds
  int64_t execution_timeout_ms = 3'600'000;  // the document's executionTimeout
  std::string comment;
  ramp_mode ramp = ramp_mode::exponential;
  deadline_mode deadline = deadline_mode::command;
  std::string username;  // run as this user (Cloud Assistant's Username); empty: the agent's
  content_encoding encoding = content_encoding::plain_text;  // of `commands`
  cloud_assistant_task cloud_assistant;  // sent through Cloud Assistant's API, if its command_id is set
  file_spec file{};  // ACS-SendFile's file (its content is `commands`)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, send_command& x) {
  return f(x.command_id, x.instance_ids, x.targets, x.document_name, x.commands,
           x.working_directory, x.parameters, x.max_concurrency, x.max_errors,
           x.delivery_timeout_ms, x.execution_timeout_ms, x.comment, x.ramp, x.deadline,
           x.username, x.encoding, x.cloud_assistant, x.file,
           enums_in_range(x.ramp, x.deadline, x.encoding));
}

// CancelCommand: every invocation when instance_ids is empty.
struct cancel_command {
  uuid command_id;
  std::vector<std::string> instance_ids;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cancel_command& x) {
  return f(x.command_id, x.instance_ids);
}

}  // namespace broadside
