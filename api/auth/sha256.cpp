#include "api/auth/sha256.hpp"

#include "api/auth/hash_padding.hpp"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace broadside::api {

namespace {

using hash_state = std::array<uint32_t, 8>;

constexpr hash_state initial_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

alignas(16) constexpr std::array<uint32_t, 64> round_constants{
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr size_t block_size = hash_block_size;

uint32_t rotate_right(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

void compress_portable(hash_state& state, const uint8_t* block, size_t blocks) {
  for (; blocks > 0; --blocks, block += block_size) {
    std::array<uint32_t, 64> w{};
    for (size_t i = 0; i < 16; ++i)
      w[i] = uint32_t{block[4 * i]} << 24 | uint32_t{block[4 * i + 1]} << 16 |
             uint32_t{block[4 * i + 2]} << 8 | uint32_t{block[4 * i + 3]};
    for (size_t i = 16; i < 64; ++i) {
      uint32_t s0 = rotate_right(w[i - 15], 7) ^ rotate_right(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotate_right(w[i - 2], 17) ^ rotate_right(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state;
    for (size_t i = 0; i < 64; ++i) {
      uint32_t s1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
      uint32_t choice = (e & f) ^ (~e & g);
      uint32_t t1 = h + s1 + choice + round_constants[i] + w[i];
      uint32_t s0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
      uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = s0 + majority;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

#if defined(__x86_64__)

bool cpu_has_sha_extensions() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
    return false;
  bool ssse3 = ecx & (1u << 9), sse41 = ecx & (1u << 19);
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
    return false;
  bool sha = ebx & (1u << 29);
  return ssse3 && sse41 && sha;
}

// Intel's SHA extensions keep the state as ABEF and CDGH and do two rounds
// per sha256rnds2; sha256msg1/msg2 extend the message four words at a time.
__attribute__((target("sha,sse4.1"))) void compress_sha_extensions(hash_state& state,
                                                                   const uint8_t* block,
                                                                   size_t blocks) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (; blocks > 0; --blocks, block += block_size) {
    const __m128i abef_before = abef, cdgh_before = cdgh;
    __m128i w[4];  // the last sixteen message words, four per register
    for (int group = 0; group < 16; ++group) {
      __m128i& words = w[group % 4];
      if (group < 4) {
        words = _mm_shuffle_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * group)), byte_swap);
      } else {
        // W[i] = W[i-16] + s0(W[i-15]) + W[i-7] + s1(W[i-2]), four at a time.
        __m128i sum = _mm_sha256msg1_epu32(w[group % 4], w[(group + 1) % 4]);
        sum = _mm_add_epi32(sum, _mm_alignr_epi8(w[(group + 3) % 4], w[(group + 2) % 4], 4));
        words = _mm_sha256msg2_epu32(sum, w[(group + 3) % 4]);
      }
      __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(&round_constants[4 * group]));
      __m128i message = _mm_add_epi32(words, k);
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }

  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), _mm_alignr_epi8(dchg, feba, 8));
}

#else

bool cpu_has_sha_extensions() { return false; }

void compress_sha_extensions(hash_state& state, const uint8_t* block, size_t blocks) {
  compress_portable(state, block, blocks);
}

#endif

using compress_function = void (*)(hash_state&, const uint8_t*, size_t);

compress_function compress_of(sha256_engine engine) {
  return engine == sha256_engine::sha_extensions ? compress_sha_extensions : compress_portable;
}

const sha256_engine fastest =
    cpu_has_sha_extensions() ? sha256_engine::sha_extensions : sha256_engine::portable;

// Hashes `message` after `prefix_bytes` (whole blocks) already in `state`.
sha256_digest finish(hash_state state, size_t prefix_bytes, std::string_view message,
                     compress_function compress) {
  compress_padded(message, prefix_bytes,
                  [&](const uint8_t* blocks, size_t count) { compress(state, blocks, count); });

  sha256_digest digest{};
  for (size_t i = 0; i < 8; ++i)
    for (size_t j = 0; j < 4; ++j)
      digest[4 * i + j] = static_cast<uint8_t>(state[i] >> (24 - 8 * j));
  return digest;
}

// The state after one block of the key padded with zeros and xored with `pad`.
hash_state after_padded_key(const hash_block& key, uint8_t pad) {
  auto block = xor_pad(key, pad);
  auto state = initial_state;
  compress_of(fastest)(state, block.data(), 1);
  return state;
}

}  // namespace

bool available(sha256_engine engine) {
  return engine == sha256_engine::portable || cpu_has_sha_extensions();
}

sha256_engine fastest_sha256_engine() { return fastest; }

sha256_digest sha256(std::string_view message) {
  return finish(initial_state, 0, message, compress_of(fastest));
}

sha256_digest sha256(std::string_view message, sha256_engine engine) {
  return finish(initial_state, 0, message, compress_of(engine));
}

hmac_sha256_key::hmac_sha256_key(std::string_view key) {
  auto block_key = hmac_block_key(key, [](std::string_view long_key) { return sha256(long_key); });
  inner_ = after_padded_key(block_key, 0x36);
  outer_ = after_padded_key(block_key, 0x5c);
}

sha256_digest hmac_sha256_key::sign(std::string_view message) const {
  auto compress = compress_of(fastest);
  auto inner = finish(inner_, block_size, message, compress);
  return finish(outer_, block_size, as_bytes(inner), compress);
}

std::string to_hex(const sha256_digest& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex(2 * digest.size(), '\0');
  for (size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace broadside::api
