#pragma once

// The text of a document's script as an instance reads it, or why no
// instance runs it: AWS-RunShellScript's `commands` one per line, or Cloud
// Assistant's CommandContent decoded from Base64, with the instance's
// built-in parameters filled in (EnableParameter). Shared by the real agent,
// which runs it, and the simulated node, which only judges it.

#include "actors/built_in_parameters.hpp"
#include "messages/document.hpp"
#include "messages/instance_error.hpp"

#include <cstddef>
#include <string>
#include <variant>

namespace broadside {

// The largest script, measured on its Base64 form as Cloud Assistant does.
inline constexpr size_t max_script_base64_bytes = 24 * 1024;

struct script_problem {
  instance_error error;
  std::string reason;
};

// CommandContentDecodeError (Base64 that does not decode), InvalidCommandText
// (empty, or over 24 KB after Base64), InvalidSystemBuiltInParameter (a
// built-in other than the instance's own left in it).
std::variant<std::string, script_problem> script_text(const run_document& doc,
                                                      const instance_identity& me);

}  // namespace broadside
