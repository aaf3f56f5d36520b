#include "actors/script_text.hpp"

#include "api/base64.hpp"

namespace broadside {

std::optional<std::string> script_text(const run_document& doc) {
  std::string script;
  if (doc.encoding == content_encoding::base64) {
    std::string encoded;
    for (const auto& part : doc.commands)
      encoded += part;
    return api::decode_base64(encoded);
  }
  for (const auto& line : doc.commands) {
    script += line;
    script += '\n';
  }
  return script;
}

}  // namespace broadside
