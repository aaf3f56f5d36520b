#include "actors/agent_script.hpp"

namespace broadside {

std::variant<std::string, script_problem> script_of(const run_document& doc,
                                                    const instance_identity& me) {
  if (doc.plugin != "aws:runShellScript")
    return script_problem{instance_error::command_not_applicable,
                          "this agent runs shell scripts (aws:runShellScript), not " + doc.plugin};
  return script_text(doc, me);
}

}  // namespace broadside
