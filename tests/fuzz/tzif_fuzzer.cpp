// TZif files (schedule/tzif.hpp) on any bytes: what parse_tzif accepts keeps
// the shape it promises, its POSIX footer is read as zone_lookup reads it, and
// the zone made of both finds each instant again from its wall time.

#include "schedule/posix_tz_rule.hpp"
#include "schedule/time_zone.hpp"
#include "schedule/tzif.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace {

// The instants schedules ask about: Frequency years are 1970..2099.
constexpr int64_t first_s = 0;                  // 1970-01-01
constexpr int64_t last_s = 4'102'444'800;       // 2100-01-01
constexpr int64_t probe_step_s = 97 * 86'400;  // a few dozen probes a century, on varied days
constexpr int32_t widest_offset_s = 26 * 3600;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace broadside::schedule;
  auto parsed = parse_tzif({reinterpret_cast<const char*>(data), size});
  if (!parsed)
    return 0;
  // Changes in time order, each from the offset the one before left, and
  // none that keeps the offset.
  int32_t offset = parsed->initial_offset;
  for (size_t i = 0; i < parsed->changes.size(); ++i) {
    const auto& change = parsed->changes[i];
    if (change.before != offset || change.after == change.before ||
        (i > 0 && change.at <= parsed->changes[i - 1].at))
      std::abort();
    offset = change.after;
  }

  std::optional<posix_tz_rule> rule;
  if (!parsed->footer.empty()) {
    rule = parse_posix_tz(parsed->footer);
    if (!rule)
      return 0;  // zone_lookup refuses the file
  }
  time_zone zone{"fuzz", parsed->initial_offset, parsed->changes, rule};
  // time_zone assumes offsets within 26 hours and changes days apart, as in
  // real zones: where both hold, every instant is found again from its wall time.
  bool real_offsets = std::abs(parsed->initial_offset) < widest_offset_s &&
                      std::all_of(parsed->changes.begin(), parsed->changes.end(),
                                  [](const offset_change& c) {
                                    return std::abs(c.after) < widest_offset_s;
                                  });
  if (rule) {
    real_offsets = real_offsets && std::abs(rule->standard_offset) < widest_offset_s &&
                   (!rule->daylight || std::abs(rule->daylight->offset) < widest_offset_s);
  }
  // At most one change within two widest offsets of the instant.
  auto isolated = [&zone](int64_t instant) {
    const int64_t reach = 2 * int64_t{widest_offset_s};
    const auto change = zone.last_change_at_or_before(instant + reach);
    if (!change || change->at <= instant - reach)
      return true;
    const auto previous = zone.last_change_at_or_before(change->at - 1);
    return !previous || previous->at <= instant - reach;
  };
  auto ask = [&](int64_t instant) {
    instant = std::clamp(instant, first_s, last_s);
    const int64_t local = instant + zone.offset_at(instant);
    const auto instants = zone.instants_of(local);
    zone.to_utc(local);
    const bool found = std::find(instants.begin(), instants.end(), instant) != instants.end();
    if (real_offsets && isolated(instant) && !found)
      std::abort();
  };
  for (const auto& change : parsed->changes) {
    ask(change.at - 1);
    ask(change.at);
  }
  for (int64_t instant = first_s; instant < last_s; instant += probe_step_s)
    ask(instant);
  return 0;
}
