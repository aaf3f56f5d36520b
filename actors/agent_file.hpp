#pragma once

// What the real agent does with a file Cloud Assistant's SendFile sends: the
// shared checks (actors/file_problem.hpp), then the instance's own answers —
// the owner (getpwnam: AccountNotExists), the group (getgrnam:
// UserGroupNotExists), the target directory (created when missing, as the
// docs say; FilePathInvalid when something else has its path or it cannot be
// made), an existing file without Overwrite (FileAlreadyExists) — and the
// file, written whole or not at all: a temporary file in the target
// directory, owned and moded, synced, then renamed onto its name.

#include "actors/file_problem.hpp"
#include "messages/document.hpp"

#include <optional>
#include <string>
#include <variant>

namespace broadside {

// The file's bytes: `commands` as one text, decoded when Base64
// (CommandContentDecodeError when it does not decode).
std::variant<std::string, file_fault> file_content(const run_document& doc);

// Writes `doc`'s file; nullopt when it is in place. A failure the codes do not
// name (a full disk, chown refused to an agent not running as root) is
// ExecutionException.
std::optional<file_fault> write_file(const run_document& doc);

}  // namespace broadside
