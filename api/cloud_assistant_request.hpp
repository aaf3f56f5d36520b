#pragma once

// RunCommand, CreateCommand and InvokeCommand's parameters, checked as Cloud
// Assistant checks them (cloud-assistant.md §2, §5; docs/cloud-assistant-api.md),
// and the engine's request for one invocation made of them.

#include "api/aws_json.hpp"
#include "api/rpc_query.hpp"
#include "messages/saved_command.hpp"
#include "messages/send_command.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace broadside::api {

// Most instances one RunCommand or InvokeCommand may name (the current docs'
// quota; older docs say 50), and StopInvocation.
inline constexpr size_t max_invocation_instances = 100;
inline constexpr size_t max_stop_instances = 50;
// The largest CommandContent, measured on its Base64 form (with parameters
// filled in), as the docs say.
inline constexpr size_t max_content_base64_bytes = 24 * 1024;

// What RunCommand or InvokeCommand asks of one invocation.
struct invocation_choice {
  std::vector<std::string> instance_ids;
  std::vector<target_selector> targets;  // from ResourceTag.N
  repeat_mode repeat = repeat_mode::once;
  std::string frequency;
  std::string parameters;  // the JSON text as sent
  std::map<std::string, std::string> parameter_values;
  std::string username;
  std::string windows_password_name;
  std::optional<std::string> working_dir;  // InvokeCommand: overrides the command's
  std::optional<int64_t> timeout_s;        // InvokeCommand: overrides the command's
  std::string container_id;
  std::string container_name;
};

// Cloud Assistant's refusals of a parameter: MissingParameter.<Name>, and
// InvalidParameter saying why.
api_error missing(std::string_view name);
api_error invalid(std::string_view name, std::string_view why);
// "<Name>.ExceedLimit" refusals (403), e.g. InstanceIds.ExceedLimit.
api_error too_long(std::string_view code, std::string_view name, size_t limit);

// true/false in any case; a whole number of at most 12 digits.
std::optional<bool> read_bool(const std::string& text);
std::optional<int64_t> read_int(const std::string& text);
bool equals_ignoring_case(std::string_view a, std::string_view b);

// The instances a request names: 1 to `limit` InstanceId.N, or ResourceTag.N
// (as tag: targets), not both, no id twice.
std::optional<api_error> read_targets(const rpc_params& p, size_t limit,
                                     std::vector<std::string>& instance_ids,
                                     std::vector<target_selector>& targets);

// How Cloud Assistant delivers every command: to all instances at once,
// never halting on errors, each instance given a minute to take it.
void deliver_as_cloud_assistant(send_command& r);

using definition_or_error = std::variant<saved_command, api_error>;
using choice_or_error = std::variant<invocation_choice, api_error>;
using request_or_error = std::variant<send_command, api_error>;

// The parameters that define a command (RunCommand, CreateCommand); its
// CommandId is the caller's to draw.
definition_or_error read_command_definition(const rpc_params& p);

// The parameters of one invocation (RunCommand, InvokeCommand). `now_ms`
// is when the request came: at and cron expressions must still fire after it.
choice_or_error read_invocation_choice(const rpc_params& p, int64_t now_ms);

// The engine's request to run `definition` as `choice` under `command_id`,
// with the parameters filled in: {{name}} from Parameters, and the built-in
// {{ACS::InvokeId}}, {{ACS::CommandId}}, {{ACS::RegionId}} and
// {{ACS::AccountId}}. {{ACS::InstanceId}} and {{ACS::InstanceName}} differ by
// instance: the agent fills them in. A Period task's Frequency must suit its
// Timeout (schedule/period_limits.hpp), asked at `now_ms`.
request_or_error invocation_request(const saved_command& definition,
                                    const invocation_choice& choice, const uuid& command_id,
                                    const std::string& region_id, int64_t now_ms);

}  // namespace broadside::api
