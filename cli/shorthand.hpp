#pragma once

// The AWS CLI's shorthand syntax for structured flag values, parsed as
// awscli/shorthand.py parses it (so a command line written for `aws` means
// the same to `broadside`):
//
//   Key=tag:role,Values=web,db       {"Key": "tag:role", "Values": ["web", "db"]}
//   commands=["echo a,b",'x']        {"commands": ["echo a,b", "x"]}
//   location={type=S3,s3Location={bucketName=b,objectKey=k}}
//
// `a=b,c` continues the list of `a`; a value is unquoted (`\,` is a comma in
// it; trailing blanks dropped), 'single' or "double" quoted (`\'`, `\"` and
// `\\` escaped). Only the syntax: every scalar is a string, and a lone value
// is not a list. cli/aws_shape turns the result into the member's types.
// Not supported: `key@=file://...`.

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string_view>

namespace broadside::cli {

// The AWS CLI's message: what was expected, what was found, and the input
// with a caret under the place.
struct shorthand_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An object of strings, lists and objects. Throws shorthand_error.
nlohmann::json parse_shorthand(std::string_view text);

}  // namespace broadside::cli
