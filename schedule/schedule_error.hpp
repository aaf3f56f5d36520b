#pragma once

// The errors a Cloud Assistant `Frequency` can fail with, as the agent reports
// them per instance (ErrorCode / ErrorInfo). Wire spellings live only in
// schedule_error.cpp.

#include <string_view>

namespace broadside::schedule {

enum class schedule_error {
  bad_cron_expression,
  cron_expression_expired,
  invalid_gmt_offset,
  invalid_gmt_offset_hour,
  invalid_gmt_offset_minute,
  timezone_information_corrupt,
  invalid_rate_expression,
  rate_frequency_too_large,
  invalid_at_expression,
  at_expression_expired,
};

// The ErrorCode, e.g. "BadCronExpression".
std::string_view wire_name(schedule_error error);

// The agent's English ErrorInfo sentence for the code.
std::string_view error_message(schedule_error error);

}  // namespace broadside::schedule
