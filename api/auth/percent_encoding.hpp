#pragma once

// Percent-encoding (RFC 3986 section 2.1) as AWS SigV4 and Alibaba Cloud's
// RPC signature canonicalize text, and its decoding for query strings and
// form bodies.

#include <optional>
#include <string>
#include <string_view>

namespace broadside::api {

// Every byte but the unreserved A-Z a-z 0-9 - _ . ~ (and '/' if
// `keep_slashes`) as %XX with uppercase hex digits: a space is %20, '*' is
// %2A, '~' stays, each byte of a UTF-8 character is escaped.
std::string percent_encode(std::string_view text, bool keep_slashes = false);

// What a '+' means: itself (RFC 3986) or a space (application/x-www-form-urlencoded).
enum class plus_sign { literal, space };
// What a '%' not followed by two hex digits means: an error, or itself.
enum class bad_escape { reject, keep };

// nullopt only for a bad escape under bad_escape::reject.
std::optional<std::string> percent_decode(std::string_view text, plus_sign plus,
                                          bad_escape bad = bad_escape::reject);

}  // namespace broadside::api
