#include "api/codepipeline_api.hpp"

#include "api/codepipeline_shapes.hpp"
#include "api/job_queue_call.hpp"
#include "api/validation.hpp"
#include "messages/job.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

namespace broadside::api {

namespace {

using json = nlohmann::json;

const value_pattern queryable_value_pattern{"[a-zA-Z0-9_-]+"};
const value_pattern output_variable_key_pattern{"[A-Za-z0-9@\\-_]+"};

// All output variables of one action together (codepipeline-job-worker.md, 3.1.6).
constexpr size_t output_variables_limit_bytes = 122'880;

size_t size_in_bytes(const std::map<std::string, std::string>& variables) {
  size_t n = 0;
  for (const auto& [key, value] : variables)
    n += key.size() + value.size();
  return n;
}

// Operations with no output shape answer an empty body.
json no_output() { return nullptr; }

}  // namespace

codepipeline_api::codepipeline_api(caf::actor_system& system, caf::actor job_queue)
    : bridge_(system), job_queue_(std::move(job_queue)) {}

void codepipeline_api::call(std::string_view operation, const json& input, aws_reply reply) {
  using handler = void (codepipeline_api::*)(const json&, aws_reply);
  static const std::pair<std::string_view, handler> operations[] = {
      {"PollForJobs", &codepipeline_api::poll_for_jobs},
      {"AcknowledgeJob", &codepipeline_api::acknowledge_job},
      {"GetJobDetails", &codepipeline_api::get_job_details},
      {"PutJobSuccessResult", &codepipeline_api::put_job_success_result},
      {"PutJobFailureResult", &codepipeline_api::put_job_failure_result},
  };
  for (const auto& [name, run] : operations)
    if (name == operation)
      return (this->*run)(input, std::move(reply));
  reply(api_error{"UnknownOperationException", ""});
}

void codepipeline_api::poll_for_jobs(const json& input, aws_reply reply) {
  validator v;
  auto type = member(input, "actionTypeId");
  check_action_type_id(v, "actionTypeId", type);
  auto batch = member(input, "maxBatchSize");
  v.integer("maxBatchSize", batch, {1, std::nullopt});
  auto query = member(input, "queryParam");
  v.string_map("queryParam", query, {0, 1}, {1, 50, nullptr}, {1, 50, &queryable_value_pattern});
  if (auto e = v.error())
    return reply(*e);
  // The model has no maximum: more than there can be jobs is as good as any.
  auto max_batch = batch ? std::min<uint64_t>(batch->get<uint64_t>(), UINT32_MAX) : 1;
  call_job_queue<polled_jobs>(
      bridge_, job_queue_,
      broadside::poll_for_jobs{read_action_type_id(*type), static_cast<uint32_t>(max_batch),
                               read_string_map(query)},
      std::move(reply), [](const polled_jobs& polled) -> aws_result {
        auto jobs = json::array();
        for (const auto& j : polled.jobs)
          jobs.push_back(job_json(j));
        return json{{"jobs", std::move(jobs)}};
      });
}

void codepipeline_api::acknowledge_job(const json& input, aws_reply reply) {
  validator v;
  auto id = member(input, "jobId");
  check_job_id(v, "jobId", id);
  auto nonce = member(input, "nonce");
  v.required("nonce", nonce).string("nonce", nonce, {1, 50, nullptr});
  if (auto e = v.error())
    return reply(*e);
  call_job_queue<job_status>(bridge_, job_queue_,
                             broadside::acknowledge_job{read_job_id(*id), nonce->get<std::string>()},
                             std::move(reply), [](job_status s) -> aws_result {
                               return json{{"status", wire_name(s)}};
                             });
}

void codepipeline_api::get_job_details(const json& input, aws_reply reply) {
  validator v;
  auto id = member(input, "jobId");
  check_job_id(v, "jobId", id);
  if (auto e = v.error())
    return reply(*e);
  call_job_queue<job_record>(bridge_, job_queue_, broadside::get_job_details{read_job_id(*id)},
                             std::move(reply), [](const job_record& r) -> aws_result {
                               return json{{"jobDetails", job_details_json(r)}};
                             });
}

void codepipeline_api::put_job_success_result(const json& input, aws_reply reply) {
  validator v;
  auto id = member(input, "jobId");
  check_job_id(v, "jobId", id);
  auto revision = member(input, "currentRevision");
  check_current_revision(v, "currentRevision", revision);
  auto token = member(input, "continuationToken");
  v.string("continuationToken", token, {1, 2048, nullptr});
  auto details = member(input, "executionDetails");
  check_execution_details(v, "executionDetails", details);
  auto variables = member(input, "outputVariables");
  v.string_map("outputVariables", variables, {}, {0, SIZE_MAX, &output_variable_key_pattern}, {});
  if (auto e = v.error())
    return reply(*e);
  // Both rules are the model's documentation's; which error the first gives
  // is not documented (codepipeline-job-worker.md, open question 3).
  if (token && variables)
    return reply(api_error{"ValidationException",
                           "outputVariables can be included only when there is no continuation "
                           "token on the request"});
  auto output_variables = read_string_map(variables);
  if (size_in_bytes(output_variables) > output_variables_limit_bytes)
    return reply(api_error{"OutputVariablesSizeExceededException",
                           "The output variables of an action may not exceed "
                               + std::to_string(output_variables_limit_bytes)
                               + " bytes in total"});
  call_job_queue<job_success_recorded>(
      bridge_, job_queue_,
      broadside::put_job_success_result{read_job_id(*id), read_current_revision(revision),
                                        token ? token->get<std::string>() : std::string{},
                                        read_execution_details(details),
                                        std::move(output_variables)},
      std::move(reply), [](const job_success_recorded&) -> aws_result { return no_output(); });
}

void codepipeline_api::put_job_failure_result(const json& input, aws_reply reply) {
  validator v;
  auto id = member(input, "jobId");
  check_job_id(v, "jobId", id);
  auto details = member(input, "failureDetails");
  check_failure_details(v, "failureDetails", details);
  if (auto e = v.error())
    return reply(*e);
  call_job_queue<job_status>(
      bridge_, job_queue_,
      broadside::put_job_failure_result{read_job_id(*id), read_failure_details(*details)},
      std::move(reply), [](job_status) -> aws_result { return no_output(); });
}

}  // namespace broadside::api
