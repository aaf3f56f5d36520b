#pragma once

// Standard Base64 (RFC 4648 section 4, alphabet A-Z a-z 0-9 + /): Cloud
// Assistant's ContentEncoding=Base64 (CommandContent, Output) and Alibaba's
// RPC signature.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace broadside::api {

// With '=' padding to a multiple of four characters.
std::string encode_base64(std::string_view bytes);

// Padding optional, whitespace ignored; nullopt if `text` is not Base64.
std::optional<std::string> decode_base64(std::string_view text);

// The length of encode_base64() of `bytes` bytes.
constexpr size_t base64_length(size_t bytes) { return (bytes + 2) / 3 * 4; }

}  // namespace broadside::api
