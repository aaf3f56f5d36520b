#include "actors/agent_script.hpp"

#include "api/base64.hpp"

#include <algorithm>
#include <cctype>

namespace broadside {

std::variant<std::string, script_problem> script_of(const run_document& doc) {
  if (doc.plugin != "aws:runShellScript")
    return script_problem{instance_error::command_not_applicable,
                          "this agent runs shell scripts (aws:runShellScript), not " + doc.plugin};
  std::string script;
  if (doc.encoding == content_encoding::base64) {
    std::string encoded;
    for (const auto& part : doc.commands)
      encoded += part;
    auto decoded = api::decode_base64(encoded);
    if (!decoded)
      return script_problem{instance_error::command_content_decode_error,
                            "the command content is not valid Base64"};
    script = std::move(*decoded);
  } else {
    for (const auto& line : doc.commands) {
      script += line;
      script += '\n';
    }
  }
  auto blank = std::all_of(script.begin(), script.end(),
                           [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank)
    return script_problem{instance_error::invalid_command_text, "the command content is empty"};
  if (api::base64_length(script.size()) > max_script_base64_bytes)
    return script_problem{instance_error::invalid_command_text,
                          "the command content is larger than 24 KB after Base64 encoding"};
  return script;
}

}  // namespace broadside
