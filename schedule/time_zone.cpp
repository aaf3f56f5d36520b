#include "schedule/time_zone.hpp"

#include "schedule/civil_time.hpp"

#include <algorithm>
#include <utility>

namespace broadside::schedule {

namespace {

// UTC offsets stay within ±26 hours, so every instant of a wall time lies
// within this distance of it.
constexpr int64_t widest_offset = 26 * 3600;

}  // namespace

time_zone time_zone::fixed(std::string name, int32_t offset_seconds) {
  return time_zone(std::move(name), offset_seconds, {}, std::nullopt);
}

time_zone::time_zone(std::string name, int32_t initial_offset, std::vector<offset_change> changes,
                     std::optional<posix_tz_rule> rule_after_changes)
    : name_(std::move(name)),
      initial_offset_(initial_offset),
      changes_(std::move(changes)),
      rule_(std::move(rule_after_changes)) {}

std::optional<offset_change> time_zone::last_change_at_or_before(int64_t utc_seconds) const {
  std::optional<offset_change> found;
  const auto after = std::upper_bound(changes_.begin(), changes_.end(), utc_seconds,
                                      [](int64_t instant, const offset_change& change) { return instant < change.at; });
  if (after != changes_.begin()) found = *(after - 1);
  if (!rule_ || !rule_->daylight || (!changes_.empty() && utc_seconds < changes_.back().at)) return found;

  // Past the table: the rule's changes around this year (a change of next
  // year's rule can fall on this year's last UTC day, east of Greenwich).
  const int year = civil_from_seconds(utc_seconds).year;
  for (int y = year - 1; y <= year + 1; ++y) {
    for (const auto& change : changes_in_year(*rule_, y)) {
      const bool after_table = changes_.empty() || change.at > changes_.back().at;
      if (after_table && change.at <= utc_seconds && (!found || change.at > found->at)) found = change;
    }
  }
  return found;
}

int32_t time_zone::offset_at(int64_t utc_seconds) const {
  const bool past_table = changes_.empty() || utc_seconds >= changes_.back().at;
  if (rule_ && !rule_->daylight && past_table) return rule_->standard_offset;
  const auto change = last_change_at_or_before(utc_seconds);
  return change ? change->after : initial_offset_;
}

std::vector<int64_t> time_zone::instants_of(int64_t local_seconds) const {
  std::vector<int64_t> instants;
  for (const int64_t probe : {local_seconds - widest_offset, local_seconds, local_seconds + widest_offset}) {
    const int64_t instant = local_seconds - offset_at(probe);
    if (offset_at(instant) + instant == local_seconds) instants.push_back(instant);
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  return instants;
}

int64_t time_zone::to_utc(int64_t local_seconds) const {
  // Usually no change lies within reach of the wall time: one offset, one instant.
  const auto nearest_change = last_change_at_or_before(local_seconds + widest_offset);
  if (!nearest_change || nearest_change->at <= local_seconds - widest_offset) {
    return local_seconds - offset_at(local_seconds);
  }
  const auto instants = instants_of(local_seconds);
  if (!instants.empty()) return instants.front();
  // In a gap: the offset before it is the one whose change lies just behind
  // the instant it gives.
  for (const int64_t probe : {local_seconds - widest_offset, local_seconds, local_seconds + widest_offset}) {
    const int32_t offset = offset_at(probe);
    const auto change = last_change_at_or_before(local_seconds - offset);
    if (change && change->before == offset && change->after > offset) return local_seconds - offset;
  }
  return local_seconds - offset_at(local_seconds);
}

}  // namespace broadside::schedule
