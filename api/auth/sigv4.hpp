#pragma once

// AWS Signature Version 4 in an Authorization header, as botocore (and so the
// AWS CLI) signs requests to AWS JSON 1.1 services: checking a request the
// server received, and signing one for our own client.

#include "api/api_error.hpp"
#include "api/auth/credentials.hpp"
#include "runtime/http_header.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace broadside::api {

using runtime::http_header;

struct request_to_verify {
  std::string_view method;  // "POST"
  std::string_view target;  // the request-target: a path and an optional "?query"
  const std::vector<http_header>& headers;
  std::string_view body;
};

// Who signed a request, and the region and service their signature is scoped
// to (for the caller to check against its own).
struct signer {
  std::string access_key_id;
  std::string profile;
  std::string region;
  std::string service;
};

// Requests signed more than this far from `now_s` are refused, as AWS does.
constexpr int64_t max_clock_skew_s = 15 * 60;

// `now_s`: the server's time, Unix seconds.
std::variant<signer, api_error> verify_sigv4(const request_to_verify& request,
                                                const credentials& keys, int64_t now_s);

// Sets X-Amz-Date and Authorization (replacing any), signing Host (which
// `headers` must hold), Content-Type and every X-Amz-* header.
void sign_sigv4(std::string_view method, std::string_view target,
                std::vector<http_header>& headers, std::string_view body,
                std::string_view access_key_id, std::string_view secret, std::string_view region,
                std::string_view service, int64_t now_s);

}  // namespace broadside::api
