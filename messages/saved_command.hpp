#pragma once

// Cloud Assistant's saved commands (CreateCommand, then InvokeCommand by
// CommandId), and the requests to the command library that keeps them.

#include "messages/cloud_assistant.hpp"
#include "messages/document.hpp"

#include <cstdint>
#include <string>

namespace broadside {

// A command as CreateCommand (or RunCommand) defines it: `task` holds its
// CommandId, Name, Description, Type, CommandContent, EnableParameter and
// Timeout.
struct saved_command {
  cloud_assistant_task task;
  content_encoding encoding = content_encoding::plain_text;
  std::string working_dir;
  int64_t created_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, saved_command& x) {
  return f(x.task, x.encoding, x.working_dir, x.created_ms);
}

// Keeps a command under its task.command_id. Answered with true, or false if
// the library is full (CmdCount.ExceedQuota).
struct save_command {
  saved_command command;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, save_command& x) {
  return f(x.command);
}

// Answered with the saved command, or one whose task.command_id is empty if
// there is none by that id.
struct find_saved_command {
  std::string command_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, find_saved_command& x) {
  return f(x.command_id);
}

}  // namespace broadside
