#include "messages/uuid.hpp"

namespace broadside {

uuid make_uuid_v4(uint64_t random_hi, uint64_t random_lo) noexcept {
  uuid x{random_hi, random_lo};
  x.hi = (x.hi & ~uint64_t{0xF000}) | uint64_t{0x4000};           // version 4
  x.lo = (x.lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant 10xx
  return x;
}

std::string to_string(const uuid& x) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  auto put = [&](uint64_t word, int from_nibble, int to_nibble) {
    for (int i = from_nibble; i < to_nibble; ++i)
      out += hex[(word >> (60 - 4 * i)) & 0xF];
  };
  put(x.hi, 0, 8);
  out += '-';
  put(x.hi, 8, 12);
  out += '-';
  put(x.hi, 12, 16);
  out += '-';
  put(x.lo, 0, 4);
  out += '-';
  put(x.lo, 4, 16);
  return out;
}

std::optional<uuid> parse_uuid(std::string_view s) noexcept {
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
    return std::nullopt;
  uuid x;
  int nibbles = 0;
  for (char c : s) {
    if (c == '-')
      continue;
    uint64_t v;
    if (c >= '0' && c <= '9')
      v = static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v = static_cast<uint64_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v = static_cast<uint64_t>(c - 'A' + 10);
    else
      return std::nullopt;
    auto& word = nibbles < 16 ? x.hi : x.lo;
    word = (word << 4) | v;
    ++nibbles;
  }
  return x;
}

}  // namespace broadside
