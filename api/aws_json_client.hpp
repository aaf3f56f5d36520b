#pragma once

// A synchronous client of AWS JSON 1.1 services, the protocol `broadside
// serve` speaks: `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a
// JSON body, signed with SigV4, over plain HTTP/1.1. What `broadside ssm` and
// `broadside jobs` call the service with.

#include "api/aws_json.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace broadside::api {

struct client_key {
  std::string access_key_id;
  std::string secret;
};

// The key a client signs with, found as the AWS CLI finds it: with an
// explicit `profile`, that profile only; otherwise AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY if both are set, else the profile AWS_PROFILE names
// (or `default`). Profiles are read from AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/credentials. Throws missing_credentials saying where it looked.
struct missing_credentials : std::runtime_error {
  using std::runtime_error::runtime_error;
};
client_key find_client_key(const std::optional<std::string>& profile);

struct aws_json_client_options {
  std::string endpoint_url;   // http://HOST[:PORT][/]; no https
  std::string target_prefix;  // "AmazonSSM"
  std::string signing_name;   // SigV4's service: "ssm"
  std::string region = "us-east-1";
  client_key key;
  // For the whole call: connecting, sending and reading the answer.
  std::chrono::milliseconds timeout = std::chrono::seconds{60};
};

// No answer from the service: the endpoint URL is malformed, the server is
// unreachable or too slow, or what came back is not an AWS JSON answer.
struct unreachable_endpoint : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Sends `input` to `operation`; returns the output document (null for an
// empty body) or the service's error (its `__type` without namespace, its
// message and the HTTP status). Throws unreachable_endpoint.
aws_result call_aws_json(const aws_json_client_options& options, std::string_view operation,
                         const nlohmann::json& input);

}  // namespace broadside::api
