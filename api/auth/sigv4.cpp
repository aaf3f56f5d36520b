#include "api/auth/sigv4.hpp"

#include "api/auth/percent_encoding.hpp"
#include "api/auth/sha256.hpp"
#include "api/auth/text.hpp"
#include "api/auth/utc_time.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

namespace broadside::api {

namespace {

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view terminator = "aws4_request";
// Python's str.split() whitespace, which botocore collapses in header values.
constexpr std::string_view whitespace = " \t\n\r\v\f";

// ---- text ----

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto end = text.find(separator);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos)
      return parts;
    text.remove_prefix(end + 1);
  }
}

// SigV4's Trimall, appended to `out`: no leading or trailing whitespace,
// inner runs as one space.
void append_trimmed(std::string_view value, std::string& out) {
  bool first = true;
  for (auto word_start = value.find_first_not_of(whitespace); word_start != std::string_view::npos;
       word_start = value.find_first_not_of(whitespace, word_start)) {
    auto word_end = std::min(value.find_first_of(whitespace, word_start), value.size());
    if (!first)
      out.push_back(' ');
    first = false;
    out.append(value.substr(word_start, word_end - word_start));
    word_start = word_end;
  }
}

std::string trim_all(std::string_view value) {
  std::string trimmed;
  append_trimmed(value, trimmed);
  return trimmed;
}

// ---- time ----

// 20261122T175956Z
std::string amz_date(int64_t unix_s) { return format_utc(unix_s, iso_8601_basic); }

// An HTTP Date header: "Sun, 22 Nov 2026 17:59:56 GMT" (botocore writes "-0000").
std::optional<int64_t> parse_http_date(std::string_view text) {
  static constexpr std::string_view months = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::string copy{text};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  char month_name[4] = {}, zone[6] = {};
  if (std::sscanf(copy.c_str(), "%*3[A-Za-z], %2d %3s %4d %2d:%2d:%2d %5s%n", &day, month_name,
                  &year, &hour, &minute, &second, zone, &consumed) != 7 ||
      static_cast<size_t>(consumed) != copy.size())
    return std::nullopt;
  std::string_view zone_name{zone};
  if (zone_name != "GMT" && zone_name != "UTC" && zone_name != "+0000" && zone_name != "-0000")
    return std::nullopt;
  auto month_at = months.find(month_name);
  if (std::string_view{month_name}.size() != 3 || month_at == std::string_view::npos ||
      month_at % 3 != 0)
    return std::nullopt;
  return utc_seconds(year, static_cast<int>(month_at / 3) + 1, day, hour, minute, second);
}

// ---- the signature ----

const std::string* find_header(const std::vector<http_header>& headers, std::string_view name) {
  for (const auto& header : headers)
    if (lowercases_to(header.name, name))
      return &header.value;
  return nullptr;
}

// RFC 3986 section 5.2.4 without dot segments, and without empty segments, as
// botocore normalizes the path it signs; then each byte outside the
// unreserved set percent-encoded (the path as received, so encoded twice).
std::string canonical_uri(std::string_view path) {
  if (path == "/")
    return "/";  // every AWS JSON request
  std::vector<std::string_view> kept;
  for (auto segment : split(path, '/')) {
    if (segment.empty() || segment == ".")
      continue;
    if (segment != "..")
      kept.push_back(segment);
    else if (!kept.empty())
      kept.pop_back();
  }
  std::string normalized = "/";
  for (size_t i = 0; i < kept.size(); ++i)
    normalized.append(kept[i]).append(i + 1 < kept.size() || path.back() == '/' ? "/" : "");
  return percent_encode(normalized, true);
}

std::string canonical_query(std::string_view query) {
  if (query.empty())
    return {};
  std::vector<std::pair<std::string, std::string>> parameters;
  for (auto parameter : split(query, '&')) {
    if (parameter.empty())
      continue;
    auto equals = parameter.find('=');
    auto value =
      equals == std::string_view::npos ? std::string_view{} : parameter.substr(equals + 1);
    // A '%' not followed by two hex digits stays as it is.
    auto canonical_text = [](std::string_view text) {
      return percent_encode(*percent_decode(text, plus_sign::literal, bad_escape::keep));
    };
    parameters.emplace_back(canonical_text(parameter.substr(0, equals)), canonical_text(value));
  }
  std::sort(parameters.begin(), parameters.end());
  std::string canonical;
  for (const auto& [name, value] : parameters)
    canonical.append(canonical.empty() ? "" : "&").append(name).append("=").append(value);
  return canonical;
}

