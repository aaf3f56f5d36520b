#pragma once

// A 128-bit identifier written as a lowercase RFC 4122 string (CommandId,
// CodePipeline jobId). Two words instead of a string keep per-node run
// records small in million-node simulations.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace broadside {

struct uuid {
  uint64_t hi = 0;
  uint64_t lo = 0;

  friend bool operator==(const uuid& a, const uuid& b) { return a.hi == b.hi && a.lo == b.lo; }
  friend bool operator!=(const uuid& a, const uuid& b) { return !(a == b); }
  friend bool operator<(const uuid& a, const uuid& b) {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
  }
};

// Stamps the version-4 and variant bits onto 128 random bits.
uuid make_uuid_v4(uint64_t random_hi, uint64_t random_lo) noexcept;

std::string to_string(const uuid& x);

// Accepts exactly the 36-character 8-4-4-4-12 form, either case.
std::optional<uuid> parse_uuid(std::string_view s) noexcept;

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, uuid& x) {
  return f(x.hi, x.lo);
}

}  // namespace broadside

template <>
struct std::hash<broadside::uuid> {
  size_t operator()(const broadside::uuid& x) const noexcept {
    return std::hash<uint64_t>{}(x.hi ^ (x.lo * 0x9E3779B97F4A7C15ULL));
  }
};
