#include "api/ssm_shapes.hpp"

#include "api/iso_time.hpp"
#include "api/json_text.hpp"
#include "api/utf8_head.hpp"
#include "messages/document.hpp"

namespace broadside::api {

namespace {

using nlohmann::json;

// The model's limits on output in responses.
constexpr size_t standard_output_limit = 24'000;
constexpr size_t standard_error_limit = 8'000;
constexpr size_t plugin_output_limit = 2'500;

double epoch_seconds(int64_t unix_ms) { return static_cast<double>(unix_ms) / 1000.0; }

json notification_config() {
  return {{"NotificationArn", ""}, {"NotificationEvents", json::array()}, {"NotificationType", ""}};
}

json cloud_watch_output_config() {
  return {{"CloudWatchLogGroupName", ""}, {"CloudWatchOutputEnabled", false}};
}

// CommandPluginStatus has neither Delayed nor Cancelling.
std::string_view plugin_status(invocation_details d) {
  switch (status_of(d)) {
    case invocation_status::delayed:
      return wire_name(invocation_status::pending);
    case invocation_status::cancelling:
      return wire_name(invocation_status::in_progress);
    default:
      return wire_name(status_of(d));
  }
}

// What the agent shows as a plugin's Output: standard output, then standard
// error under SSM's separator line.
std::string plugin_output(const invocation_view& i) {
  auto out = i.standard_output;
  if (!i.standard_error.empty())
    out += "\n----------ERROR-------\n" + i.standard_error;
  return std::string{utf8_head(out, plugin_output_limit)};
}

json target_list(const std::vector<target_selector>& targets) {
  auto out = json::array();
  for (const auto& t : targets)
    out.push_back({{"Key", t.key}, {"Values", t.values}});
  return out;
}

}  // namespace

std::string plugin_name(const send_command& r) {
  auto kind = find_document(r.document_name);
  return kind ? std::string{kind->plugin} : r.document_name;
}

json command_json(const command_view& c) {
  const auto& r = *c.request;
  json parameters = json::object();
  for (const auto& [name, values] : r.parameters)
    parameters[name] = values;
  return {
      {"CommandId", to_string(r.command_id)},
      {"DocumentName", r.document_name},
      {"DocumentVersion", "$DEFAULT"},
      {"Comment", r.comment},
      {"ExpiresAfter", epoch_seconds(c.expires_ms)},
      {"Parameters", parameters},
      {"InstanceIds", r.instance_ids},
      {"Targets", target_list(r.targets)},
      {"RequestedDateTime", epoch_seconds(c.requested_ms)},
      {"Status", wire_name(status_of(c.details))},
      {"StatusDetails", wire_name(c.details)},
      {"OutputS3Region", ""},
      {"OutputS3BucketName", ""},
      {"OutputS3KeyPrefix", ""},
      {"MaxConcurrency", r.max_concurrency},
      {"MaxErrors", r.max_errors},
      {"TargetCount", c.counts.target_count},
      {"CompletedCount", c.counts.completed_count},
      {"ErrorCount", c.counts.error_count},
      {"DeliveryTimedOutCount", c.counts.delivery_timed_out_count},
      {"ServiceRole", ""},
      {"NotificationConfig", notification_config()},
      {"CloudWatchOutputConfig", cloud_watch_output_config()},
      {"TimeoutSeconds", r.delivery_timeout_ms / 1000},
  };
}

json command_invocation_json(const command_view& c, const invocation_view& i, bool details) {
  const auto& r = *c.request;
  json out = {
      {"CommandId", to_string(r.command_id)},
      {"InstanceId", i.instance_id},
      {"InstanceName", ""},
      {"Comment", r.comment},
      {"DocumentName", r.document_name},
      {"DocumentVersion", "$DEFAULT"},
      {"RequestedDateTime", epoch_seconds(c.requested_ms)},
      {"Status", wire_name(status_of(i.details))},
      {"StatusDetails", wire_name(i.details)},
      {"TraceOutput", ""},
      {"StandardOutputUrl", ""},
      {"StandardErrorUrl", ""},
      {"CommandPlugins", json::array()},
      {"ServiceRole", ""},
      {"NotificationConfig", notification_config()},
      {"CloudWatchOutputConfig", cloud_watch_output_config()},
  };
  if (details) {
    json plugin = {
        {"Name", plugin_name(r)},
        {"Status", plugin_status(i.details)},
        {"StatusDetails", wire_name(i.details)},
        {"ResponseCode", i.response_code},
        {"Output", plugin_output(i)},
        {"StandardOutputUrl", ""},
        {"StandardErrorUrl", ""},
        {"OutputS3Region", ""},
        {"OutputS3BucketName", ""},
        {"OutputS3KeyPrefix", ""},
    };
    if (i.start_ms >= 0)
      plugin["ResponseStartDateTime"] = epoch_seconds(i.start_ms);
    if (i.end_ms >= 0)
      plugin["ResponseFinishDateTime"] = epoch_seconds(i.end_ms);
    out["CommandPlugins"].push_back(std::move(plugin));
  }
  return out;
}

std::string get_command_invocation_text(const command_view& c, const invocation_view& i) {
  const auto& r = *c.request;
  auto started = i.start_ms >= 0;
  auto ended = started && i.end_ms >= 0;
  json_writer out;
  out.begin_object()
      .key("CommandId").string(to_string(r.command_id))
      .key("InstanceId").string(i.instance_id)
      .key("Comment").string(r.comment)
      .key("DocumentName").string(r.document_name)
      .key("DocumentVersion").string("$DEFAULT")
      .key("PluginName").string(plugin_name(r))
      .key("ResponseCode").number(i.response_code)
      .key("ExecutionStartDateTime").string(started ? iso_time(i.start_ms) : "")
      .key("ExecutionElapsedTime").string(ended ? iso_duration(i.end_ms - i.start_ms) : "")
      .key("ExecutionEndDateTime").string(ended ? iso_time(i.end_ms) : "")
      .key("Status").string(wire_name(status_of(i.details)))
      .key("StatusDetails").string(wire_name(i.details))
      .key("StandardOutputContent").string(utf8_head(i.standard_output, standard_output_limit))
      .key("StandardOutputUrl").string("")
      .key("StandardErrorContent").string(utf8_head(i.standard_error, standard_error_limit))
      .key("StandardErrorUrl").string("")
      .key("CloudWatchOutputConfig").document(cloud_watch_output_config())
  .end_object();
  return out.take();
}

json instance_information_json(const instance_information& info) {
  const auto& n = info.info;
  json out = {
      {"InstanceId", n.instance_id},
      {"PingStatus", wire_name(info.status)},
      {"AgentVersion", n.agent_version},
      {"IsLatestVersion", false},
      {"PlatformType", wire_name(n.platform)},
      {"PlatformName", ""},
      {"PlatformVersion", ""},
      {"ResourceType", n.instance_id.rfind("mi-", 0) == 0 ? "ManagedInstance" : "EC2Instance"},
      {"ComputerName", ""},
      {"IPAddress", ""},
  };
  if (info.last_ping_ms >= 0)
    out["LastPingDateTime"] = epoch_seconds(info.last_ping_ms);
  return out;
}

}  // namespace broadside::api