// `signed_headers`: lowercase names, sorted, as in SignedHeaders. A header
// given more than once signs as its values joined by commas.
std::string canonical_request(std::string_view method, std::string_view target,
                              const std::vector<std::string>& signed_headers,
                              const std::vector<http_header>& headers,
                              std::string_view payload_hash) {
  auto query_at = target.find('?');
  auto path = target.substr(0, query_at);
  auto query =
    query_at == std::string_view::npos ? std::string_view{} : target.substr(query_at + 1);

  std::string canonical;
  canonical.reserve(1024);
  canonical.append(method).append("\n").append(canonical_uri(path)).append("\n");
  canonical.append(canonical_query(query)).append("\n");
  for (const auto& name : signed_headers) {
    canonical.append(name).append(":");
    bool first = true;
    for (const auto& header : headers) {
      if (lowercases_to(header.name, name)) {
        canonical.append(first ? "" : ",");
        append_trimmed(header.value, canonical);
        first = false;
      }
    }
    canonical.append("\n");
  }
  canonical.append("\n");
  for (size_t i = 0; i < signed_headers.size(); ++i)
    canonical.append(i == 0 ? "" : ";").append(signed_headers[i]);
  canonical.append("\n").append(payload_hash);
  return canonical;
}

struct credential_scope {
  std::string date;  // 20261122
  std::string region;
  std::string service;

  std::string text() const {
    return date + "/" + region + "/" + service + "/" + std::string{terminator};
  }
};

// The key derived for one secret and scope, ready to sign with. Every
// request of a day signed with one key has the same, so the last one is kept
// per thread: four HMACs (two thirds of a request's hashing) saved on all but
// the first.
const hmac_sha256_key& signing_key(std::string_view secret, const credential_scope& scope) {
  struct derived {
    std::string secret, date, region, service;
    hmac_sha256_key key{""};
  };
  thread_local derived last;
  if (last.secret != secret || last.date != scope.date || last.region != scope.region
      || last.service != scope.service) {
    auto key = hmac_sha256("AWS4" + std::string{secret}, scope.date);
    key = hmac_sha256(as_bytes(key), scope.region);
    key = hmac_sha256(as_bytes(key), scope.service);
    last = {std::string{secret}, scope.date, scope.region, scope.service,
            hmac_sha256_key{as_bytes(hmac_sha256(as_bytes(key), terminator))}};
  }
  return last.key;
}

std::string signature(std::string_view secret, const credential_scope& scope,
                      std::string_view timestamp, const std::string& canonical) {
  std::string string_to_sign;
  string_to_sign.reserve(256);
  string_to_sign.append(algorithm).append("\n").append(timestamp).append("\n").append(scope.text()).append("\n");
  string_to_sign.append(to_hex(sha256(canonical)));
  return to_hex(signing_key(secret, scope).sign(string_to_sign));
}

// ---- the Authorization header ----

struct authorization {
  std::string access_key_id;
  credential_scope scope;
  std::vector<std::string> signed_headers;
  std::string signature;
};

api_error incomplete(std::string message) {
  return {"IncompleteSignatureException", std::move(message)};
}

api_error invalid(std::string message) {
  return {"InvalidSignatureException", std::move(message)};
}

std::variant<authorization, api_error> parse_authorization(std::string_view header) {
  header = trim(header, whitespace);
  auto name_end = std::min(header.find(' '), header.size());
  if (header.substr(0, name_end) != algorithm)
    // Not echoed: an Authorization header of another scheme may be a secret itself.
    return incomplete("Unsupported AWS 'algorithm': only '" + std::string{algorithm} +
                      "' is supported.");

  std::optional<std::string_view> credential, signed_headers, signature_hex;
  for (auto parameter : split(header.substr(name_end), ',')) {
    parameter = trim(parameter, whitespace);
    if (parameter.empty())
      continue;
    auto equals = parameter.find('=');
    if (equals == std::string_view::npos)
      return incomplete("Invalid key=value pair (missing equal-sign) in Authorization header.");
    auto key = parameter.substr(0, equals);
    auto value = parameter.substr(equals + 1);
    if (key == "Credential")
      credential = value;
    else if (key == "SignedHeaders")
      signed_headers = value;
    else if (key == "Signature")
      signature_hex = value;
  }
  std::string missing;
  for (auto [value, key] : {std::pair{credential, "Credential"}, {signature_hex, "Signature"},
                            {signed_headers, "SignedHeaders"}}) {
    if (!value)
      missing.append(missing.empty() ? "" : " ")
        .append("Authorization header requires '")
        .append(key)
        .append("' parameter.");
  }
  if (!missing.empty())
    return incomplete(missing);

  auto scope = split(*credential, '/');
  if (scope.size() != 5 || scope[0].empty() || scope[1].size() != 8)
    return incomplete("Credential must have the form "
                      "'<access key id>/<yyyyMMdd>/<region>/<service>/aws4_request'.");
  if (scope[4] != terminator)
    return incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                      std::string{scope[4]} + "'.");
  if (scope[2].empty())
    return incomplete("Credential should be scoped to a valid region.");
  if (scope[3].empty())
    return incomplete("Credential should be scoped to a valid service.");

  authorization parsed{std::string{scope[0]},
                       {std::string{scope[1]}, std::string{scope[2]}, std::string{scope[3]}},
                       {},
                       std::string{*signature_hex}};
  for (auto name : split(*signed_headers, ';'))
    parsed.signed_headers.push_back(lowercase(name));
  if (std::find(parsed.signed_headers.begin(), parsed.signed_headers.end(), "host") ==
      parsed.signed_headers.end())
    return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  return parsed;
}

}  // namespace

