#include "schedule/schedule_error.hpp"

namespace broadside::schedule {

namespace {

struct error_text {
  std::string_view code;
  std::string_view message;
};

// From the "Running scheduled commands" table of Cloud Assistant's
// execution-result errors (shared/spec/seed-cloud-assistant-execution-results.txt).
error_text text_of(schedule_error error) {
  switch (error) {
    case schedule_error::bad_cron_expression:
      return {"BadCronExpression", "The specified cron expression is invalid."};
    case schedule_error::cron_expression_expired:
      return {"CronExpressionExpired",
              "The cron expression has expired. The corresponding scheduled task will not be executed."};
    case schedule_error::invalid_gmt_offset:
      return {"InvalidGMTOffsetForTimezone",
              "The format of the GMT offset time zone specified in the cron expression is invalid."};
    case schedule_error::invalid_gmt_offset_hour:
      return {"InvalidGMTOffsetHourForTimezone",
              "The GMT offset hour value specified in the cron expression is invalid."};
    case schedule_error::invalid_gmt_offset_minute:
      return {"InvalidGMTOffsetMinuteForTimezone",
              "The GMT offset minute value specified in the cron expression is invalid."};
    case schedule_error::timezone_information_corrupt:
      return {"TimezoneInformationCorrupt",
              "The Cloud Assistant Agent cannot parse the time zone information because the time zone "
              "file is corrupted or for other reasons."};
    case schedule_error::invalid_rate_expression:
      return {"InvalidRateExpression", "The Rate expression is invalid."};
    case schedule_error::rate_frequency_too_large:
      return {"RateFrequencyTooLarge",
              "The scheduled execution frequency specified in the Rate expression is too high."};
    case schedule_error::invalid_at_expression:
      return {"InvalidAtExpression", "The timestamp (At expression) is invalid."};
    case schedule_error::at_expression_expired:
      return {"AtExpressionExpired",
              "The timestamp (At expression) has expired. The corresponding scheduled task will not be "
              "executed."};
  }
  return {"BadCronExpression", "The specified cron expression is invalid."};
}

}  // namespace

std::string_view wire_name(schedule_error error) { return text_of(error).code; }

std::string_view error_message(schedule_error error) { return text_of(error).message; }

}  // namespace broadside::schedule
