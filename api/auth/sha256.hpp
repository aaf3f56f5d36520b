#pragma once

// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), enough for SigV4: whole
// messages in memory, no streaming, no dependency on a crypto library. On
// x86-64 CPUs with the SHA extensions the blocks are hashed with them (a
// SigV4 check hashes about eight blocks per request).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace broadside::api {

using sha256_digest = std::array<uint8_t, 32>;

// How blocks are hashed: plain C++, or the CPU's SHA instructions.
enum class sha256_engine { portable, sha_extensions };

bool available(sha256_engine engine);
sha256_engine fastest_sha256_engine();

sha256_digest sha256(std::string_view message);
// With a given engine (tests compare them); it must be available.
sha256_digest sha256(std::string_view message, sha256_engine engine);

// HMAC-SHA256 with one key for many messages: the key's two padded blocks
// are hashed once, not for each message.
class hmac_sha256_key {
 public:
  explicit hmac_sha256_key(std::string_view key);
  sha256_digest sign(std::string_view message) const;

 private:
  std::array<uint32_t, 8> inner_;  // after the key's inner padded block
  std::array<uint32_t, 8> outer_;  // after its outer padded block
};

inline sha256_digest hmac_sha256(std::string_view key, std::string_view message) {
  return hmac_sha256_key{key}.sign(message);
}

// Lowercase hexadecimal, as SigV4 writes hashes and signatures.
std::string to_hex(const sha256_digest& digest);

// The digest's bytes as a string, to key the next HMAC of a chain.
inline std::string_view as_bytes(const sha256_digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace broadside::api
