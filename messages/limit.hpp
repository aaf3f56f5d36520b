#pragma once

// MaxConcurrency and MaxErrors: wire strings such as "50" or "10%", resolved
// against a command's target count.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace broadside {

struct limit {
  uint32_t value = 0;
  bool percent = false;

  friend bool operator==(const limit& a, const limit& b) {
    return a.value == b.value && a.percent == b.percent;
  }
};

// Patterns of the SSM model: MaxConcurrency ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$,
// MaxErrors ^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$, both 1..7 characters.
std::optional<limit> parse_max_concurrency(std::string_view wire);
std::optional<limit> parse_max_errors(std::string_view wire);

std::string to_wire(const limit& x);

// A percentage rounds down but never below 1 (StackSets' documented rule;
// SSM does not document one).
uint32_t resolve_max_concurrency(const limit& x, uint32_t target_count);

// A percentage rounds down; the command halts when errors exceed the result.
uint32_t resolve_max_errors(const limit& x, uint32_t target_count);

}  // namespace broadside
