#include "api/cloud_assistant_queries.hpp"

#include "api/cloud_assistant_request.hpp"
#include "api/page_token.hpp"
#include "messages/cloud_assistant.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <utility>

namespace broadside::api {

api_error unknown_invoke_id() {
  return {"InvalidInvokeId.NotFound", "The specified invoke ID does not exist.", 404};
}

namespace {

// ContentEncoding of the Describe actions: Base64 unless PlainText.
std::variant<text_encoding, api_error> read_encoding(const rpc_params& p) {
  auto text = p.find("ContentEncoding");
  if (!text || *text == "Base64")
    return text_encoding{true};
  if (*text == "PlainText")
    return text_encoding{false};
  return invalid("ContentEncoding", "it must be Base64 or PlainText");
}

// MaxResults (1..50, default 10) and NextToken, into the query.
std::optional<api_error> read_page(const rpc_params& p, command_query& q) {
  q.max_results = 10;
  if (auto text = p.find("MaxResults")) {
    auto n = std::all_of(text->begin(), text->end(), ::isdigit) && !text->empty() && text->size() < 4
                 ? std::stoi(*text)
                 : 0;
    if (n < 1 || n > 50)
      return invalid("MaxResults", "it must be from 1 to 50");
    q.max_results = static_cast<uint32_t>(n);
  }
  if (auto token = p.find("NextToken"); token && !token->empty()) {
    auto from = position_of(*token);
    if (!from)
      return invalid("NextToken", "it is not a token this service gave");
    q.from = *from;
  }
  q.count_all = true;
  return std::nullopt;
}

// The InvokeId filter: the command it names, or InvalidInvokeId.NotFound.
std::optional<api_error> read_invoke_id(const rpc_params& p, command_query& q, bool required) {
  auto id = p.find("InvokeId");
  if (!id || id->empty())
    return required ? std::optional<api_error>{missing("InvokeId")} : std::nullopt;
  auto command = parse_invoke_id(*id);
  if (!command)
    return unknown_invoke_id();
  q.command_id = *command;
  return std::nullopt;
}

// What every Describe action reads first: the InvokeId and InstanceId filters, and the page.
std::variant<command_query, api_error> read_paged_query(const rpc_params& p) {
  command_query q;
  if (auto e = read_invoke_id(p, q, false))
    return *e;
  if (auto instance = p.find("InstanceId"))
    q.instance_id = *instance;
  if (auto e = read_page(p, q))
    return *e;
  return q;
}

// The filters of DescribeInvocations and DescribeInvocationResults that speak
// Cloud Assistant's vocabulary, as a predicate on commands.
std::variant<command_query, api_error> read_query(const rpc_params& p) {
  auto paged = read_paged_query(p);
  if (auto* e = std::get_if<api_error>(&paged))
    return *e;
  auto q = std::get<command_query>(std::move(paged));
  std::string command_id, command_name;
  std::optional<script_type> type;
  std::optional<repeat_mode> repeat;
  std::optional<task_invocation_status> status;
  if (auto text = p.find("CommandId"))
    command_id = *text;
  if (auto text = p.find("CommandName"))
    command_name = *text;
  if (auto text = p.find("CommandType"); text && !(type = parse_script_type(*text)))
    return invalid("CommandType", "it must be RunShellScript, RunPowerShellScript or RunBatScript");
  if (auto text = p.find("RepeatMode"); text && !(repeat = parse_repeat_mode(*text)))
    return invalid("RepeatMode", "it must be Once, Period, NextRebootOnly or EveryReboot");
  if (auto text = p.find("InvokeStatus"); text && !(status = parse_task_invocation_status(*text)))
    return invalid("InvokeStatus", "it is not an InvocationStatus");
  // Runs of periodic tasks are listed through their task.
  q.filters.command = [=](const command_view& c, const std::vector<invocation_view>& is) {
    const auto& r = *c.request;
    if (r.cloud_assistant.parent != uuid{})
      return false;
    if (!command_id.empty() && command_id_of(c) != command_id)
      return false;
    if (!command_name.empty() && r.cloud_assistant.name != command_name)
      return false;
    if (type && script_type_of(r.document_name) != type)
      return false;
    if (repeat && r.cloud_assistant.repeat != *repeat)
      return false;
    return !status || task_status_of(c, is) == *status;
  };
  return q;
}

}  // namespace

std::variant<std::vector<std::string>, api_error> read_instances(const rpc_params& p) {
  std::vector<std::string> instances;
  try {
    instances = p.list("InstanceId");
  } catch (const rpc_param_error& e) {
    return e.error;
  }
  if (instances.size() > max_stop_instances)
    return api_error{"InstanceIds.ExceedLimit",
                     "The number of instances exceeds the limit of "
                         + std::to_string(max_stop_instances) + ".",
                     403};
  return instances;
}

std::variant<describe_request, api_error> read_describe(const rpc_params& p) {
  auto query = read_query(p);
  if (auto* e = std::get_if<api_error>(&query))
    return *e;
  auto encoding = read_encoding(p);
  if (auto* e = std::get_if<api_error>(&encoding))
    return *e;
  return describe_request{std::get<command_query>(std::move(query)), std::get<text_encoding>(encoding)};
}

std::variant<command_query, api_error> read_send_file_query(const rpc_params& p) {
  auto paged = read_paged_query(p);
  if (auto* e = std::get_if<api_error>(&paged))
    return *e;
  auto q = std::get<command_query>(std::move(paged));
  std::string name;
  if (auto text = p.find("Name"))
    name = *text;
  std::optional<task_invocation_status> status;
  if (auto text = p.find("InvocationStatus"); text && !(status = parse_task_invocation_status(*text)))
    return invalid("InvocationStatus", "it is not an InvocationStatus");
  q.filters.command = [=](const command_view& c, const std::vector<invocation_view>& is) {
    const auto& r = *c.request;
    if (r.document_name != send_file_document || (!name.empty() && r.file.name != name))
      return false;
    return !status || task_status_of(c, is) == *status;
  };
  q.with_invocations = true;
  return q;
}

std::variant<cancel_command, api_error> read_stop_invocation(const rpc_params& p) {
  command_query q;
  if (auto e = read_invoke_id(p, q, true))
    return *e;
  auto listed = read_instances(p);
  if (auto* e = std::get_if<api_error>(&listed))
    return *e;
  return cancel_command{*q.command_id, std::get<std::vector<std::string>>(std::move(listed))};
}

}  // namespace broadside::api
