#pragma once

// Cloud Assistant's view of a command (ECS API 2014-05-26): what RunCommand
// and InvokeCommand carry beyond SSM's SendCommand, and the status
// vocabularies DescribeInvocations and DescribeInvocationResults speak. One
// engine runs both APIs' commands; docs/status-mapping.md explains how each
// vocabulary is read from the same invocation. Spellings live only in
// cloud_assistant.cpp.

#include "messages/instance_error.hpp"
#include "messages/status.hpp"
#include "messages/uuid.hpp"
#include "messages/wire_check.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace broadside {

// Type: how the content is run.
enum class script_type : uint8_t { run_shell_script, run_power_shell_script, run_bat_script };
constexpr script_type last_value(script_type) noexcept { return script_type::run_bat_script; }

// RepeatMode.
enum class repeat_mode : uint8_t { once, period, next_reboot_only, every_reboot };
constexpr repeat_mode last_value(repeat_mode) noexcept { return repeat_mode::every_reboot; }

// What a command sent through the Cloud Assistant API keeps of its request.
// `command_id` is empty for a command sent through SSM's SendCommand.
struct cloud_assistant_task {
  std::string command_id;  // c-<32 hex>: the saved (or RunCommand's implicit) command
  std::string invoke_id;   // t-<32 hex>
  std::string name;
  std::string description;
  script_type type = script_type::run_shell_script;
  std::string content;     // CommandContent as sent (plain text or Base64)
  std::string parameters;  // Parameters, the JSON text as sent
  bool enable_parameter = false;
  repeat_mode repeat = repeat_mode::once;
  std::string frequency;
  int64_t timeout_s = 60;
  std::string container_id;
  std::string container_name;
  // Windows, a Username other than System: the Parameter Store parameter
  // holding the user's password.
  std::string windows_password_name;
  bool keep_command = false;
  // A run of a periodic task (RepeatMode Period) is a command of its own: the
  // task's command id, zero for everything else.
  uuid parent;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cloud_assistant_task& x) {
  return f(x.command_id, x.invoke_id, x.name, x.description, x.type, x.content, x.parameters,
           x.enable_parameter, x.repeat, x.frequency, x.timeout_s, x.container_id,
           x.container_name, x.windows_password_name, x.keep_command, x.parent,
           enums_in_range(x.type, x.repeat));
}

// A task whose runs are commands of their own, started by its schedule
// (Period) or by its instances' boots (NextRebootOnly, EveryReboot); not
// one of its runs.
inline bool is_repeating_task(const cloud_assistant_task& t) noexcept {
  return t.repeat != repeat_mode::once && t.parent == uuid{};
}

// Per-instance InvocationStatus.
enum class instance_invocation_status : uint8_t {
  pending,
  scheduled,
  running,
  stopping,
  success,
  failed,
  invalid,
  aborted,
  error,
  timeout,
  cancelled,
  terminated,
};

// The task's InvocationStatus (DescribeInvocations).
enum class task_invocation_status : uint8_t {
  pending,
  scheduled,
  running,
  stopping,
  success,
  failed,
  stopped,
  partial_failed,
};

// InvokeRecordStatus (DescribeInvocationResults) and the legacy InvokeStatus
// and InstanceInvokeStatus.
enum class invoke_record_status : uint8_t {
  running,
  finished,
  failed,
  partial_failed,
  stopped,
  stopping,
};

// -- rules of the vocabulary (docs/status-mapping.md) -----------------------

// One invocation as Cloud Assistant shows it: from the engine's StatusDetails,
// the ErrorCode the engine decided, and whether the run started.
instance_invocation_status instance_status_of(invocation_details d, instance_error e,
                                              bool started) noexcept;

// The ErrorCode Cloud Assistant shows for an invocation: the engine's own,
// else what its StatusDetails implies (ExitCodeNonzero for a non-zero exit,
// ExecutionTimeout, ...); none for a success or a stop.
instance_error shown_error(invocation_details d, instance_error e, int32_t exit_code) noexcept;

// The task's status from its instances' (cloud-assistant.md §4.2, with the
// precedence of its open question 2).
task_invocation_status task_status_of(const std::vector<instance_invocation_status>& instances) noexcept;

invoke_record_status record_status_of(instance_invocation_status s) noexcept;
invoke_record_status record_status_of(task_invocation_status s) noexcept;

bool is_terminal(instance_invocation_status s) noexcept;

// -- spellings ----------------------------------------------------------------

std::string_view wire_name(script_type t) noexcept;
std::string_view wire_name(repeat_mode m) noexcept;
std::string_view wire_name(instance_invocation_status s) noexcept;
std::string_view wire_name(task_invocation_status s) noexcept;
std::string_view wire_name(invoke_record_status s) noexcept;

std::optional<script_type> parse_script_type(std::string_view wire) noexcept;
std::optional<repeat_mode> parse_repeat_mode(std::string_view wire) noexcept;
std::optional<instance_invocation_status> parse_instance_invocation_status(std::string_view wire) noexcept;
std::optional<task_invocation_status> parse_task_invocation_status(std::string_view wire) noexcept;
std::optional<invoke_record_status> parse_invoke_record_status(std::string_view wire) noexcept;

// The SSM document a Cloud Assistant Type runs as (ACS-RunBatScript exists
// only here: SSM has no batch-script document).
std::string_view document_of(script_type t) noexcept;
// The Type an SSM document shows as; nullopt for a document with none.
std::optional<script_type> script_type_of(std::string_view document_name) noexcept;

}  // namespace broadside
