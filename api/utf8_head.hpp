#pragma once

// Heads of command output for answers that show only so much of it (SSM's
// 24,000 and 2,500 byte views, Cloud Assistant's 24 KB Output).

#include <cstddef>
#include <string_view>

namespace broadside::api {

// The longest head of `text` of at most `max` bytes that does not cut a
// UTF-8 character in two.
std::string_view utf8_head(std::string_view text, size_t max);

}  // namespace broadside::api
