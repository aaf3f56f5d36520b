#pragma once

// The text of a document's script as the instance reads it: AWS-RunShellScript's
// `commands` one per line, or Cloud Assistant's CommandContent decoded from
// Base64. Shared by the real agent, which runs it, and the simulated node,
// which only judges it.

#include "messages/document.hpp"

#include <optional>
#include <string>

namespace broadside {

// nullopt: Base64 content that does not decode (CommandContentDecodeError).
std::optional<std::string> script_text(const run_document& doc);

}  // namespace broadside
