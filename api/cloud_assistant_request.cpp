#include "api/cloud_assistant_request.hpp"

#include "api/base64.hpp"
#include "api/cloud_assistant_shapes.hpp"
#include "actors/built_in_parameters.hpp"
#include "messages/account.hpp"
#include "schedule/frequency.hpp"
#include "schedule/period_limits.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace broadside::api {

api_error too_long(std::string_view code, std::string_view name, size_t limit) {
  return {std::string{code},
          "The specified parameter \"" + std::string{name} + "\" exceeds the limit of "
              + std::to_string(limit) + ".",
          403};
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x))
                  == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<bool> read_bool(const std::string& text) {
  if (equals_ignoring_case(text, "true"))
    return true;
  if (equals_ignoring_case(text, "false"))
    return false;
  return std::nullopt;
}

std::optional<int64_t> read_int(const std::string& text) {
  if (text.empty() || text.size() > 12)
    return std::nullopt;
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

namespace {

// Timeout, in seconds: 10 s up to a day (the docs give only the minimum).
std::optional<api_error> read_timeout(const rpc_params& p, std::optional<int64_t>& out) {
  auto text = p.find("Timeout");
  if (!text)
    return std::nullopt;
  auto seconds = read_int(*text);
  if (!seconds || *seconds < 10 || *seconds > 86'400)
    return invalid("Timeout", "it must be a whole number of seconds from 10 to 86400");
  out = *seconds;
  return std::nullopt;
}

std::optional<api_error> check_length(const rpc_params& p, std::string_view name,
                                      std::string_view code, size_t limit) {
  if (auto text = p.find(name); text && text->size() > limit)
    return too_long(code, name, limit);
  return std::nullopt;
}

}  // namespace

api_error missing(std::string_view name) {
  return {"MissingParameter." + std::string{name},
          "The input parameter \"" + std::string{name}
              + "\" that is mandatory for processing this request is not supplied.",
          400};
}

api_error invalid(std::string_view name, std::string_view why) {
  return {"InvalidParameter",
          "The specified parameter \"" + std::string{name} + "\" is not valid: " + std::string{why},
          400};
}

definition_or_error read_command_definition(const rpc_params& p) {
  saved_command d;
  auto type = p.find("Type");
  if (!type)
    return missing("Type");
  auto parsed = parse_script_type(*type);
  if (!parsed)
    return api_error{"InvalidCmdType.NotFound", "The specified command type does not exist.", 403};
  d.task.type = *parsed;
  auto content = p.find("CommandContent");
  if (!content || content->empty())
    return missing("CommandContent");
  // Any ContentEncoding but Base64 (in any case) is plain text, as documented.
  auto encoding = p.find("ContentEncoding");
  d.encoding = encoding && equals_ignoring_case(*encoding, "Base64") ? content_encoding::base64
                                                                     : content_encoding::plain_text;
  auto encoded_size = d.encoding == content_encoding::base64 ? content->size()
                                                             : base64_length(content->size());
  if (encoded_size > max_content_base64_bytes)
    return too_long("CmdContent.ExceedLimit", "CommandContent", max_content_base64_bytes);
  d.task.content = *content;
  if (auto e = check_length(p, "Name", "CmdName.ExceedLimit", 128))
    return *e;
  if (auto e = check_length(p, "Description", "CmdDesc.ExceedLimit", 512))
    return *e;
  if (auto e = check_length(p, "WorkingDir", "CmdWorkingDir.ExceedLimit", 200))
    return *e;
  if (auto name = p.find("Name"))
    d.task.name = *name;
  if (auto description = p.find("Description"))
    d.task.description = *description;
  if (auto dir = p.find("WorkingDir"))
    d.working_dir = *dir;
  if (auto enable = p.find("EnableParameter")) {
    auto value = read_bool(*enable);
    if (!value)
      return invalid("EnableParameter", "it must be true or false");
    d.task.enable_parameter = *value;
  }
  std::optional<int64_t> timeout;
  if (auto e = read_timeout(p, timeout))
    return *e;
  d.task.timeout_s = timeout.value_or(60);
  return d;
}

std::optional<api_error> read_targets(const rpc_params& p, size_t limit,
                                     std::vector<std::string>& instance_ids,
                                     std::vector<target_selector>& targets) {
  try {
    instance_ids = p.list("InstanceId");
    for (const auto& tag : p.struct_list("ResourceTag")) {
      auto key = tag.find("Key");
      if (key == tag.end() || key->second.empty())
        return missing("ResourceTag.N.Key");
      auto value = tag.find("Value");
      targets.push_back({"tag:" + key->second,
                         {value == tag.end() ? std::string{} : value->second}});
    }
  } catch (const rpc_param_error& e) {
    return e.error;
  }
  if (!instance_ids.empty() && !targets.empty())
    return invalid("ResourceTag", "InstanceId and ResourceTag cannot be given together");
  if (instance_ids.empty() && targets.empty())
    return missing("InstanceId");
  if (instance_ids.size() > limit)
    return too_long("InstanceIds.ExceedLimit", "InstanceId", limit);
  std::set<std::string> seen;
  for (const auto& id : instance_ids)
    if (!seen.insert(id).second)
      return invalid("InstanceId", "the instance " + id + " is given twice");
  return std::nullopt;
}

void deliver_as_cloud_assistant(send_command& r) {
  // Cloud Assistant sends to every instance at once, never stops for
  // errors, and gives each instance a minute to take the task (Aborted).
  r.max_concurrency = "100%";
  r.max_errors = "100%";
  r.ramp = ramp_mode::none;
  r.deadline = deadline_mode::per_invocation;
  r.delivery_timeout_ms = 60'000;
}

choice_or_error read_invocation_choice(const rpc_params& p, int64_t now_ms) {
  invocation_choice c;
  if (auto e = read_targets(p, max_invocation_instances, c.instance_ids, c.targets))
    return *e;

  if (auto mode = p.find("RepeatMode")) {
    auto parsed = parse_repeat_mode(*mode);
    if (!parsed)
      return invalid("RepeatMode", "it must be Once, Period, NextRebootOnly or EveryReboot");
    c.repeat = *parsed;
  }
  if (auto frequency = p.find("Frequency"); frequency && !frequency->empty()) {
    c.frequency = *frequency;
    c.repeat = repeat_mode::period;  // "whatever RepeatMode says"
  }
  if (c.repeat == repeat_mode::period) {
    if (c.frequency.empty())
      return api_error{"MissingParam.Frequency",
                       "The parameter Frequency is required when RepeatMode is Period.", 403};
    auto parsed = schedule::parse_frequency(c.frequency, now_ms);
    if (auto* e = std::get_if<schedule::frequency_error>(&parsed))
      return api_error{"InvalidParam.Frequency",
                       std::string{schedule::wire_name(e->code)} + ": " + e->message, 403};
  }

  if (auto text = p.find("Parameters"); text && !text->empty()) {
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object())
      return invalid("Parameters", "it must be a JSON object");
    if (j.size() > 10)
      return invalid("Parameters", "it may hold at most 10 parameters");
    for (const auto& [name, value] : j.items()) {
      if (name.empty() || name.size() > 64)
        return invalid("Parameters", "a parameter name must be 1 to 64 characters long");
      if (!value.is_string())
        return invalid("Parameters", "the value of \"" + name + "\" is not a string");
      c.parameter_values[name] = value.get<std::string>();
    }
    c.parameters = *text;
  }
  if (auto e = check_length(p, "Username", "Username.ExceedLimit", 255))
    return *e;
  if (auto e = check_length(p, "WorkingDir", "CmdWorkingDir.ExceedLimit", 200))
    return *e;
  if (auto e = check_length(p, "WindowsPasswordName", "WindowsPasswordName.ExceedLimit", 255))
    return *e;
  if (auto user = p.find("Username"))
    c.username = *user;
  if (auto name = p.find("WindowsPasswordName"))
    c.windows_password_name = *name;
  if (auto dir = p.find("WorkingDir"))
    c.working_dir = *dir;
  if (auto e = read_timeout(p, c.timeout_s))
    return *e;
  if (auto id = p.find("ContainerId"))
    c.container_id = *id;
  if (auto name = p.find("ContainerName"))
    c.container_name = *name;
  return c;
}

request_or_error invocation_request(const saved_command& definition,
                                    const invocation_choice& choice, const uuid& command_id,
                                    const std::string& region_id, int64_t now_ms) {
  auto task = definition.task;
  task.invoke_id = invoke_id_of(command_id);
  task.repeat = choice.repeat;
  task.frequency = choice.frequency;
  task.parameters = choice.parameters;
  task.container_id = choice.container_id;
  task.container_name = choice.container_name;
  task.windows_password_name = choice.windows_password_name;
  if (choice.timeout_s)
    task.timeout_s = *choice.timeout_s;
  if (task.repeat == repeat_mode::period) {
    auto parsed = schedule::parse_frequency(task.frequency, now_ms);
    auto* frequency = std::get_if<schedule::frequency>(&parsed);
    auto problem = frequency ? schedule::period_frequency_problem(*frequency, task.timeout_s, now_ms)
                             : std::nullopt;
    if (problem)
      return api_error{"InvalidParam.Frequency", *problem, 403};
  }

  auto content = definition.task.content;
  auto encoding = definition.encoding;
  if (task.enable_parameter) {
    // A Base64 content that does not decode is sent as it is: the agent
    // reports CommandContentDecodeError for it.
    auto decoded = encoding == content_encoding::base64 ? decode_base64(content)
                                                        : std::optional<std::string>{content};
    if (decoded) {
      std::map<std::string, std::string> values;
      for (const auto& [name, value] : choice.parameter_values)
        values[lower_name(name)] = value;
      const std::map<std::string, std::string> built_in{
          {"acs::invokeid", task.invoke_id},
          {"acs::commandid", task.command_id},
          {"acs::regionid", region_id},
          {"acs::accountid", account_id},
      };
      std::set<std::string> used;
      std::string filled;
      size_t copied = 0;
      std::optional<api_error> error;
      each_placeholder(*decoded, [&](size_t from, size_t to, const std::string& name) {
        auto key = lower_name(name);
        const std::string* value = nullptr;
        if (is_built_in(key)) {
          if (auto b = built_in.find(key); b != built_in.end())
            value = &b->second;
        } else if (auto v = values.find(key); v != values.end()) {
          value = &v->second;
          used.insert(key);
        } else if (!error) {
          error = missing("Parameters." + name);
        }
        if (value) {
          filled.append(*decoded, copied, from - copied).append(*value);
          copied = to;
        }
      });
      if (error)
        return *error;
      for (const auto& [name, value] : values)
        if (!used.count(name))
          return invalid("Parameters", "\"" + name + "\" is not a parameter of the command content");
      filled.append(*decoded, copied, std::string::npos);
      content = encoding == content_encoding::base64 ? encode_base64(filled) : filled;
      auto encoded_size = encoding == content_encoding::base64 ? content.size()
                                                               : base64_length(content.size());
      if (encoded_size > max_content_base64_bytes)
        return too_long("CmdContent.ExceedLimit", "CommandContent", max_content_base64_bytes);
    }
  }

  send_command r;
  r.command_id = command_id;
  r.instance_ids = choice.instance_ids;
  r.targets = choice.targets;
  r.document_name = std::string{document_of(task.type)};
  r.commands = {content};
  r.working_directory = choice.working_dir.value_or(definition.working_dir);
  r.parameters = {{"commands", {content}}};
  deliver_as_cloud_assistant(r);
  r.execution_timeout_ms = task.timeout_s * 1000;
  r.username = choice.username;
  r.encoding = encoding;
  r.cloud_assistant = std::move(task);
  return r;
}

}  // namespace broadside::api
