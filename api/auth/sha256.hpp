#pragma once

// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), enough for SigV4: whole
// messages in memory, no streaming, no dependency on a crypto library.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace broadside::api {

using sha256_digest = std::array<uint8_t, 32>;

sha256_digest sha256(std::string_view message);
sha256_digest hmac_sha256(std::string_view key, std::string_view message);

// Lowercase hexadecimal, as SigV4 writes hashes and signatures.
std::string to_hex(const sha256_digest& digest);

// The digest's bytes as a string, to key the next HMAC of a chain.
inline std::string_view as_bytes(const sha256_digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace broadside::api
