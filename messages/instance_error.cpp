#include "messages/instance_error.hpp"

namespace broadside {

namespace {

struct error_text {
  std::string_view code;
  std::string_view info;
};

// The "Error code" and "Error message" columns of Cloud Assistant's
// execution-result tables; InstanceNotExists and ExecutionInterrupted, which
// only the API reference lists (cloud-assistant.md §4.4), in its words.
error_text text_of(instance_error e) noexcept {
  switch (e) {
    case instance_error::none:
      return {"", ""};
    case instance_error::instance_not_running:
      return {"InstanceNotRunning", "The instance was not in the running state when the task was created."};
    case instance_error::instance_restarted:
      return {"InstanceRestarted", "The instance was restarted during task execution."};
    case instance_error::client_not_running:
      return {"ClientNotRunning", "The Cloud Assistant Agent is not running."};
    case instance_error::client_network_blocked:
      return {"ClientNetworkBlocked", "The network environment of the instance is abnormal."};
    case instance_error::security_group_rule_denied:
      return {"SecurityGroupRuleDenied", "A security group rule denies access to the Cloud Assistant service."};
    case instance_error::client_not_response:
      return {"ClientNotResponse", "The Cloud Assistant Agent did not respond."};
    case instance_error::client_need_upgrade:
      return {"ClientNeedUpgrade", "The Cloud Assistant Agent needs to be upgraded to support the specified feature."};
    case instance_error::client_not_online:
      return {"ClientNotOnline", "The Cloud Assistant Agent is not connected to the server."};
    case instance_error::delivery_timeout:
      return {"DeliveryTimeout", "The Cloud Assistant server failed to send the task to the Cloud Assistant Agent."};
    case instance_error::execution_timeout:
      return {"ExecutionTimeout", "The command execution timed out."};
    case instance_error::execution_exception:
      return {"ExecutionException", "An exception occurred during command execution."};
    case instance_error::exit_code_nonzero:
      return {"ExitCodeNonzero", "The command finished executing, but the exit code of the command process is not 0."};
    case instance_error::client_restarted:
      return {"ClientRestarted", "The task was interrupted because the Cloud Assistant Agent was restarted."};
    case instance_error::instance_released:
      return {"InstanceReleased", "The instance was released during command execution."};
    case instance_error::directory_not_exists:
      return {"DirectoryNotExists", "The specified working directory does not exist in the instance."};
    case instance_error::instance_not_exists:
      return {"InstanceNotExists", "The instance does not exist."};
    case instance_error::execution_interrupted:
      return {"ExecutionInterrupted", "The command execution was interrupted."};
    case instance_error::client_is_upgrading:
      return {"ClientIsUpgrading", "The Cloud Assistant Agent is being upgraded."};
    case instance_error::instance_deregistered:
      return {"InstanceDeregistered", "The managed instance has been unregistered."};
    case instance_error::invalid_system_built_in_parameter:
      return {"InvalidSystemBuiltInParameter", "The built-in environment parameter is invalid."};
    case instance_error::default_working_directory_not_available:
      return {"DefaultWorkingDirectoryNotAvailable", "The default working directory in the instance is not available."};
    case instance_error::command_not_applicable:
      return {"CommandNotApplicable", "The command type is not applicable to the specified instance."};
    case instance_error::invalid_command_text:
      return {"InvalidCommandText", "The command content is invalid."};
    case instance_error::command_content_decode_error:
      return {"CommandContentDecodeError", "Failed to decode the command content."};
    case instance_error::account_not_exists:
      return {"AccountNotExists", "The specified user does not exist in the instance."};
    case instance_error::bad_cron_expression:
      return {"BadCronExpression", "The specified cron expression is invalid."};
    case instance_error::cron_expression_expired:
      return {"CronExpressionExpired", "The cron expression has expired. The corresponding scheduled task will not be executed."};
    case instance_error::invalid_gmt_offset_for_timezone:
      return {"InvalidGMTOffsetForTimezone", "The format of the GMT offset time zone specified in the cron expression is invalid."};
    case instance_error::invalid_gmt_offset_hour_for_timezone:
      return {"InvalidGMTOffsetHourForTimezone", "The GMT offset hour value specified in the cron expression is invalid."};
    case instance_error::invalid_gmt_offset_minute_for_timezone:
      return {"InvalidGMTOffsetMinuteForTimezone", "The GMT offset minute value specified in the cron expression is invalid."};
    case instance_error::timezone_information_corrupt:
      return {"TimezoneInformationCorrupt", "The Cloud Assistant Agent cannot parse the time zone information because the time zone file is corrupted or for other reasons."};
    case instance_error::invalid_rate_expression:
      return {"InvalidRateExpression", "The Rate expression is invalid."};
    case instance_error::rate_frequency_too_large:
      return {"RateFrequencyTooLarge", "The scheduled execution frequency specified in the Rate expression is too high."};
    case instance_error::invalid_at_expression:
      return {"InvalidAtExpression", "The timestamp (At expression) is invalid."};
    case instance_error::at_expression_expired:
      return {"AtExpressionExpired", "The timestamp (At expression) has expired. The corresponding scheduled task will not be executed."};
    case instance_error::invalid_container_name:
      return {"InvalidContainerName", "The container name is invalid."};
    case instance_error::unsupported_container_runtime:
      return {"UnsupportedContainerRuntime", "The container runtime included in the container ID is not supported."};
    case instance_error::invalid_container_id:
      return {"InvalidContainerId", "The container ID is invalid."};
    case instance_error::container_connect_failed:
      return {"ContainerConnectFailed", "Cannot connect to the container."};
    case instance_error::container_state_abnormal:
      return {"ContainerStateAbnormal", "The container status is abnormal."};
    case instance_error::container_not_found:
      return {"ContainerNotFound", "The container does not exist."};
    case instance_error::container_name_duplicated:
      return {"ContainerNameDuplicated", "The node has containers with the same name. The container on which to run the command cannot be identified."};
    case instance_error::container_name_and_id_not_match:
      return {"ContainerNameAndIdNotMatch", "The container ID and container name do not match."};
    case instance_error::user_or_password_invalid:
      return {"UserOrPasswordInvalid", "The username or password is incorrect."};
    case instance_error::query_parameter_store_failed:
      return {"QueryParameterStoreFailed", "Failed to pull parameters from Parameter Store."};
    case instance_error::instance_role_invalid:
      return {"InstanceRoleInvalid", "The instance role is not granted to the instance."};
    case instance_error::termination_exception:
      return {"TerminationException", "Failed to stop the task."};
    case instance_error::file_already_exists:
      return {"FileAlreadyExists", "A file with the same name exists in the same path."};
    case instance_error::file_name_invalid:
      return {"FileNameInvalid", "The file name is invalid."};
    case instance_error::file_path_invalid:
      return {"FilePathInvalid", "The file path is invalid."};
    case instance_error::file_authority_invalid:
      return {"FileAuthorityInvalid", "The file permissions are invalid."};
    case instance_error::user_group_not_exists:
      return {"UserGroupNotExists", "The specified user group does not exist in the instance."};
  }
  return {"", ""};
}

}  // namespace

std::string_view wire_name(instance_error e) noexcept { return text_of(e).code; }

std::string_view error_info(instance_error e) noexcept { return text_of(e).info; }

std::optional<instance_error> parse_instance_error(std::string_view wire) noexcept {
  for (int i = 1; i < instance_error_count; ++i) {
    auto e = static_cast<instance_error>(i);
    if (wire_name(e) == wire)
      return e;
  }
  return std::nullopt;
}

}  // namespace broadside
