#include "actors/script_text.hpp"

#include "api/base64.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace broadside {

namespace {

std::optional<std::string> joined(const run_document& doc) {
  if (doc.encoding == content_encoding::base64) {
    std::string encoded;
    for (const auto& part : doc.commands)
      encoded += part;
    return api::decode_base64(encoded);
  }
  std::string script;
  for (const auto& line : doc.commands) {
    script += line;
    script += '\n';
  }
  return script;
}

}  // namespace

std::variant<std::string, script_problem> script_text(const run_document& doc,
                                                      const instance_identity& me) {
  auto text = joined(doc);
  if (!text)
    return script_problem{instance_error::command_content_decode_error,
                          "the command content is not valid Base64"};
  auto& script = *text;
  auto blank = std::all_of(script.begin(), script.end(),
                           [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank)
    return script_problem{instance_error::invalid_command_text, "the command content is empty"};
  if (api::base64_length(script.size()) > max_script_base64_bytes)
    return script_problem{instance_error::invalid_command_text,
                          "the command content is larger than 24 KB after Base64 encoding"};
  if (!doc.enable_parameter)
    return std::move(script);
  auto filled = fill_instance_parameters(script, me);
  if (!filled)
    return script_problem{instance_error::invalid_system_built_in_parameter,
                          "the command content names a built-in parameter other than "
                          "{{ACS::InstanceId}} and {{ACS::InstanceName}}"};
  return std::move(*filled);
}

}  // namespace broadside
