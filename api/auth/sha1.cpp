#include "api/auth/sha1.hpp"

#include "api/auth/hash_padding.hpp"

namespace broadside::api {

namespace {

using hash_state = std::array<uint32_t, 5>;

constexpr hash_state initial_state{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

uint32_t rotate_left(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

void compress(hash_state& state, const uint8_t* block, size_t blocks) {
  for (; blocks > 0; --blocks, block += hash_block_size) {
    std::array<uint32_t, 80> w{};
    for (size_t i = 0; i < 16; ++i)
      w[i] = uint32_t{block[4 * i]} << 24 | uint32_t{block[4 * i + 1]} << 16 |
             uint32_t{block[4 * i + 2]} << 8 | uint32_t{block[4 * i + 3]};
    for (size_t i = 16; i < 80; ++i)
      w[i] = rotate_left(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    auto [a, b, c, d, e] = state;
    for (size_t i = 0; i < 80; ++i) {
      uint32_t f = 0, k = 0;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      uint32_t t = rotate_left(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotate_left(b, 30);
      b = a;
      a = t;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
  }
}

// Hashes `message` after `prefix_bytes` (whole blocks) already in `state`.
sha1_digest finish(hash_state state, size_t prefix_bytes, std::string_view message) {
  compress_padded(message, prefix_bytes,
                  [&](const uint8_t* blocks, size_t count) { compress(state, blocks, count); });
  sha1_digest digest{};
  for (size_t i = 0; i < state.size(); ++i)
    for (size_t j = 0; j < 4; ++j)
      digest[4 * i + j] = static_cast<uint8_t>(state[i] >> (24 - 8 * j));
  return digest;
}

hash_state after_padded_key(const hash_block& key, uint8_t pad) {
  auto block = xor_pad(key, pad);
  auto state = initial_state;
  compress(state, block.data(), 1);
  return state;
}

}  // namespace

sha1_digest sha1(std::string_view message) { return finish(initial_state, 0, message); }

sha1_digest hmac_sha1(std::string_view key, std::string_view message) {
  auto block_key = hmac_block_key(key, [](std::string_view long_key) { return sha1(long_key); });
  auto inner = finish(after_padded_key(block_key, 0x36), hash_block_size, message);
  return finish(after_padded_key(block_key, 0x5c), hash_block_size, as_bytes(inner));
}

}  // namespace broadside::api
