#include "api/auth/percent_encoding.hpp"

namespace broadside::api {

namespace {

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return std::nullopt;
}

}  // namespace

std::string percent_encode(std::string_view text, bool keep_slashes) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (char c : text) {
    if (is_unreserved(c) || (keep_slashes && c == '/')) {
      encoded.push_back(c);
    } else {
      auto byte = static_cast<unsigned char>(c);
      encoded += {'%', digits[byte >> 4], digits[byte & 0x0f]};
    }
  }
  return encoded;
}

std::optional<std::string> percent_decode(std::string_view text, plus_sign plus, bad_escape bad) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    std::optional<int> high, low;
    if (c == '+' && plus == plus_sign::space) {
      decoded.push_back(' ');
    } else if (c != '%') {
      decoded.push_back(c);
    } else if (i + 2 < text.size() && (high = hex_value(text[i + 1])) &&
               (low = hex_value(text[i + 2]))) {
      decoded.push_back(static_cast<char>(*high * 16 + *low));
      i += 2;
    } else if (bad == bad_escape::keep) {
      decoded.push_back(c);
    } else {
      return std::nullopt;
    }
  }
  return decoded;
}

}  // namespace broadside::api
