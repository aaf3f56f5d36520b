#include "api/cloud_assistant_shapes.hpp"

#include "api/base64.hpp"
#include "api/auth/utc_time.hpp"
#include "api/utf8_head.hpp"
#include "messages/cloud_assistant.hpp"

#include <algorithm>

namespace broadside::api {

namespace {

using nlohmann::json;

std::string hex_digits(const uuid& id) {
  auto text = to_string(id);
  text.erase(std::remove(text.begin(), text.end(), '-'), text.end());
  return text;
}

// "2019-12-20T06:15:56Z", as Cloud Assistant writes times.
std::string time_text(int64_t ms) { return format_utc(ms / 1000, iso_8601_extended); }

std::string time_or_empty(int64_t ms) { return ms < 0 ? std::string{} : time_text(ms); }

std::string shown_text(std::string_view text, text_encoding encoding) {
  return encoding.base64 ? encode_base64(text) : std::string{text};
}

// Output: what the script printed, standard error after standard output (the
// agent gives Cloud Assistant one stream; the engine keeps the two heads),
// cut at 24 KB. Dropped: the bytes cut here and those the node never kept.
constexpr size_t output_limit = 24 * 1024;

struct shown_output {
  std::string text;
  uint64_t dropped = 0;
};

shown_output output_of(const invocation_view& i) {
  auto all = i.standard_output + i.standard_error;
  auto head = utf8_head(all, output_limit);
  return {std::string{head}, all.size() - head.size() + i.output_dropped};
}

std::string_view type_of(const send_command& r) {
  auto type = script_type_of(r.document_name);
  return type ? wire_name(*type) : std::string_view{r.document_name};
}

// A record of a periodic task's history shows how its run ended; every other
// view, the instance's state now.
instance_invocation_status status_shown(const command_view& c, const invocation_view& i,
                                        bool one_run) {
  return one_run ? broadside::instance_status_of(i.details, i.error, i.start_ms >= 0)
                 : instance_status_of(c, i);
}

// The instance fields DescribeInvocations and DescribeInvocationResults share.
void add_instance_fields(json& out, const command_view& c, const invocation_view& i,
                         text_encoding encoding, bool one_run = false) {
  auto status = status_shown(c, i, one_run);
  auto error = shown_error(i);
  out["InstanceId"] = i.instance_id;
  out["InvocationStatus"] = wire_name(status);
  out["ExitCode"] = i.response_code;
  auto output = output_of(i);
  out["Output"] = shown_text(output.text, encoding);
  out["Dropped"] = output.dropped;
  out["ErrorCode"] = wire_name(error);
  out["ErrorInfo"] = error_info(error);
  out["StartTime"] = time_or_empty(i.start_ms);
  out["StopTime"] = "";
  out["Repeats"] = is_repeating_task(c.request->cloud_assistant) ? i.repeats
                                                                : (i.start_ms >= 0 ? 1 : 0);
  out["Username"] = c.request->username;
  out["ContainerId"] = c.request->cloud_assistant.container_id;
  out["ContainerName"] = c.request->cloud_assistant.container_name;
}

}  // namespace

std::string invoke_id_of(const uuid& command_id) { return "t-" + hex_digits(command_id); }

std::string saved_command_id_of(const uuid& id) { return "c-" + hex_digits(id); }

std::optional<uuid> parse_invoke_id(std::string_view invoke_id) {
  if (invoke_id.size() != 34 || invoke_id.substr(0, 2) != "t-")
    return std::nullopt;
  auto d = invoke_id.substr(2);
  std::string text;
  text.reserve(36);
  text.append(d.substr(0, 8)).append("-").append(d.substr(8, 4)).append("-");
  text.append(d.substr(12, 4)).append("-").append(d.substr(16, 4)).append("-").append(d.substr(20));
  return parse_uuid(text);
}

std::string command_id_of(const command_view& c) {
  const auto& task = c.request->cloud_assistant;
  return task.command_id.empty() ? "c-" + hex_digits(c.request->command_id) : task.command_id;
}

instance_invocation_status instance_status_of(const command_view& c, const invocation_view& i) {
  if (is_repeating_task(c.request->cloud_assistant) && !is_terminal(c.details)
      && is_terminal(i.details))
    return instance_invocation_status::scheduled;
  return broadside::instance_status_of(i.details, i.error, i.start_ms >= 0);
}

instance_error shown_error(const invocation_view& i) {
  return broadside::shown_error(i.details, i.error, i.response_code);
}

task_invocation_status task_status_of(const command_view& c,
                                      const std::vector<invocation_view>& invocations) {
  bool periodic = is_repeating_task(c.request->cloud_assistant);
  if (invocations.empty() && !is_terminal(c.details))
    return periodic ? task_invocation_status::scheduled : task_invocation_status::pending;
  std::vector<instance_invocation_status> statuses;
  statuses.reserve(invocations.size());
  for (const auto& i : invocations)
    statuses.push_back(instance_status_of(c, i));
  auto status = broadside::task_status_of(statuses);
  if (periodic && c.details == command_details::cancelled
      && std::all_of(statuses.begin(), statuses.end(),
                     [](auto s) { return is_terminal(s); }))
    return task_invocation_status::stopped;
  return status;
}

json invocation_json(const command_view& c, const std::vector<invocation_view>& instances,
                     text_encoding encoding, bool include_output) {
  const auto& r = *c.request;
  const auto& task = r.cloud_assistant;
  auto status = task_status_of(c, instances);
  json list = json::array();
  for (const auto& i : instances) {
    json instance = json::object();
    add_instance_fields(instance, c, i, encoding);
    if (!include_output)
      instance["Output"] = "";
    instance["InstanceInvokeStatus"] = wire_name(record_status_of(instance_status_of(c, i)));
    instance["CreationTime"] = time_text(c.requested_ms);
    instance["FinishTime"] = time_or_empty(i.end_ms);
    instance["UpdateTime"] = time_text(std::max({c.requested_ms, i.start_ms, i.end_ms}));
    instance["Timed"] = false;
    instance.erase("Username");
    instance.erase("ContainerId");
    instance.erase("ContainerName");
    list.push_back(std::move(instance));
  }
  auto content = task.command_id.empty() ? (r.commands.empty() ? std::string{} : r.commands.front())
                                         : task.content;
  bool content_is_base64 = r.encoding == content_encoding::base64;
  std::string shown_content;
  if (encoding.base64)
    shown_content = content_is_base64 ? content : encode_base64(content);
  else if (content_is_base64)
    shown_content = decode_base64(content).value_or(content);
  else
    shown_content = content;
  return {
      {"InvokeId", task.invoke_id.empty() ? invoke_id_of(r.command_id) : task.invoke_id},
      {"CommandId", command_id_of(c)},
      {"CommandName", task.name},
      {"CommandType", type_of(r)},
      {"CommandContent", shown_content},
      {"CommandDescription", task.description},
      {"Parameters", task.parameters},
      {"RepeatMode", wire_name(task.repeat)},
      {"Frequency", task.frequency},
      {"Timed", false},
      {"Timeout", r.execution_timeout_ms / 1000},
      {"Username", r.username},
      {"WorkingDir", r.working_directory},
      {"ContainerId", task.container_id},
      {"ContainerName", task.container_name},
      {"CreationTime", time_text(c.requested_ms)},
      {"InvocationStatus", wire_name(status)},
      {"InvokeStatus", wire_name(record_status_of(status))},
      {"InvokeInstances", {{"InvokeInstance", std::move(list)}}},
  };
}

json invocation_result_json(const command_view& c, const invocation_view& i,
                            text_encoding encoding, bool one_run) {
  json out = json::object();
  add_instance_fields(out, c, i, encoding, one_run);
  const auto& task = c.request->cloud_assistant;
  out["CommandId"] = command_id_of(c);
  out["InvokeId"] = task.invoke_id.empty() ? invoke_id_of(c.request->command_id) : task.invoke_id;
  out["InvokeRecordStatus"] = wire_name(record_status_of(status_shown(c, i, one_run)));
  out["FinishedTime"] = time_or_empty(i.end_ms);
  return out;
}

json send_file_json(const command_view& c, const std::vector<invocation_view>& instances) {
  const auto& r = *c.request;
  const auto& task = r.cloud_assistant;
  json list = json::array();
  for (const auto& i : instances) {
    auto error = shown_error(i);
    list.push_back({
        {"InstanceId", i.instance_id},
        {"InvocationStatus", wire_name(instance_status_of(c, i))},
        {"ErrorCode", wire_name(error)},
        {"ErrorInfo", error_info(error)},
        {"CreationTime", time_text(c.requested_ms)},
        {"StartTime", time_or_empty(i.start_ms)},
        {"FinishTime", time_or_empty(i.end_ms)},
        {"UpdateTime", time_text(std::max({c.requested_ms, i.start_ms, i.end_ms}))},
    });
  }
  auto count = list.size();
  return {
      {"InvokeId", task.invoke_id},
      {"Name", r.file.name},
      {"Description", task.description},
      {"TargetDir", r.file.target_dir},
      {"FileOwner", r.file.owner},
      {"FileGroup", r.file.group},
      {"FileMode", r.file.mode},
      {"Overwrite", r.file.overwrite},
      {"Content", task.content},
      {"ContentType", r.encoding == content_encoding::base64 ? "Base64" : "PlainText"},
      {"CreationTime", time_text(c.requested_ms)},
      {"InvocationStatus", wire_name(task_status_of(c, instances))},
      {"VmCount", count},
      {"InvokeInstances", {{"InvokeInstance", std::move(list)}}},
  };
}

json cloud_assistant_status_json(const instance_information& info) {
  bool online = info.status == ping_status::online;
  return {
      {"InstanceId", info.info.instance_id},
      {"CloudAssistantStatus", online ? "true" : "false"},
      {"CloudAssistantVersion", info.info.agent_version},
      {"LastHeartbeatTime", time_or_empty(info.last_ping_ms)},
      {"OSType", info.info.platform == platform_type::windows ? "Windows" : "Linux"},
      {"SupportSessionManager", false},
  };
}

}  // namespace broadside::api
