#pragma once

// The input documents of CodePipeline's job-worker operations and of
// Broadside_Jobs.CreateJob, checked against botocore's codepipeline/2015-07-09
// model (api/codepipeline_shapes) and read into the job queue's requests. No
// actors here: every function takes any JSON value and gives the request or
// the error the client gets, never throws. tests/fuzz/codepipeline_request_fuzzer
// feeds them anything.

#include "api/aws_json.hpp"
#include "messages/job.hpp"

#include <nlohmann/json.hpp>

#include <variant>

namespace broadside::api {

std::variant<poll_for_jobs, api_error> read_poll_for_jobs(const nlohmann::json& input);
std::variant<acknowledge_job, api_error> read_acknowledge_job(const nlohmann::json& input);
std::variant<get_job_details, api_error> read_get_job_details(const nlohmann::json& input);
std::variant<put_job_success_result, api_error> read_put_job_success_result(
    const nlohmann::json& input);
std::variant<put_job_failure_result, api_error> read_put_job_failure_result(
    const nlohmann::json& input);
std::variant<create_job, api_error> read_create_job(const nlohmann::json& input);

}  // namespace broadside::api
