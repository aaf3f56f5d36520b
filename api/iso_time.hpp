#pragma once

// Times as the SSM API writes them (api/auth/utc_time.hpp has the others).

#include <cstdint>
#include <string>

namespace broadside::api {

// "2020-02-19T18:18:03.419Z" (SSM), and ISO-8601 durations such as "PT0.091S".
std::string iso_time(int64_t unix_ms);
std::string iso_duration(int64_t ms);

}  // namespace broadside::api
