#pragma once

// The padding SHA-1 and SHA-256 share (FIPS 180-4 section 5.1.1), for whole
// messages in memory, and the key padding of their HMACs (RFC 2104).

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace broadside::api {

inline constexpr size_t hash_block_size = 64;

// Feeds `compress(const uint8_t* blocks, size_t count)` the whole blocks of
// `message`, then its rest with a 1 bit, zeros and the big-endian length in
// bits of all that was hashed (`prefix_bytes` already hashed before
// `message`, e.g. an HMAC key block): one or two blocks more.
template <typename Compress>
void compress_padded(std::string_view message, size_t prefix_bytes, Compress&& compress) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(message.data());
  size_t whole_blocks = message.size() / hash_block_size;
  compress(bytes, whole_blocks);

  std::array<uint8_t, 2 * hash_block_size> tail{};
  size_t rest = message.size() % hash_block_size;
  for (size_t i = 0; i < rest; ++i)
    tail[i] = bytes[whole_blocks * hash_block_size + i];
  tail[rest] = 0x80;
  size_t tail_size = rest + 1 + 8 <= hash_block_size ? hash_block_size : 2 * hash_block_size;
  uint64_t length_bits = (uint64_t{prefix_bytes} + message.size()) * 8;
  for (size_t i = 0; i < 8; ++i)
    tail[tail_size - 1 - i] = static_cast<uint8_t>(length_bits >> (8 * i));
  compress(tail.data(), tail_size / hash_block_size);
}

using hash_block = std::array<uint8_t, hash_block_size>;

// RFC 2104's K: the key (its `digest(key)` if longer than a block) padded
// with zeros to a block.
template <typename Digest>
hash_block hmac_block_key(std::string_view key, Digest&& digest) {
  hash_block block{};
  if (key.size() > hash_block_size) {
    auto hashed = digest(key);
    std::copy(hashed.begin(), hashed.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  return block;
}

// K xor ipad (0x36) or opad (0x5c).
inline hash_block xor_pad(const hash_block& key, uint8_t pad) {
  hash_block block{};
  for (size_t i = 0; i < hash_block_size; ++i)
    block[i] = static_cast<uint8_t>(key[i] ^ pad);
  return block;
}

}  // namespace broadside::api
