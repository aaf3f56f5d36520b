#pragma once

// The shapes of an operation's input as the service model (botocore's
// service-2.json) gives them, as much as a client needs: to print the
// input's skeleton, to turn flag values (JSON or shorthand) into members of
// the right JSON type, and to check an input before it is sent, the way the
// AWS CLI does all three.

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace broadside::cli {

// Input the client refuses before sending anything (AWS CLI: exit code 252).
struct input_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct shape {
  enum class kind { string, integer, boolean, list, map, structure };
  struct member {
    std::string name;
    const shape* type;
    bool required = false;
  };

  kind type = kind::string;
  const shape* element = nullptr;  // a list's elements, a map's values (keys are strings)
  std::vector<member> members;     // a structure's, in the model's order

  const member* find(std::string_view name) const;
};

// The scalars, shared by every model.
const shape& string_shape();
const shape& integer_shape();
const shape& boolean_shape();

shape list_of(const shape& element);
shape map_of(const shape& value);
shape structure_of(std::vector<shape::member> members);

// As the AWS CLI's --generate-cli-skeleton: "" for strings, 0, true, a list
// of one element's skeleton, a map with one "KeyName", every member of a
// structure, in the model's order.
nlohmann::ordered_json skeleton(const shape& s);

// What the AWS CLI makes of a flag's values on the command line, `values`
// as given after the flag (a `file://PATH` value is that file's content):
// JSON if it starts with `[` or `{`, else shorthand for structures and maps
// (their strings turned into the members' types), one or more elements
// for lists. Throws input_error naming `flag`.
nlohmann::json flag_value(const std::vector<std::string>& values, const shape& s,
                          const std::string& flag);

// Reads `value` unless it is the file://PATH of a file to read.
std::string file_or_text(const std::string& value);

// Every way `input` breaks `s` (botocore's client-side validation: unknown
// members, wrong types, missing required members), one line each; empty if
// none.
std::vector<std::string> input_problems(const nlohmann::json& input, const shape& s);

}  // namespace broadside::cli
