#include "api/base64.hpp"

#include <cctype>
#include <cstdint>

namespace broadside::api {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int value_of(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

}  // namespace

std::string encode_base64(std::string_view bytes) {
  std::string out;
  out.reserve(base64_length(bytes.size()));
  size_t i = 0;
  auto byte = [&bytes](size_t at) { return uint32_t{static_cast<unsigned char>(bytes[at])}; };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t bits = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += {alphabet[bits >> 18], alphabet[(bits >> 12) & 63], alphabet[(bits >> 6) & 63],
            alphabet[bits & 63]};
  }
  if (bytes.size() - i == 1) {
    uint32_t bits = byte(i) << 16;
    out += {alphabet[bits >> 18], alphabet[(bits >> 12) & 63], '=', '='};
  } else if (bytes.size() - i == 2) {
    uint32_t bits = byte(i) << 16 | byte(i + 1) << 8;
    out += {alphabet[bits >> 18], alphabet[(bits >> 12) & 63], alphabet[(bits >> 6) & 63], '='};
  }
  return out;
}

std::optional<std::string> decode_base64(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  size_t padding = 0;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)))
      continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    auto v = value_of(c);
    if (v < 0 || padding > 0)
      return std::nullopt;  // a stray character, or data after the padding
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out.push_back(static_cast<char>((bits >> 16) & 0xFF));
      out.push_back(static_cast<char>((bits >> 8) & 0xFF));
      out.push_back(static_cast<char>(bits & 0xFF));
      bits = 0;
      count = 0;
    }
  }
  if (count == 1 || padding > 2)
    return std::nullopt;
  if (count == 2) {
    out.push_back(static_cast<char>((bits >> 4) & 0xFF));
  } else if (count == 3) {
    out.push_back(static_cast<char>((bits >> 10) & 0xFF));
    out.push_back(static_cast<char>((bits >> 2) & 0xFF));
  }
  return out;
}

}  // namespace broadside::api
