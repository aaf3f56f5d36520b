#pragma once

// A job as the JSON texts the job store keeps: its data, and what the
// worker's result reported. Every field under its own name, enums by their
// wire names (ActionCategory, FailureType, ...), so that the texts stay
// readable (sqlite3's json_extract works on them) and survive a reordering of
// the enums. Members missing from a text keep their defaults.

#include "messages/job.hpp"

#include <string>
#include <string_view>

namespace broadside::storage {

// Throws if a string is not UTF-8 (jobs arrive as JSON, so they are).
std::string encode_job_data(const job_data& data);
// Throws std::runtime_error if `text` is not such data.
job_data decode_job_data(std::string_view text);

// r.revision, r.execution, r.output_variables and r.failure.
std::string encode_job_result(const job_record& r);
// Sets those fields of `r` from `text`; throws std::runtime_error if it is not
// such a result.
void decode_job_result(std::string_view text, job_record& r);

}  // namespace broadside::storage
