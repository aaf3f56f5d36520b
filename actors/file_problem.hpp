#pragma once

// Whether an instance can take a file Cloud Assistant's SendFile sends, as far
// as the request alone tells: the checks a simulated node and the real agent
// share (the agent then asks its file system: actors/agent_file.hpp). The
// codes are the agent's "Sending files" ErrorCodes (instance_error).

#include "messages/file_spec.hpp"
#include "messages/instance_error.hpp"

#include <optional>
#include <set>
#include <string>

namespace broadside {

// Linux's limits: a name (NAME_MAX) and a whole path (PATH_MAX, with its NUL).
inline constexpr size_t max_file_name_bytes = 255;
inline constexpr size_t max_file_path_bytes = 4095;

struct file_fault {
  instance_error error;
  std::string reason;
};

// FileNameInvalid: a name that is empty, ".", "..", holds '/' or NUL, or is
// longer than 255 bytes. FilePathInvalid: a TargetDir that is not absolute or
// holds NUL, or a path longer than 4095 bytes. FileAuthorityInvalid: a
// FileMode that is not octal from 0 to 07777. In that order.
std::optional<file_fault> file_problem(const file_spec& f);

// Where the file goes: TargetDir/Name.
std::string file_path(const file_spec& f);

// FileMode as chmod takes it; only for a spec file_problem passed.
unsigned file_mode(const file_spec& f);

// For an instance with no file system, only the paths it has been sent
// (`written`, which a send adds to): file_problem, then FileAlreadyExists for
// a path sent before without Overwrite.
std::optional<file_fault> sent_file_problem(const file_spec& f, std::set<std::string>& written);

}  // namespace broadside
