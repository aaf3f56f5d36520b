#include "api/page_token.hpp"

#include <cstdio>

namespace broadside::api {

std::string token_of(const page_position& p) {
  return "bs1." + std::to_string(p.sequence) + "." + std::to_string(p.target);
}

std::optional<page_position> position_of(const std::string& token) {
  unsigned long long sequence = 0, target = 0;
  char tail = 0;
  if (std::sscanf(token.c_str(), "bs1.%llu.%llu%c", &sequence, &target, &tail) != 2
      || token_of({sequence, static_cast<uint32_t>(target)}) != token)
    return std::nullopt;
  return page_position{sequence, static_cast<uint32_t>(target)};
}

}  // namespace broadside::api
