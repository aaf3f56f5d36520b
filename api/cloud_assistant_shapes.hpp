#pragma once

// Cloud Assistant's output shapes (ECS API 2014-05-26) built from the command
// registry's views, the same the SSM API reads: an InvokeId is the engine's
// command id in Cloud Assistant's form (docs/status-mapping.md).

#include "messages/command_queries.hpp"
#include "messages/fleet.hpp"
#include "messages/uuid.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace broadside::api {

// "t-" and the id's 32 hex digits; the engine's id of such an InvokeId.
std::string invoke_id_of(const uuid& command_id);
std::optional<uuid> parse_invoke_id(std::string_view invoke_id);
// "c-" and 32 hex digits.
std::string saved_command_id_of(const uuid& id);

// The CommandId a command shows: its own, or for one sent through SSM, its
// InvokeId's digits after "c-".
std::string command_id_of(const command_view& c);

// An instance's status and ErrorCode as Cloud Assistant shows them: a
// periodic task's instance whose latest run is over waits for the next one
// (Scheduled) while the schedule lasts.
instance_invocation_status instance_status_of(const command_view& c, const invocation_view& i);
instance_error shown_error(const invocation_view& i);
// The task's status from its instances (for a periodic task, their latest
// runs): a task with none yet is Pending (Scheduled if periodic), a stopped
// periodic task Stopped once its last run is over.
task_invocation_status task_status_of(const command_view& c,
                                      const std::vector<invocation_view>& invocations);

// How DescribeInvocations and DescribeInvocationResults return CommandContent
// and Output: Base64 unless PlainText was asked for.
struct text_encoding {
  bool base64 = true;
};

// One Invocation of DescribeInvocations, with its InvokeInstances.
nlohmann::json invocation_json(const command_view& c, const std::vector<invocation_view>& instances,
                               text_encoding encoding, bool include_output);
// One InvocationResult of DescribeInvocationResults; `one_run`: a record of
// a periodic task's history, shown as that run ended.
nlohmann::json invocation_result_json(const command_view& c, const invocation_view& i,
                                      text_encoding encoding, bool one_run = false);
// One Invocation of DescribeSendFileResults: a SendFile's file and instances.
nlohmann::json send_file_json(const command_view& c, const std::vector<invocation_view>& instances);
// One InstanceCloudAssistantStatus of DescribeCloudAssistantStatus.
nlohmann::json cloud_assistant_status_json(const instance_information& info);

}  // namespace broadside::api
