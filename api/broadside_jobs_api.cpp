#include "api/broadside_jobs_api.hpp"

#include "api/codepipeline_requests.hpp"
#include "api/job_queue_call.hpp"
#include "messages/job.hpp"

#include <utility>
#include <variant>

namespace broadside::api {

broadside_jobs_api::broadside_jobs_api(caf::actor_system& system, caf::actor job_queue)
    : bridge_(system), job_queue_(std::move(job_queue)) {}

void broadside_jobs_api::call(std::string_view operation, const nlohmann::json& input,
                              aws_reply reply) {
  if (operation != "CreateJob")
    return reply(api_error{"UnknownOperationException", ""});
  auto read = read_create_job(input);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  call_job_queue<uuid>(bridge_, job_queue_, std::get<create_job>(std::move(read)), std::move(reply),
                       [](const uuid& id) -> aws_result {
                         return nlohmann::json{{"jobId", to_string(id)}};
                       });
}

}  // namespace broadside::api
