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

// ContentEncoding of the Describe actions: Base64 unless PlainText.
std::variant<text_encoding, api_error> read_encoding(const rpc_params& p);
// MaxResults (1..50, default 10) and NextToken, into the query.
std::optional<api_error> read_page(const rpc_params& p, command_query& q);
// The InvokeId filter: the command it names, or InvalidInvokeId.NotFound.
std::optional<api_error> read_invoke_id(const rpc_params& p, command_query& q, bool required);

// What DescribeInvocations and DescribeInvocationResults read: the filters in
// Cloud Assistant's vocabulary (a predicate on commands) and ContentEncoding.
struct describe_request {
  command_query query;
  text_encoding encoding;
};
std::variant<command_query, api_error> read_query(const rpc_params& p);
std::variant<describe_request, api_error> read_describe(const rpc_params& p);

// DescribeSendFileResults' filters.
std::variant<command_query, api_error> read_send_file_query(const rpc_params& p);

// InstanceId.N of StopInvocation and DescribeCloudAssistantStatus: at most 50.
std::variant<std::vector<std::string>, api_error> read_instances(const rpc_params& p);

// StopInvocation: the task and the instances to stop it on (none: all).
std::variant<cancel_command, api_error> read_stop_invocation(const rpc_params& p);

}  // namespace broadside::api
