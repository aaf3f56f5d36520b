#pragma once

// CodePipeline's shapes (botocore's codepipeline/2015-07-09 model) in JSON:
// the checks of the input shapes a job worker sends and of the job data
// CreateJob takes, reading them once checked, and the output shapes.
// Member names are the model's lowerCamelCase; "check" functions take the
// path of the shape in the input ("actionTypeId", "failureDetails").

#include "api/validation.hpp"
#include "messages/account.hpp"
#include "messages/job.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace broadside::api {


extern const value_pattern job_id_pattern;  // the model's JobId: a lowercase UUID

// -- input: check, then read (reading assumes the check passed) ---------------

void check_job_id(validator& v, std::string_view path, const nlohmann::json* value);
void check_action_type_id(validator& v, std::string_view path, const nlohmann::json* value);
void check_current_revision(validator& v, std::string_view path, const nlohmann::json* value);
void check_execution_details(validator& v, std::string_view path, const nlohmann::json* value);
void check_failure_details(validator& v, std::string_view path, const nlohmann::json* value);
// JobData's members at the top of `input` (CreateJob), but continuationToken.
void check_job_data(validator& v, const nlohmann::json& input);

uuid read_job_id(const nlohmann::json& value);
action_type_id read_action_type_id(const nlohmann::json& value);
current_revision read_current_revision(const nlohmann::json* value);    // null: none
execution_details read_execution_details(const nlohmann::json* value);  // null: none
failure_details read_failure_details(const nlohmann::json& value);
job_data read_job_data(const nlohmann::json& input);
// A map of strings (checked), empty if not given.
std::map<std::string, std::string> read_string_map(const nlohmann::json* value);

// -- output ------------------------------------------------------------------

nlohmann::json action_type_id_json(const action_type_id& x);
nlohmann::json job_data_json(const job_data& x);
nlohmann::json job_json(const job& x);                  // Job: id, data, nonce, accountId
nlohmann::json job_details_json(const job_record& x);   // JobDetails: id, data, accountId

}  // namespace broadside::api
