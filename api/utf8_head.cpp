#include "api/utf8_head.hpp"

namespace broadside::api {

std::string_view utf8_head(std::string_view text, size_t max) {
  if (text.size() <= max)
    return text;
  auto n = max;
  // Back off continuation bytes (10xxxxxx) to the start of a character.
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
    --n;
  return text.substr(0, n);
}

}  // namespace broadside::api
