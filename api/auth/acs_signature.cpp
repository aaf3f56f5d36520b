#include "api/auth/acs_signature.hpp"

#include "api/auth/percent_encoding.hpp"
#include "api/auth/sha1.hpp"
#include "api/auth/text.hpp"
#include "api/auth/utc_time.hpp"
#include "api/base64.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace broadside::api {

namespace {

constexpr std::string_view signature_method = "HMAC-SHA1";
constexpr std::string_view signature_version = "1.0";

// The parameters every signed request carries, in the order their absence is reported.
constexpr std::string_view required[] = {"AccessKeyId",      "Signature",      "SignatureMethod",
                                         "SignatureVersion", "SignatureNonce", "Timestamp"};

api_error missing(std::string_view name) {
  return {"Missing" + std::string{name}, std::string{name} + " is mandatory for this action.", 400};
}

}  // namespace

std::string acs_string_to_sign(std::string_view method, const rpc_params& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.all().size());
  for (const auto& [name, value] : params.all())
    if (name != "Signature")
      encoded.emplace_back(percent_encode(name), percent_encode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string canonical;
  for (const auto& [name, value] : encoded)
    canonical.append(canonical.empty() ? "" : "&").append(name).append("=").append(value);
  std::string string_to_sign{method};
  string_to_sign.append("&").append(percent_encode("/")).append("&");
  string_to_sign.append(percent_encode(canonical));
  return string_to_sign;
}

std::string acs_sign(std::string_view method, const rpc_params& params, std::string_view secret) {
  auto digest = hmac_sha1(std::string{secret} + "&", acs_string_to_sign(method, params));
  return encode_base64(as_bytes(digest));
}

acs_verdict verify_acs_v1(std::string_view method, const rpc_params& params,
                          const credentials& keys, nonce_ledger& nonces, int64_t now_s) {
  for (auto name : required) {
    const std::string* value = params.find(name);
    if (!value || value->empty())
      return missing(name);
  }
  const std::string& access_key_id = *params.find("AccessKeyId");
  const std::string& nonce = *params.find("SignatureNonce");

  if (*params.find("SignatureMethod") != signature_method)
    return api_error{"InvalidSignatureMethod", "Specified signature method is not valid.", 400};
  if (*params.find("SignatureVersion") != signature_version)
    return api_error{"InvalidSignatureVersion",
                     "Specified parameter SignatureVersion is not valid.", 400};

  auto signed_at = parse_utc(*params.find("Timestamp"), iso_8601_extended);
  if (!signed_at)
    return api_error{"InvalidTimeStamp.Format",
                     "Specified time stamp or date value is not well formatted.", 400};

  const access_key* key = keys.find(access_key_id);
  if (!key)
    return api_error{"InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404};

  if (*signed_at < now_s - acs_timestamp_window_s || *signed_at > now_s + acs_timestamp_window_s)
    return api_error{"InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.",
                     400};

  // Like the gateway, the answer shows the server's string to sign: a
  // client author compares it with their own. It holds no secret.
  auto string_to_sign = acs_string_to_sign(method, params);
  auto expected = encode_base64(as_bytes(hmac_sha1(key->secret + "&", string_to_sign)));
  if (!same_text(expected, *params.find("Signature")))
    return api_error{"SignatureDoesNotMatch",
                     "Specified signature is not matched with our calculation. server string to "
                     "sign is:" +
                       string_to_sign,
                     400};

  // Last, so that only correctly signed requests take room in the ledger.
  switch (nonces.record(access_key_id, nonce, *signed_at + acs_timestamp_window_s, now_s)) {
    case nonce_ledger::outcome::recorded:
      break;
    case nonce_ledger::outcome::replayed:
      return api_error{"SignatureNonceUsed", "Specified signature nonce was used already.", 400};
    case nonce_ledger::outcome::full:
      return api_error{"Throttling", "Request was denied due to request throttling.", 400};
  }
  return acs_signer{access_key_id, key->profile};
}

}  // namespace broadside::api
