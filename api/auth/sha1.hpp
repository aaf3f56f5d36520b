#pragma once

// SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104), for Alibaba Cloud's RPC
// signature (version 1.0): whole messages in memory, portable C++ only (a
// request hashes a handful of blocks).

#include <array>
#include <cstdint>
#include <string_view>

namespace broadside::api {

using sha1_digest = std::array<uint8_t, 20>;

sha1_digest sha1(std::string_view message);
sha1_digest hmac_sha1(std::string_view key, std::string_view message);

inline std::string_view as_bytes(const sha1_digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace broadside::api
