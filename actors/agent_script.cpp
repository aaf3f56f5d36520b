#include "actors/agent_script.hpp"

#include <algorithm>
#include <cctype>

namespace broadside {

std::optional<std::string> decode_base64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z')
      return c - 'A';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 26;
    if (c >= '0' && c <= '9')
      return c - '0' + 52;
    if (c == '+')
      return 62;
    if (c == '/')
      return 63;
    return -1;
  };
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  size_t padding = 0;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)))
      continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    auto v = value(c);
    if (v < 0 || padding > 0)
      return std::nullopt;  // a stray character, or data after the padding
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out.push_back(static_cast<char>((bits >> 16) & 0xFF));
      out.push_back(static_cast<char>((bits >> 8) & 0xFF));
      out.push_back(static_cast<char>(bits & 0xFF));
      bits = 0;
      count = 0;
    }
  }
  if (count == 1 || padding > 2)
    return std::nullopt;
  if (count == 2) {
    out.push_back(static_cast<char>((bits >> 4) & 0xFF));
  } else if (count == 3) {
    out.push_back(static_cast<char>((bits >> 10) & 0xFF));
    out.push_back(static_cast<char>((bits >> 2) & 0xFF));
  }
  return out;
}

std::variant<std::string, script_problem> script_of(const run_document& doc) {
  if (doc.plugin != "aws:runShellScript")
    return script_problem{instance_error::command_not_applicable,
                          "this agent runs shell scripts (aws:runShellScript), not " + doc.plugin};
  std::string script;
  if (doc.encoding == content_encoding::base64) {
    std::string encoded;
    for (const auto& part : doc.commands)
      encoded += part;
    auto decoded = decode_base64(encoded);
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
  if ((script.size() + 2) / 3 * 4 > max_script_base64_bytes)
    return script_problem{instance_error::invalid_command_text,
                          "the command content is larger than 24 KB after Base64 encoding"};
  return script;
}

}  // namespace broadside
