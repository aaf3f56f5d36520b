#pragma once

// JSON text of an answer: what nlohmann::json::dump() writes (compact, keys
// in order, non-ASCII as is), faster, and with every invalid UTF-8 sequence
// replaced by U+FFFD rather than thrown at. Command output is whatever bytes
// a script printed; the SSM agent (Go's encoding/json) replaces them alike.

#include <nlohmann/json.hpp>

#include <string>

namespace broadside::api {

void append_json_text(const nlohmann::json& value, std::string& out);
std::string json_text(const nlohmann::json& value);

}  // namespace broadside::api
