// Cloud Assistant's Frequency (schedule/frequency.hpp) on any text: what
// parse_frequency accepts has a fire after its creation time, and each fire
// next_fire_ms gives is strictly after the instant asked from and the first
// one after it.

#include "schedule/frequency.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

// Creation times: the start of the range, the "now" of docs/schedules.md's
// examples, mid-second on the night Los Angeles springs forward, the last
// minute of the range (Frequency years end with 2099).
constexpr int64_t nows_ms[] = {0, 1'640'995'200'000, 1'710'064'799'500, 4'102'444'740'000};
constexpr int fires_checked = 8;

void check(std::string_view text, int64_t now_ms) {
  using namespace broadside::schedule;
  auto parsed = parse_frequency(text, now_ms);
  const auto* schedule = std::get_if<frequency>(&parsed);
  if (!schedule)
    return;
  // Expired expressions are refused, so an accepted one fires at least once.
  if (!next_fire_ms(*schedule, now_ms))
    std::abort();
  int64_t after = now_ms;
  for (int i = 0; i < fires_checked; ++i) {
    auto fire = next_fire_ms(*schedule, after);
    if (!fire)
      break;
    if (*fire <= after)
      std::abort();
    // No fire lies between `after` and `fire`, so from just before it, it is next.
    if (next_fire_ms(*schedule, *fire - 1) != fire)
      std::abort();
    after = *fire;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (int64_t now_ms : nows_ms)
    check({reinterpret_cast<const char*>(data), size}, now_ms);
  return 0;
}
