#pragma once

// Cloud Assistant's `Frequency` parameter: `rate(5m)`, `at(2022-06-06 13:15:30
// Asia/Shanghai)` or a Quartz-like cron expression with an optional year and
// time zone (docs/schedules.md), and the instants it fires at.

#include "schedule/cron_expression.hpp"
#include "schedule/schedule_error.hpp"
#include "schedule/time_zone.hpp"
#include "schedule/zone_lookup.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace broadside::schedule {

// Cloud Assistant's bounds on a rate's interval.
inline constexpr int64_t minimum_rate_interval_ms = 60'000;
inline constexpr int64_t maximum_rate_interval_ms = 7 * 86'400'000LL;

// Fixed rate, start to start; the first run is one interval after creation.
struct rate_frequency {
  int64_t interval_ms = 0;
  int64_t created_ms = 0;
};

// Once, at an instant.
struct at_frequency {
  int64_t fire_ms = 0;
};

struct cron_frequency {
  cron_expression expression;
  time_zone zone;
};

using frequency = std::variant<rate_frequency, at_frequency, cron_frequency>;

struct frequency_error {
  schedule_error code;
  std::string message;  // the agent's ErrorInfo, then what exactly is wrong
};

// `now_ms` (UTC milliseconds since the epoch) is the creation time: rates
// count from it, and at/cron expressions with no fire time after it are
// expired.
std::variant<frequency, frequency_error> parse_frequency(std::string_view text, int64_t now_ms,
                                                         const zone_settings& zones = {});

// Whether `text` is of a kind only newer agents schedule: rate(), at(), and
// cron with a year or a time zone (docs/error-codes.md, ClientNeedUpgrade).
bool needs_newer_agent(std::string_view text);

// The first fire time strictly after `after_ms`; nullopt when none is left.
std::optional<int64_t> next_fire_ms(const frequency& schedule, int64_t after_ms);

}  // namespace broadside::schedule
