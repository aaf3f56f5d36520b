#include "messages/run.hpp"

namespace broadside {

std::string_view reason_of(run_outcome o) noexcept {
  switch (o) {
    case run_outcome::execution_timed_out:
      return "the command did not finish within its executionTimeout and was stopped";
    case run_outcome::cancelled:
      return "cancelled";
    case run_outcome::interrupted:
      return "the agent restarted while the command was running (ClientRestarted)";
    case run_outcome::exited:
    case run_outcome::not_started:
      return "";
  }
  return "";
}

std::string_view wire_name(start_error e) noexcept {
  switch (e) {
    case start_error::none:
      return "";
    case start_error::directory_not_exists:
      return "DirectoryNotExists";
    case start_error::account_not_exists:
      return "AccountNotExists";
    case start_error::command_content_decode_error:
      return "CommandContentDecodeError";
    case start_error::invalid_command_text:
      return "InvalidCommandText";
    case start_error::command_not_applicable:
      return "CommandNotApplicable";
    case start_error::execution_exception:
      return "ExecutionException";
  }
  return "";
}

}  // namespace broadside
