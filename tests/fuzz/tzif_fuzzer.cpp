// TZif files (schedule/tzif.hpp) on any bytes: what parse_tzif accepts keeps
// the shape it promises, its POSIX footer is read as zone_lookup reads it, and
// the zone made of both answers the questions a schedule asks of it.

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
  auto ask = [&zone](int64_t instant) {
    instant = std::clamp(instant, first_s, last_s);
    const int64_t local = instant + zone.offset_at(instant);
    zone.instants_of(local);
    zone.to_utc(local);
  };
  for (const auto& change : parsed->changes) {
    ask(change.at - 1);
    ask(change.at);
  }
  for (int64_t instant = first_s; instant < last_s; instant += probe_step_s)
    ask(instant);
  return 0;
}
