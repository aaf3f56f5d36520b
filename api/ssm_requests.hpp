#pragma once

// The input documents of Run Command's operations, checked against botocore's
// ssm/2014-11-06 model and read into the requests api/ssm_api sends the
// command registry and the fleet. No actors here: every function takes any
// JSON value (what the body parsed to) and gives either the request or the
// error the client gets, never throws. tests/fuzz/ssm_request_fuzzer feeds
// them anything.

#include "api/aws_json.hpp"
#include "messages/command_queries.hpp"
#include "messages/send_command.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace broadside::api {

// SendCommand. The CommandId is the caller's to draw.
std::variant<send_command, api_error> read_send_command(const nlohmann::json& in);

// ListCommands (`invocations` false) and ListCommandInvocations.
struct command_listing {
  command_query query;
  bool details = false;  // ListCommandInvocations' Details
};
std::variant<command_listing, api_error> read_command_listing(const nlohmann::json& in,
                                                              bool invocations);

// GetCommandInvocation.
struct invocation_lookup {
  get_invocation request;
  std::string plugin_name;  // empty: any
};
std::variant<invocation_lookup, api_error> read_invocation_lookup(const nlohmann::json& in);

// CancelCommand.
std::variant<cancel_command, api_error> read_cancel_command(const nlohmann::json& in);

// DescribeInstanceInformation: its filters (InstanceInformationFilterList
// and Filters together, every one to match) and the page asked for.
struct instance_filter {
  std::string key;  // "PingStatus", "tag:role", "tag-key", ...
  std::set<std::string> values;
};
struct instance_listing {
  std::vector<instance_filter> filters;
  uint32_t max_results = 50;
  size_t from = 0;  // the position of the first node to consider
};
std::variant<instance_listing, api_error> read_instance_listing(const nlohmann::json& in);

}  // namespace broadside::api
