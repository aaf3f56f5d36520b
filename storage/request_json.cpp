#include "storage/request_json.hpp"

#include "storage/json_fields.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace broadside::storage {

namespace {

using json = nlohmann::json;

// The stored names of each enum's values.
constexpr std::array<std::pair<ramp_mode, std::string_view>, 2> ramp_names{{
    {ramp_mode::exponential, "exponential"},
    {ramp_mode::none, "none"},
}};
constexpr std::array<std::pair<deadline_mode, std::string_view>, 2> deadline_names{{
    {deadline_mode::command, "command"},
    {deadline_mode::per_invocation, "per_invocation"},
}};
constexpr std::array<std::pair<content_encoding, std::string_view>, 2> encoding_names{{
    {content_encoding::plain_text, "plain_text"},
    {content_encoding::base64, "base64"},
}};

template <class Enum, size_t N>
std::string name_of(Enum value, const std::array<std::pair<Enum, std::string_view>, N>& names) {
  for (const auto& [v, name] : names)
    if (v == value)
      return std::string{name};
  throw std::logic_error{"an enum value without a stored name"};
}

template <class Enum, size_t N>
Enum value_of(const std::string& name,
              const std::array<std::pair<Enum, std::string_view>, N>& names) {
  for (const auto& [value, n] : names)
    if (n == name)
      return value;
  throw std::runtime_error{"unknown value \"" + name + "\""};
}

// Cloud Assistant's part, with its enums in their wire spelling.
json encode_task(const cloud_assistant_task& t) {
  return {
      {"command_id", t.command_id},
      {"invoke_id", t.invoke_id},
      {"name", t.name},
      {"description", t.description},
      {"type", wire_name(t.type)},
      {"content", t.content},
      {"parameters", t.parameters},
      {"enable_parameter", t.enable_parameter},
      {"repeat_mode", wire_name(t.repeat)},
      {"frequency", t.frequency},
      {"timeout_s", t.timeout_s},
      {"container_id", t.container_id},
      {"container_name", t.container_name},
      {"windows_password_name", t.windows_password_name},
      {"keep_command", t.keep_command},
      {"parent", t.parent == uuid{} ? std::string{} : to_string(t.parent)},
  };
}

json encode_file(const file_spec& f) {
  return {{"name", f.name},   {"target_dir", f.target_dir}, {"owner", f.owner},
          {"group", f.group}, {"mode", f.mode},             {"overwrite", f.overwrite}};
}

file_spec decode_file(const json& j) {
  file_spec f;
  read_if_present(j, "name", f.name);
  read_if_present(j, "target_dir", f.target_dir);
  read_if_present(j, "owner", f.owner);
  read_if_present(j, "group", f.group);
  read_if_present(j, "mode", f.mode);
  read_if_present(j, "overwrite", f.overwrite);
  return f;
}

template <class Enum>
Enum parsed(std::optional<Enum> value, const std::string& text) {
  if (!value)
    throw std::runtime_error{"unknown value \"" + text + "\""};
  return *value;
}

cloud_assistant_task decode_task(const json& j) {
  cloud_assistant_task t;
  read_if_present(j, "command_id", t.command_id);
  read_if_present(j, "invoke_id", t.invoke_id);
  read_if_present(j, "name", t.name);
  read_if_present(j, "description", t.description);
  if (auto type = j.find("type"); type != j.end())
    t.type = parsed(parse_script_type(type->get<std::string>()), type->get<std::string>());
  read_if_present(j, "content", t.content);
  read_if_present(j, "parameters", t.parameters);
  read_if_present(j, "enable_parameter", t.enable_parameter);
  if (auto mode = j.find("repeat_mode"); mode != j.end())
    t.repeat = parsed(parse_repeat_mode(mode->get<std::string>()), mode->get<std::string>());
  read_if_present(j, "frequency", t.frequency);
  read_if_present(j, "timeout_s", t.timeout_s);
  read_if_present(j, "container_id", t.container_id);
  read_if_present(j, "container_name", t.container_name);
  read_if_present(j, "windows_password_name", t.windows_password_name);
  read_if_present(j, "keep_command", t.keep_command);
  if (auto parent = j.find("parent"); parent != j.end() && !parent->get<std::string>().empty()) {
    auto id = parse_uuid(parent->get<std::string>());
    if (!id)
      throw std::runtime_error{"bad parent"};
    t.parent = *id;
  }
  return t;
}

}  // namespace

