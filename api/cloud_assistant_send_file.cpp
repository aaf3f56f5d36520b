#include "api/cloud_assistant_send_file.hpp"

#include "api/base64.hpp"
#include "api/cloud_assistant_shapes.hpp"

namespace broadside::api {

namespace {

// Characters of UTF-8 text (the docs count a Name's "characters").
size_t characters(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text)
    n += (c & 0xC0) != 0x80;
  return n;
}

std::optional<api_error> at_most(const rpc_params& p, std::string_view name, size_t limit) {
  if (auto text = p.find(name); text && characters(*text) > limit)
    return invalid(name, "it is longer than " + std::to_string(limit) + " characters");
  return std::nullopt;
}

}  // namespace

request_or_error send_file_request(const rpc_params& p, const uuid& command_id) {
  send_command r;
  if (auto e = read_targets(p, max_send_file_instances, r.instance_ids, r.targets))
    return *e;
  for (auto name : {"Name", "TargetDir", "Content"})
    if (auto text = p.find(name); !text || text->empty())
      return missing(name);
  if (auto e = at_most(p, "Name", 255))
    return *e;
  if (auto e = at_most(p, "Description", 512))
    return *e;
  if (auto e = at_most(p, "FileGroup", 64))
    return *e;

  auto content = *p.find("Content");
  auto type = p.find("ContentType");
  if (type && !equals_ignoring_case(*type, "PlainText") && !equals_ignoring_case(*type, "Base64"))
    return invalid("ContentType", "it must be PlainText or Base64");
  r.encoding = type && equals_ignoring_case(*type, "Base64") ? content_encoding::base64
                                                             : content_encoding::plain_text;
  if (r.encoding == content_encoding::base64 && !decode_base64(content))
    return invalid("Content", "it is not valid Base64");
  auto encoded_size = r.encoding == content_encoding::base64 ? content.size()
                                                             : base64_length(content.size());
  if (encoded_size > max_file_content_base64_bytes)
    return invalid("Content", "it is larger than 32 KB after Base64 encoding");

  auto& f = r.file;
  f.name = *p.find("Name");
  f.target_dir = *p.find("TargetDir");
  if (auto owner = p.find("FileOwner"); owner && !owner->empty())
    f.owner = *owner;
  if (auto group = p.find("FileGroup"); group && !group->empty())
    f.group = *group;
  if (auto mode = p.find("FileMode"); mode && !mode->empty())
    f.mode = *mode;
  if (auto text = p.find("Overwrite")) {
    auto overwrite = read_bool(*text);
    if (!overwrite)
      return invalid("Overwrite", "it must be true or false");
    f.overwrite = *overwrite;
  }
  // "A timeout under 10 seconds is set to 10 seconds."
  int64_t timeout_s = 60;
  if (auto text = p.find("Timeout")) {
    auto seconds = read_int(*text);
    if (!seconds || *seconds > 86'400)
      return invalid("Timeout", "it must be a whole number of seconds up to 86400");
    timeout_s = std::max<int64_t>(*seconds, 10);
  }

  r.command_id = command_id;
  r.document_name = std::string{send_file_document};
  r.commands = {content};
  r.parameters = {{"content", {content}}};
  deliver_as_cloud_assistant(r);
  r.execution_timeout_ms = timeout_s * 1000;
  auto& task = r.cloud_assistant;
  task.command_id = saved_command_id_of(command_id);
  task.invoke_id = invoke_id_of(command_id);
  task.name = f.name;
  if (auto description = p.find("Description"))
    task.description = *description;
  task.content = content;
  task.timeout_s = timeout_s;
  return r;
}

}  // namespace broadside::api
