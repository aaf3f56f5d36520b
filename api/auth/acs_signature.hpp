#pragma once

// Alibaba Cloud's RPC signature, version 1.0 (HMAC-SHA1), as the ECS API
// 2014-05-26 gateway checks it: the signature is a parameter of the request,
// over all its other parameters. Checking a request the server received, and
// signing one (clients, tests). The error codes, messages and HTTP statuses
// are the gateway's: docs/cloud-assistant-api.md, "Authentication".

#include "api/api_error.hpp"
#include "api/auth/credentials.hpp"
#include "api/auth/nonce_ledger.hpp"
#include "api/rpc_query.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace broadside::api {

// A Timestamp more than this far from the server's clock (either way) is refused.
constexpr int64_t acs_timestamp_window_s = 15 * 60;

// METHOD & enc("/") & enc(canonicalized query), where the canonicalized
// query is enc(name)=enc(value) of every parameter but Signature, sorted by
// encoded name, joined by '&', and enc is percent_encode().
std::string acs_string_to_sign(std::string_view method, const rpc_params& params);

// Base64(HMAC-SHA1(secret + "&", acs_string_to_sign())): the value of the
// Signature parameter for `params` (which must hold every other parameter).
std::string acs_sign(std::string_view method, const rpc_params& params, std::string_view secret);

// Who signed an accepted request.
struct acs_signer {
  std::string access_key_id;
  std::string profile;
};

using acs_verdict = std::variant<acs_signer, api_error>;

// `method`: the HTTP method as received ("POST", "GET"). `now_s`: the
// server's time, Unix seconds. An accepted request's nonce is recorded in
// `nonces`: the same request again is refused.
acs_verdict verify_acs_v1(std::string_view method, const rpc_params& params,
                          const credentials& keys, nonce_ledger& nonces, int64_t now_s);

}  // namespace broadside::api
