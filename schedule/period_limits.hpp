#pragma once

// What RunCommand / InvokeCommand check about a Period task's Frequency at
// request time, beyond its syntax (shared/spec/cloud-assistant.md §3): a rate
// must lie in 60 s .. 7 days and exceed the task's Timeout; a cron
// expression's minimum interval between consecutive fires must be at least
// the Timeout and at least 10 s. A failure is the API's
// `InvalidParam.Frequency`.

#include "schedule/frequency.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace broadside::schedule {

inline constexpr int64_t minimum_cron_interval_ms = 10'000;

// A cron expression's minimum interval is measured over this many upcoming
// fires (bounded work; an expression whose fires crowd together only later,
// on a day outside the sample, passes).
inline constexpr int cron_interval_sample = 1000;

// Why `f` may not be the Frequency of a task with this Timeout (seconds),
// asked at `now_ms`; nullopt if it may. An at() fires once and always may.
std::optional<std::string> period_frequency_problem(const frequency& f, int64_t timeout_seconds,
                                                    int64_t now_ms);

}  // namespace broadside::schedule
