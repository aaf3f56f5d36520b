#pragma once

// What an agent runs for a document: the script text, or the reason it must
// not run it (Cloud Assistant's ErrorCode). Only shell scripts
// (aws:runShellScript, which Cloud Assistant's RunShellScript also maps to):
// AWS-RunShellScript's `commands` are the script's lines; with Base64 content
// (Cloud Assistant), `commands` holds the encoded script.

#include "actors/script_text.hpp"
#include "messages/document.hpp"
#include "messages/run.hpp"

#include <string>
#include <variant>

namespace broadside {

// With EnableParameter, the instance's built-ins filled in as `me`.
std::variant<std::string, script_problem> script_of(const run_document& doc,
                                                    const instance_identity& me);

}  // namespace broadside
