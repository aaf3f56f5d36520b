#include "api/broadside_jobs_api.hpp"

#include "api/codepipeline_shapes.hpp"
#include "api/job_queue_call.hpp"
#include "api/validation.hpp"
#include "messages/job.hpp"

#include <array>
#include <utility>

namespace broadside::api {

namespace {

// Only custom actions have job workers (PollForJobs is "valid only for
// action types with Custom in the owner field").
constexpr std::array<std::string_view, 1> job_worker_owners{"Custom"};

}  // namespace

broadside_jobs_api::broadside_jobs_api(caf::actor_system& system, caf::actor job_queue)
    : bridge_(system), job_queue_(std::move(job_queue)) {}

void broadside_jobs_api::call(std::string_view operation, const nlohmann::json& input,
                              aws_reply reply) {
  if (operation != "CreateJob")
    return reply(api_error{"UnknownOperationException", ""});
  validator v;
  check_job_data(v, input);
  auto owner = member(member(input, "actionTypeId"), "owner");
  if (owner && owner->is_string() && parse_action_owner(owner->get<std::string>()))
    v.enumeration("actionTypeId.owner", owner, job_worker_owners);
  if (auto e = v.error())
    return reply(*e);
  call_job_queue<uuid>(bridge_, job_queue_, create_job{read_job_data(input)}, std::move(reply),
                       [](const uuid& id) -> aws_result {
                         return nlohmann::json{{"jobId", to_string(id)}};
                       });
}

}  // namespace broadside::api
