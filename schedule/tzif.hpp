#pragma once

// TZif files (RFC 8536), as found under /usr/share/zoneinfo.

#include "schedule/offset_change.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace broadside::schedule {

struct tzif_data {
  int32_t initial_offset = 0;          // before the first transition: time type 0
  std::vector<offset_change> changes;  // in time order; type changes that keep the offset are left out
  std::string footer;                  // the POSIX TZ rule after the last transition; v1 files have none
};

// nullopt when the bytes are not a well-formed TZif file. Version 2+ files are
// read from their 64-bit section.
std::optional<tzif_data> parse_tzif(std::string_view bytes);

}  // namespace broadside::schedule
