#pragma once

// Times as the APIs write them.

#include <cstdint>
#include <string>

namespace broadside::api {

// "2020-02-19T18:18:03.419Z" (SSM), and ISO-8601 durations such as "PT0.091S".
std::string iso_time(int64_t unix_ms);
std::string iso_duration(int64_t ms);
// "2019-12-20T06:15:56Z", as Cloud Assistant writes times.
std::string iso_time_seconds(int64_t unix_ms);

}  // namespace broadside::api
