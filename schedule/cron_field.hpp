#pragma once

// One numeric field of a Quartz cron expression: `*`, values, names, lists
// (`,`), ranges (`-`, wrapping around like Quartz's `FRI-MON` or `22-2`) and
// steps (`/`: `0/30`, `*/5`, `10-40/5`).

#include <optional>
#include <string_view>
#include <vector>

namespace broadside::schedule {

struct cron_field_spec {
  int min = 0;
  int max = 0;
  // Names for min, min+1, ... (JAN..DEC, SUN..SAT), matched case-insensitively.
  std::vector<std::string_view> names;
  bool ranges_wrap = true;  // years do not wrap
};

// The values the field allows, indexed by value (size max + 1); nullopt when
// the text is not a valid field.
std::optional<std::vector<bool>> parse_cron_field(std::string_view text, const cron_field_spec& spec);

// One value or name of the field, nullopt when invalid or out of range.
std::optional<int> parse_cron_value(std::string_view text, const cron_field_spec& spec);

}  // namespace broadside::schedule
