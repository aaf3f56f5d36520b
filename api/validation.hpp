#pragma once

// Checks of an input document against the service model's constraints, with
// the errors AWS's JSON services give (docs/codepipeline.md, "Validation"):
//
// - a member of the wrong JSON type: SerializationException, for the first
//   one only (the real services stop deserializing there);
// - otherwise every violated constraint, in the order checked, as one
//   ValidationException: "2 validation errors detected: Value 'abc' at
//   'jobId' failed to satisfy constraint: Member must satisfy regular
//   expression pattern: ...; Value null at 'nonce' failed to satisfy
//   constraint: Member must not be null".
//
// Callers give each member's path as the message must show it: lowerCamelCase
// for CodePipeline ("failureDetails.type"), PascalCase for SSM ("InstanceIds").
//
//   validator v;
//   v.required("jobId", member(input, "jobId")).string("jobId", member(input, "jobId"), job_id_rule);
//   if (auto e = v.error()) return *e;

#include "api/aws_json.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace broadside::api {

// A model `pattern`, matched against the whole value. Patterns that are one
// bracket expression repeated (`[0-9A-Za-z_-]+`, most of them) are checked
// character by character: libstdc++'s std::regex recurses once per character
// of such a repetition and would overflow the stack on long values. Others
// go to std::regex; define each pattern once (a static), it compiles there.
class value_pattern {
public:
  explicit value_pattern(std::string text);

  bool matches(std::string_view value) const;
  const std::string& text() const noexcept { return text_; }

private:
  std::string text_;
  std::optional<std::bitset<256>> repeated_class_;
  std::regex regex_;
};

// Constraints of a string shape; lengths in characters (UTF-8 code points).
struct string_rule {
  size_t min = 0;
  size_t max = SIZE_MAX;
  const value_pattern* pattern = nullptr;
};

struct integer_rule {
  std::optional<int64_t> min;
  std::optional<int64_t> max;
};

// How many entries a map or list may have.
struct size_rule {
  size_t min = 0;
  size_t max = SIZE_MAX;
};

// The member `name` of `object`, or null if it is absent, JSON null, or
// `object` is not an object: for the model, all three are "not given".
const nlohmann::json* member(const nlohmann::json* object, std::string_view name);
const nlohmann::json* member(const nlohmann::json& object, std::string_view name);

class validator {
public:
  using json = nlohmann::json;

  // Each check takes the member's path and value (null: not given). Checks
  // of a member that is not given pass, except required().
  validator& required(std::string_view path, const json* value);
  validator& string(std::string_view path, const json* value, const string_rule& rule = {});
  validator& integer(std::string_view path, const json* value, const integer_rule& rule);
  template <size_t N>
  validator& enumeration(std::string_view path, const json* value,
                         const std::array<std::string_view, N>& allowed) {
    return enumeration(path, value, allowed.data(), N);
  }
  // A timestamp: epoch seconds (a number), as the JSON protocol sends them.
  // Like structure(), it can only be of the wrong type, which is a
  // SerializationException: that names no member, so neither takes a path.
  validator& timestamp(const json* value);
  // A map of strings to strings, its size and then each key and value.
  validator& string_map(std::string_view path, const json* value, const size_rule& size,
                        const string_rule& key, const string_rule& entry);
  // A list of strings, its size and then each member.
  validator& string_list(std::string_view path, const json* value, const size_rule& size,
                         const string_rule& each);
  // A list (of structures the caller checks, with paths "<path>.<i>.member...",
  // i from 1) and its size: the list, or null if not given or not a list.
  const json* list(std::string_view path, const json* value, const size_rule& size = {});
  // A structure: the value, or null if not given or not an object (the
  // caller checks its members only if there is one).
  const json* structure(const json* value);

  // SerializationException if a member had the wrong type, else
  // ValidationException if any constraint failed, else nothing.
  // Records a violation the checks above cannot express (a pattern checked
  // without a regex, say): "Value <shown> at '<path>' failed to satisfy
  // constraint: <constraint>".
  validator& violation(std::string_view path, const std::string& shown_value,
                       std::string_view constraint);

  std::optional<api_error> error() const;

private:
  validator& enumeration(std::string_view path, const json* value, const std::string_view* allowed,
                         size_t count);
  // False (and a serialization error recorded) if `value` is given but not of `type`.
  bool typed(const json* value, nlohmann::json::value_t type, std::string_view type_name);

  std::vector<std::string> violations_;
  std::optional<std::string> serialization_error_;
};

}  // namespace broadside::api
