#include "schedule/period_limits.hpp"

#include <algorithm>

namespace broadside::schedule {

namespace {

// Rates and cron fires are whole seconds.
std::string seconds(int64_t ms) { return std::to_string(ms / 1000) + " s"; }

std::optional<std::string> rate_problem(const rate_frequency& rate, int64_t timeout_ms) {
  auto interval = "the rate's interval " + seconds(rate.interval_ms);
  if (rate.interval_ms < minimum_rate_interval_ms)
    return interval + " is below " + seconds(minimum_rate_interval_ms);
  if (rate.interval_ms > maximum_rate_interval_ms)
    return interval + " is above 7 days";
  if (rate.interval_ms <= timeout_ms)
    return interval + " is not greater than the Timeout " + seconds(timeout_ms);
  return std::nullopt;
}

std::optional<std::string> cron_problem(const frequency& cron, int64_t timeout_ms, int64_t now_ms) {
  auto floor = std::max(minimum_cron_interval_ms, timeout_ms);
  auto previous = next_fire_ms(cron, now_ms);
  for (int i = 1; previous && i < cron_interval_sample; ++i) {
    auto next = next_fire_ms(cron, *previous);
    if (!next)
      break;
    auto gap = *next - *previous;
    if (gap < floor) {
      auto interval = "the cron expression's minimum interval " + seconds(gap);
      if (gap < minimum_cron_interval_ms)
        return interval + " is below " + seconds(minimum_cron_interval_ms);
      return interval + " is below the Timeout " + seconds(timeout_ms);
    }
    previous = next;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> period_frequency_problem(const frequency& f, int64_t timeout_seconds,
                                                    int64_t now_ms) {
  auto timeout_ms = timeout_seconds * 1000;
  if (const auto* rate = std::get_if<rate_frequency>(&f))
    return rate_problem(*rate, timeout_ms);
  if (std::holds_alternative<cron_frequency>(f))
    return cron_problem(f, timeout_ms, now_ms);
  return std::nullopt;
}

}  // namespace broadside::schedule
