#pragma once

#include <cstdint>

namespace broadside::schedule {

// The instant (UTC seconds) a zone's UTC offset changes, with the offsets
// (seconds east of UTC) before and after it.
struct offset_change {
  int64_t at = 0;
  int32_t before = 0;
  int32_t after = 0;
};

}  // namespace broadside::schedule