std::string encode_request(const send_command& request) {
  json targets = json::array();
  for (const auto& t : request.targets)
    targets.push_back({{"key", t.key}, {"values", t.values}});
  json j{
      {"command_id", to_string(request.command_id)},
      {"instance_ids", request.instance_ids},
      {"targets", std::move(targets)},
      {"document_name", request.document_name},
      {"commands", request.commands},
      {"working_directory", request.working_directory},
      {"parameters", request.parameters},
      {"max_concurrency", request.max_concurrency},
      {"max_errors", request.max_errors},
      {"delivery_timeout_ms", request.delivery_timeout_ms},
      {"execution_timeout_ms", request.execution_timeout_ms},
      {"comment", request.comment},
      {"ramp", name_of(request.ramp, ramp_names)},
      {"deadline", name_of(request.deadline, deadline_names)},
      {"username", request.username},
      {"encoding", name_of(request.encoding, encoding_names)},
  };
  if (!request.cloud_assistant.command_id.empty())
    j["cloud_assistant"] = encode_task(request.cloud_assistant);
  if (request.document_name == send_file_document)
    j["file"] = encode_file(request.file);
  return j.dump();
}

send_command decode_request(std::string_view text) {
  try {
    auto j = json::parse(text);
    send_command c;
    auto id = parse_uuid(j.at("command_id").get<std::string>());
    if (!id)
      throw std::runtime_error{"bad command_id"};
    c.command_id = *id;
    read_if_present(j, "instance_ids", c.instance_ids);
    if (auto targets = j.find("targets"); targets != j.end())
      for (const auto& t : *targets)
        c.targets.push_back({t.at("key").get<std::string>(), t.at("values")});
    read_if_present(j, "document_name", c.document_name);
    read_if_present(j, "commands", c.commands);
    read_if_present(j, "working_directory", c.working_directory);
    read_if_present(j, "parameters", c.parameters);
    read_if_present(j, "max_concurrency", c.max_concurrency);
    read_if_present(j, "max_errors", c.max_errors);
    read_if_present(j, "delivery_timeout_ms", c.delivery_timeout_ms);
    read_if_present(j, "execution_timeout_ms", c.execution_timeout_ms);
    read_if_present(j, "comment", c.comment);
    if (auto ramp = j.find("ramp"); ramp != j.end())
      c.ramp = value_of(ramp->get<std::string>(), ramp_names);
    if (auto deadline = j.find("deadline"); deadline != j.end())
      c.deadline = value_of(deadline->get<std::string>(), deadline_names);
    read_if_present(j, "username", c.username);
    if (auto encoding = j.find("encoding"); encoding != j.end())
      c.encoding = value_of(encoding->get<std::string>(), encoding_names);
    if (auto task = j.find("cloud_assistant"); task != j.end())
      c.cloud_assistant = decode_task(*task);
    if (auto file = j.find("file"); file != j.end())
      c.file = decode_file(*file);
    return c;
  } catch (const std::exception& e) {
    throw std::runtime_error{std::string{"a stored request that does not read: "} + e.what()};
  }
}

std::string encode_saved_command(const saved_command& command) {
  return json{{"task", encode_task(command.task)},
              {"encoding", name_of(command.encoding, encoding_names)},
              {"working_dir", command.working_dir},
              {"created_ms", command.created_ms}}
      .dump();
}

saved_command decode_saved_command(std::string_view text) {
  try {
    auto j = json::parse(text);
    saved_command c;
    c.task = decode_task(j.at("task"));
    if (auto encoding = j.find("encoding"); encoding != j.end())
      c.encoding = value_of(encoding->get<std::string>(), encoding_names);
    read_if_present(j, "working_dir", c.working_dir);
    read_if_present(j, "created_ms", c.created_ms);
    return c;
  } catch (const std::exception& e) {
    throw std::runtime_error{std::string{"a stored saved command that does not read: "} + e.what()};
  }
}

}  // namespace broadside::storage
