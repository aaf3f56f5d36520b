#pragma once

// A time zone as a schedule sees it: UTC offsets over time. A fixed offset
// (UTC, GMT+8:00) has no changes; an IANA zone has its TZif transitions and,
// after the last one, its POSIX rule.

#include "schedule/offset_change.hpp"
#include "schedule/posix_tz_rule.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace broadside::schedule {

class time_zone {
 public:
  static time_zone fixed(std::string name, int32_t offset_seconds);
  time_zone(std::string name, int32_t initial_offset, std::vector<offset_change> changes,
            std::optional<posix_tz_rule> rule_after_changes);

  const std::string& name() const { return name_; }

  // Seconds east of UTC at a UTC instant (seconds since the epoch).
  int32_t offset_at(int64_t utc_seconds) const;

  // The latest offset change at or before a UTC instant.
  std::optional<offset_change> last_change_at_or_before(int64_t utc_seconds) const;

  // Every UTC instant whose local wall time is `local_seconds` (a wall time
  // counted as seconds since 1970-01-01T00:00:00): none in a gap (clocks
  // jumped over it), two in an overlap (clocks were set back), else one.
  std::vector<int64_t> instants_of(int64_t local_seconds) const;

  // The one instant a schedule uses for a wall time: in an overlap the first
  // occurrence; in a gap the wall time read with the offset before the gap,
  // i.e. moved forward by the gap's length (02:30 on a spring-forward night
  // in Los Angeles is 03:30 PDT), as Quartz does through a lenient
  // java.util.Calendar.
  int64_t to_utc(int64_t local_seconds) const;

 private:
  std::string name_;
  int32_t initial_offset_;
  std::vector<offset_change> changes_;
  std::optional<posix_tz_rule> rule_;
};

}  // namespace broadside::schedule
