#include "messages/run.hpp"

namespace broadside {

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
