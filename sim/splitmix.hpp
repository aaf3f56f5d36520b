#pragma once

#include <cstdint>

namespace broadside::sim {

// splitmix64 exactly as fanout.md writes it (uint64 arithmetic, wrapping).
constexpr uint64_t splitmix64(uint64_t x) noexcept {
  uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace broadside::sim
