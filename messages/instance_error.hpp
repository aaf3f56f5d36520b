#pragma once

// Why an invocation on one instance did not succeed, in Cloud Assistant's
// ErrorCode vocabulary (shared/spec/seed-cloud-assistant-execution-results.txt
// and cloud-assistant.md §4.4). The engine decides the code where the
// condition arises (a node, an agent, an invocation, the scheduler); the SSM
// API shows it only through its own StatusDetails, the Cloud Assistant API as
// ErrorCode and ErrorInfo. Spellings and sentences live in instance_error.cpp.

#include <cstdint>
#include <optional>
#include <string_view>

namespace broadside {

enum class instance_error : uint8_t {
  none,
  // Common errors.
  instance_not_running,
  instance_restarted,
  client_not_running,
  client_network_blocked,
  security_group_rule_denied,
  client_not_response,
  client_need_upgrade,
  client_not_online,
  delivery_timeout,
  execution_timeout,
  execution_exception,
  exit_code_nonzero,
  client_restarted,
  instance_released,
  directory_not_exists,
  instance_not_exists,
  execution_interrupted,
  // Running commands.
  client_is_upgrading,
  instance_deregistered,
  invalid_system_built_in_parameter,
  default_working_directory_not_available,
  command_not_applicable,
  invalid_command_text,
  command_content_decode_error,
  account_not_exists,
  // Running scheduled commands (schedule::schedule_error, same order).
  bad_cron_expression,
  cron_expression_expired,
  invalid_gmt_offset_for_timezone,
  invalid_gmt_offset_hour_for_timezone,
  invalid_gmt_offset_minute_for_timezone,
  timezone_information_corrupt,
  invalid_rate_expression,
  rate_frequency_too_large,
  invalid_at_expression,
  at_expression_expired,
  // Running commands in containers.
  invalid_container_name,
  unsupported_container_runtime,
  invalid_container_id,
  container_connect_failed,
  container_state_abnormal,
  container_not_found,
  container_name_duplicated,
  container_name_and_id_not_match,
  // Running commands as a non-default user on Windows.
  user_or_password_invalid,
  query_parameter_store_failed,
  instance_role_invalid,
  // Stopping commands.
  termination_exception,
  // Sending files.
  file_already_exists,
  file_name_invalid,
  file_path_invalid,
  file_authority_invalid,
  user_group_not_exists,
};
constexpr instance_error last_value(instance_error) noexcept { return instance_error::user_group_not_exists; }
inline constexpr int instance_error_count = static_cast<int>(last_value(instance_error{})) + 1;

// The ErrorCode, e.g. "DirectoryNotExists"; empty for none.
std::string_view wire_name(instance_error e) noexcept;

// The ErrorInfo sentence the seed gives for the code; empty for none.
std::string_view error_info(instance_error e) noexcept;

std::optional<instance_error> parse_instance_error(std::string_view wire) noexcept;

}  // namespace broadside
