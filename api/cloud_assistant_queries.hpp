#pragma once

// The parameters of Cloud Assistant's Describe actions (DescribeInvocations,
// DescribeInvocationResults, DescribeSendFileResults), StopInvocation and
// DescribeCloudAssistantStatus, read into the registry's queries, without
// actors (tests/fuzz/rpc_request_fuzzer feeds them anything).

#include "api/aws_json.hpp"
#include "api/cloud_assistant_shapes.hpp"
#include "api/rpc_query.hpp"
#include "messages/command_queries.hpp"
#include "messages/send_command.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace broadside::api {

// An InvokeId that names no task (404).
api_error unknown_invoke_id();

// What DescribeInvocations and DescribeInvocationResults read: the filters in
// Cloud Assistant's vocabulary (a predicate on commands), the page (MaxResults
// 1..50, default 10; NextToken) and ContentEncoding (Base64 unless PlainText).
struct describe_request {
  command_query query;
  text_encoding encoding;
};
std::variant<describe_request, api_error> read_describe(const rpc_params& p);

// DescribeSendFileResults' filters.
std::variant<command_query, api_error> read_send_file_query(const rpc_params& p);

// InstanceId.N of StopInvocation and DescribeCloudAssistantStatus: at most 50.
std::variant<std::vector<std::string>, api_error> read_instances(const rpc_params& p);

// StopInvocation: the task and the instances to stop it on (none: all).
std::variant<cancel_command, api_error> read_stop_invocation(const rpc_params& p);

}  // namespace broadside::api
