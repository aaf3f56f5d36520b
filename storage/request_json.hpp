#pragma once

// An accepted SendCommand as the JSON text the command store keeps: every
// field of send_command under its own name, enums by name, so that the text
// stays readable (sqlite3's json_extract works on it) and survives a reordering
// of the enums.

#include "messages/saved_command.hpp"
#include "messages/send_command.hpp"

#include <string>
#include <string_view>

namespace broadside::storage {

// Throws if a string is not UTF-8 (requests arrive as JSON, so they are).
std::string encode_request(const send_command& request);

// Fields missing from `text` keep send_command's defaults, so rows written
// before a field existed still read. Throws std::runtime_error if `text` is
// not such a request.
send_command decode_request(std::string_view text);

// A saved command (Cloud Assistant's CreateCommand) the same way.
std::string encode_saved_command(const saved_command& command);
saved_command decode_saved_command(std::string_view text);

}  // namespace broadside::storage
