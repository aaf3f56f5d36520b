#pragma once

// JSON text of an answer: what nlohmann::json::dump() writes (compact, keys
// in order, non-ASCII as is), faster, and with every invalid UTF-8 sequence
// replaced by U+FFFD rather than thrown at. Command output is whatever bytes
// a script printed; the SSM agent (Go's encoding/json) replaces them alike.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace broadside::api {

void append_json_text(const nlohmann::json& value, std::string& out);
std::string json_text(const nlohmann::json& value);

// Writes JSON text value by value, for answers built straight from what an
// actor returned, without a json document in between (GetCommandInvocation,
// which polling clients call most, spent more building its document than
// anything else). Strings as above; the caller keeps the structure right.
class json_writer {
 public:
  json_writer() { out_.reserve(1024); }
  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }
  json_writer& key(std::string_view name);
  json_writer& string(std::string_view s);
  json_writer& number(int64_t n);
  json_writer& boolean(bool b);
  json_writer& document(const nlohmann::json& value);

  std::string take() { return std::move(out_); }

 private:
  json_writer& open(char bracket);
  json_writer& close(char bracket);
  void separate();

  std::string out_;
  bool first_ = true;       // nothing written yet in the innermost object or array
  bool after_key_ = false;  // a key waits for its value
};

}  // namespace broadside::api
