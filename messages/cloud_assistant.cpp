#include "messages/cloud_assistant.hpp"

#include <algorithm>
#include <array>

namespace broadside {

namespace {

constexpr std::array<std::string_view, 3> script_type_names{
    "RunShellScript", "RunPowerShellScript", "RunBatScript"};
constexpr std::array<std::string_view, 3> script_type_documents{
    "AWS-RunShellScript", "AWS-RunPowerShellScript", "ACS-RunBatScript"};
constexpr std::array<std::string_view, 4> repeat_mode_names{
    "Once", "Period", "NextRebootOnly", "EveryReboot"};
constexpr std::array<std::string_view, 12> instance_status_names{
    "Pending", "Scheduled", "Running", "Stopping", "Success",   "Failed",
    "Invalid", "Aborted",   "Error",   "Timeout",  "Cancelled", "Terminated"};
constexpr std::array<std::string_view, 8> task_status_names{
    "Pending", "Scheduled", "Running", "Stopping", "Success", "Failed", "Stopped", "PartialFailed"};
constexpr std::array<std::string_view, 6> record_status_names{
    "Running", "Finished", "Failed", "PartialFailed", "Stopped", "Stopping"};

template <class Enum, size_t N>
std::string_view name_in(const std::array<std::string_view, N>& names, Enum value) noexcept {
  auto i = static_cast<size_t>(value);
  return i < N ? names[i] : std::string_view{};
}

template <class Enum, size_t N>
std::optional<Enum> parse_in(const std::array<std::string_view, N>& names,
                             std::string_view wire) noexcept {
  auto found = std::find(names.begin(), names.end(), wire);
  if (found == names.end())
    return std::nullopt;
  return static_cast<Enum>(found - names.begin());
}

// A run the instance refused because of what it was asked (Invalid), not
// because of its own state (Error) or the script's exit (Failed).
bool is_invalid_request(instance_error e) noexcept {
  switch (e) {
    case instance_error::command_not_applicable:
    case instance_error::invalid_command_text:
    case instance_error::command_content_decode_error:
    case instance_error::invalid_system_built_in_parameter:
    case instance_error::invalid_container_name:
    case instance_error::invalid_container_id:
    case instance_error::unsupported_container_runtime:
    case instance_error::file_name_invalid:
    case instance_error::file_path_invalid:
    case instance_error::file_authority_invalid:
      return true;
    default:
      return e >= instance_error::bad_cron_expression && e <= instance_error::at_expression_expired;
  }
}

}  // namespace

instance_invocation_status instance_status_of(invocation_details d, instance_error e,
                                              bool started) noexcept {
  using s = instance_invocation_status;
  switch (d) {
    case invocation_details::pending:
    case invocation_details::delayed:
      return s::pending;
    case invocation_details::in_progress:
      return s::running;
    case invocation_details::cancelling:
      return s::stopping;
    case invocation_details::success:
      return s::success;
    case invocation_details::execution_timed_out:
      return s::timeout;
    case invocation_details::cancelled:
      if (e == instance_error::termination_exception)
        return s::error;  // the stop was never confirmed
      return started ? s::terminated : s::cancelled;
    case invocation_details::terminated:
      return s::cancelled;
    case invocation_details::delivery_timed_out:
      // Delivered and then silent: the run's fate is unknown, an exception
      // rather than a delivery failure.
      return e == instance_error::client_not_response ? s::error : s::aborted;
    case invocation_details::undeliverable:
      return s::aborted;
    case invocation_details::invalid_platform:
    case invocation_details::access_denied:
      return s::invalid;
    case invocation_details::failed:
      // The instance could not do it as asked (DescribeSendFileResults' Failed:
      // the file could not be created).
      if (e == instance_error::none || e == instance_error::exit_code_nonzero
          || e == instance_error::directory_not_exists || e == instance_error::account_not_exists
          || e == instance_error::file_already_exists || e == instance_error::user_group_not_exists)
        return s::failed;
      return is_invalid_request(e) ? s::invalid : s::error;
  }
  return s::error;
}

instance_error shown_error(invocation_details d, instance_error e, int32_t exit_code) noexcept {
  if (e != instance_error::none)
    return e;
  switch (d) {
    case invocation_details::failed:
      return exit_code != 0 ? instance_error::exit_code_nonzero : instance_error::none;
    case invocation_details::execution_timed_out:
      return instance_error::execution_timeout;
    case invocation_details::delivery_timed_out:
      return instance_error::delivery_timeout;
    case invocation_details::undeliverable:
      return instance_error::instance_not_exists;
    case invocation_details::invalid_platform:
      return instance_error::command_not_applicable;
    default:
      return instance_error::none;
  }
}

task_invocation_status task_status_of(
    const std::vector<instance_invocation_status>& instances) noexcept {
  using i = instance_invocation_status;
  using t = task_invocation_status;
  auto any = [&](i s) { return std::find(instances.begin(), instances.end(), s) != instances.end(); };
  for (auto [instance, task] : {std::pair{i::pending, t::pending}, {i::running, t::running},
                                {i::stopping, t::stopping}, {i::scheduled, t::scheduled}})
    if (any(instance))
      return task;
  auto successes = std::count(instances.begin(), instances.end(), i::success);
  auto stopped = std::count_if(instances.begin(), instances.end(),
                               [](i s) { return s == i::cancelled || s == i::terminated; });
  auto failures = static_cast<long>(instances.size()) - successes - stopped;
  if (successes > 0)
    return failures > 0 ? t::partial_failed : t::success;
  return failures > 0 ? t::failed : t::stopped;
}

invoke_record_status record_status_of(instance_invocation_status s) noexcept {
  using i = instance_invocation_status;
  switch (s) {
    case i::pending:
    case i::scheduled:
    case i::running:
      return invoke_record_status::running;
    case i::stopping:
      return invoke_record_status::stopping;
    case i::success:
    case i::failed:
      return invoke_record_status::finished;
    case i::cancelled:
    case i::terminated:
      return invoke_record_status::stopped;
    case i::invalid:
    case i::aborted:
    case i::error:
    case i::timeout:
      return invoke_record_status::failed;
  }
  return invoke_record_status::failed;
}

invoke_record_status record_status_of(task_invocation_status s) noexcept {
  using t = task_invocation_status;
  switch (s) {
    case t::pending:
    case t::scheduled:
    case t::running:
      return invoke_record_status::running;
    case t::stopping:
      return invoke_record_status::stopping;
    case t::success:
      return invoke_record_status::finished;
    case t::failed:
      return invoke_record_status::failed;
    case t::partial_failed:
      return invoke_record_status::partial_failed;
    case t::stopped:
      return invoke_record_status::stopped;
  }
  return invoke_record_status::failed;
}

bool is_terminal(instance_invocation_status s) noexcept {
  using i = instance_invocation_status;
  return s != i::pending && s != i::scheduled && s != i::running && s != i::stopping;
}

std::string_view wire_name(script_type t) noexcept { return name_in(script_type_names, t); }
std::string_view wire_name(repeat_mode m) noexcept { return name_in(repeat_mode_names, m); }
std::string_view wire_name(instance_invocation_status s) noexcept {
  return name_in(instance_status_names, s);
}
std::string_view wire_name(task_invocation_status s) noexcept {
  return name_in(task_status_names, s);
}
std::string_view wire_name(invoke_record_status s) noexcept {
  return name_in(record_status_names, s);
}

std::optional<script_type> parse_script_type(std::string_view wire) noexcept {
  return parse_in<script_type>(script_type_names, wire);
}
std::optional<repeat_mode> parse_repeat_mode(std::string_view wire) noexcept {
  return parse_in<repeat_mode>(repeat_mode_names, wire);
}
std::optional<instance_invocation_status> parse_instance_invocation_status(
    std::string_view wire) noexcept {
  return parse_in<instance_invocation_status>(instance_status_names, wire);
}
std::optional<task_invocation_status> parse_task_invocation_status(std::string_view wire) noexcept {
  return parse_in<task_invocation_status>(task_status_names, wire);
}
std::optional<invoke_record_status> parse_invoke_record_status(std::string_view wire) noexcept {
  return parse_in<invoke_record_status>(record_status_names, wire);
}

std::string_view document_of(script_type t) noexcept { return name_in(script_type_documents, t); }

std::optional<script_type> script_type_of(std::string_view document_name) noexcept {
  return parse_in<script_type>(script_type_documents, document_name);
}

}  // namespace broadside