std::variant<signer, api_error> verify_sigv4(const request_to_verify& request,
                                                const credentials& keys, int64_t now_s) {
  const auto* header = find_header(request.headers, "authorization");
  // AWS JSON services answer a request with no signature 400, not API
  // Gateway's 403: botocore then raises ClientError like for any other error.
  if (!header)
    return api_error{"MissingAuthenticationTokenException", "Missing Authentication Token"};
  auto parsed = parse_authorization(*header);
  if (auto* failure = std::get_if<api_error>(&parsed))
    return std::move(*failure);
  auto& auth = std::get<authorization>(parsed);

  // The time of signing, as the string to sign has it.
  std::string timestamp;
  std::optional<int64_t> signed_at;
  if (const auto* date = find_header(request.headers, "x-amz-date")) {
    timestamp = *date;
    signed_at = parse_utc(*date, iso_8601_basic);
  } else if (const auto* http_date = find_header(request.headers, "date")) {
    timestamp = *http_date;
    if ((signed_at = parse_http_date(*http_date)))
      timestamp = amz_date(*signed_at);
  } else {
    return incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a "
                      "'Date' header.");
  }
  if (!signed_at)
    return incomplete("Date must be in ISO-8601 'basic format'. Got '" + timestamp +
                      "'. See http://en.wikipedia.org/wiki/ISO_8601");

  const access_key* key = keys.find(auth.access_key_id);
  if (!key)
    return api_error{"UnrecognizedClientException",
                        "The security token included in the request is invalid."};

  if (auth.scope.date != timestamp.substr(0, 8))
    return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                   "date from HTTP: '" +
                   auth.scope.date + "' != '" + timestamp.substr(0, 8) + "', from '" + timestamp +
                   "'.");
  if (*signed_at < now_s - max_clock_skew_s)
    return invalid("Signature expired: " + timestamp + " is now earlier than " +
                   amz_date(now_s - max_clock_skew_s) + " (" + amz_date(now_s) + " - 15 min.)");
  if (*signed_at > now_s + max_clock_skew_s)
    return invalid("Signature not yet current: " + timestamp + " is still later than " +
                   amz_date(now_s + max_clock_skew_s) + " (" + amz_date(now_s) + " + 15 min.)");

  std::string payload_hash = to_hex(sha256(request.body));
  if (const auto* claimed = find_header(request.headers, "x-amz-content-sha256")) {
    // Signing a claimed hash instead of the body would leave the body
    // unsigned (UNSIGNED-PAYLOAD): a JSON API needs its body signed.
    if (trim_all(*claimed) != payload_hash)
      return invalid("The provided 'x-amz-content-sha256' header does not match what was "
                     "computed.");
  }

  auto canonical = canonical_request(request.method, request.target, auth.signed_headers,
                                     request.headers, payload_hash);
  if (!same_text(signature(key->secret, auth.scope, timestamp, canonical), auth.signature))
    return invalid("The request signature we calculated does not match the signature you "
                   "provided. Check your AWS Secret Access Key and signing method. Consult the "
                   "service documentation for details.");
  return signer{std::move(auth.access_key_id), key->profile, std::move(auth.scope.region),
                std::move(auth.scope.service)};
}

void sign_sigv4(std::string_view method, std::string_view target,
                std::vector<http_header>& headers, std::string_view body,
                std::string_view access_key_id, std::string_view secret, std::string_view region,
                std::string_view service, int64_t now_s) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const http_header& header) {
                                 auto name = lowercase(header.name);
                                 return name == "authorization" || name == "x-amz-date";
                               }),
                headers.end());
  std::string timestamp = amz_date(now_s);
  headers.push_back({"X-Amz-Date", timestamp});

  std::vector<std::string> signed_headers;
  for (const auto& header : headers) {
    auto name = lowercase(header.name);
    if (name == "host" || name == "content-type" || name.rfind("x-amz-", 0) == 0)
      signed_headers.push_back(std::move(name));
  }
  std::sort(signed_headers.begin(), signed_headers.end());
  signed_headers.erase(std::unique(signed_headers.begin(), signed_headers.end()),
                       signed_headers.end());

  credential_scope scope{timestamp.substr(0, 8), std::string{region}, std::string{service}};
  auto canonical =
    canonical_request(method, target, signed_headers, headers, to_hex(sha256(body)));

  std::string value{algorithm};
  value.append(" Credential=").append(access_key_id).append("/").append(scope.text());
  value.append(", SignedHeaders=");
  for (size_t i = 0; i < signed_headers.size(); ++i)
    value.append(i == 0 ? "" : ";").append(signed_headers[i]);
  value.append(", Signature=").append(signature(secret, scope, timestamp, canonical));
  headers.push_back({"Authorization", std::move(value)});
}

}  // namespace broadside::api
