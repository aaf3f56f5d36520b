#pragma once

// SendFile's parameters, checked as far as the service checks them, and the
// engine's command that carries the file (document ACS-SendFile). The file's
// name, directory, mode, owner and group are the instance's to judge: its
// agent answers FileNameInvalid, FilePathInvalid, FileAuthorityInvalid,
// AccountNotExists, UserGroupNotExists or FileAlreadyExists
// (actors/file_problem.hpp, docs/cloud-assistant-api.md).

#include "api/cloud_assistant_request.hpp"

#include <string>

namespace broadside::api {

// At most 50 instances per SendFile; the content at most 32 KB as Base64.
inline constexpr size_t max_send_file_instances = 50;
inline constexpr size_t max_file_content_base64_bytes = 32 * 1024;

// The command sending the file under `command_id` (InvokeId t-<its digits>).
request_or_error send_file_request(const rpc_params& p, const uuid& command_id);

}  // namespace broadside::api
