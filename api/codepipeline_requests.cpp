#include "api/codepipeline_requests.hpp"

#include "api/codepipeline_shapes.hpp"
#include "api/validation.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace broadside::api {

namespace {

using json = nlohmann::json;

const value_pattern queryable_value_pattern{"[a-zA-Z0-9_-]+"};
const value_pattern output_variable_key_pattern{"[A-Za-z0-9@\\-_]+"};

// All output variables of one action together (codepipeline-job-worker.md, 3.1.6).
constexpr size_t output_variables_limit_bytes = 122'880;

// Only custom actions have job workers (PollForJobs is "valid only for
// action types with Custom in the owner field").
constexpr std::array<std::string_view, 1> job_worker_owners{"Custom"};

size_t size_in_bytes(const std::map<std::string, std::string>& variables) {
  size_t n = 0;
  for (const auto& [key, value] : variables)
    n += key.size() + value.size();
  return n;
}

}  // namespace

std::variant<poll_for_jobs, api_error> read_poll_for_jobs(const json& input) {
  validator v;
  auto type = member(input, "actionTypeId");
  check_action_type_id(v, "actionTypeId", type);
  auto batch = member(input, "maxBatchSize");
  v.integer("maxBatchSize", batch, {1, std::nullopt});
  auto query = member(input, "queryParam");
  v.string_map("queryParam", query, {0, 1}, {1, 50, nullptr}, {1, 50, &queryable_value_pattern});
  if (auto e = v.error())
    return *e;
  // The model has no maximum: more than there can be jobs is as good as any.
  auto max_batch = batch ? std::min<uint64_t>(batch->get<uint64_t>(), UINT32_MAX) : 1;
  return poll_for_jobs{read_action_type_id(*type), static_cast<uint32_t>(max_batch),
                       read_string_map(query)};
}

std::variant<acknowledge_job, api_error> read_acknowledge_job(const json& input) {
  validator v;
  auto id = member(input, "jobId");
  check_job_id(v, "jobId", id);
  auto nonce = member(input, "nonce");
  v.required("nonce", nonce).string("nonce", nonce, {1, 50, nullptr});
  if (auto e = v.error())
    return *e;
  return acknowledge_job{read_job_id(*id), nonce->get<std::string>()};
}

std::variant<get_job_details, api_error> read_get_job_details(const json& input) {
  validator v;
  auto id = member(input, "jobId");
  check_job_id(v, "jobId", id);
  if (auto e = v.error())
    return *e;
  return get_job_details{read_job_id(*id)};
}

std::variant<put_job_success_result, api_error> read_put_job_success_result(const json& input) {
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
    return *e;
  // Both rules are the model's documentation's; which error the first gives
  // is not documented (codepipeline-job-worker.md, open question 3).
  if (token && variables)
    return api_error{"ValidationException",
                     "outputVariables can be included only when there is no continuation "
                     "token on the request"};
  auto output_variables = read_string_map(variables);
  if (size_in_bytes(output_variables) > output_variables_limit_bytes)
    return api_error{"OutputVariablesSizeExceededException",
                     "The output variables of an action may not exceed "
                         + std::to_string(output_variables_limit_bytes) + " bytes in total"};
  return put_job_success_result{read_job_id(*id), read_current_revision(revision),
                                token ? token->get<std::string>() : std::string{},
                                read_execution_details(details), std::move(output_variables)};
}

std::variant<put_job_failure_result, api_error> read_put_job_failure_result(const json& input) {
  validator v;
  auto id = member(input, "jobId");
  check_job_id(v, "jobId", id);
  auto details = member(input, "failureDetails");
  check_failure_details(v, "failureDetails", details);
  if (auto e = v.error())
    return *e;
  return put_job_failure_result{read_job_id(*id), read_failure_details(*details)};
}

std::variant<create_job, api_error> read_create_job(const json& input) {
  validator v;
  check_job_data(v, input);
  auto owner = member(member(input, "actionTypeId"), "owner");
  if (owner && owner->is_string() && parse_action_owner(owner->get<std::string>()))
    v.enumeration("actionTypeId.owner", owner, job_worker_owners);
  if (auto e = v.error())
    return *e;
  return create_job{read_job_data(input)};
}

}  // namespace broadside::api
