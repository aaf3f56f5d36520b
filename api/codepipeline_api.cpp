#include "api/codepipeline_api.hpp"

#include "api/codepipeline_requests.hpp"
#include "api/codepipeline_shapes.hpp"
#include "api/job_queue_call.hpp"
#include "messages/job.hpp"

#include <utility>
#include <variant>

namespace broadside::api {

namespace {

using json = nlohmann::json;

// Operations with no output shape answer an empty body.
json no_output() { return nullptr; }

// Reads the input with `read` and, if it is a request, sends it to the job
// queue, answering `reply` with `output(Answer&)`.
template <class Answer, class Request, class Output>
void read_and_call(const api_bridge& bridge, const caf::actor& job_queue,
                   std::variant<Request, api_error> read, aws_reply reply, Output output) {
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  call_job_queue<Answer>(bridge, job_queue, std::get<Request>(std::move(read)), std::move(reply),
                         std::move(output));
}

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
  read_and_call<polled_jobs>(bridge_, job_queue_, read_poll_for_jobs(input), std::move(reply),
                             [](const polled_jobs& polled) -> aws_result {
                               auto jobs = json::array();
                               for (const auto& j : polled.jobs)
                                 jobs.push_back(job_json(j));
                               return json{{"jobs", std::move(jobs)}};
                             });
}

void codepipeline_api::acknowledge_job(const json& input, aws_reply reply) {
  read_and_call<job_status>(bridge_, job_queue_, read_acknowledge_job(input), std::move(reply),
                            [](job_status s) -> aws_result {
                              return json{{"status", wire_name(s)}};
                            });
}

void codepipeline_api::get_job_details(const json& input, aws_reply reply) {
  read_and_call<job_record>(bridge_, job_queue_, read_get_job_details(input), std::move(reply),
                            [](const job_record& r) -> aws_result {
                              return json{{"jobDetails", job_details_json(r)}};
                            });
}

void codepipeline_api::put_job_success_result(const json& input, aws_reply reply) {
  read_and_call<job_success_recorded>(
      bridge_, job_queue_, read_put_job_success_result(input), std::move(reply),
      [](const job_success_recorded&) -> aws_result { return no_output(); });
}

void codepipeline_api::put_job_failure_result(const json& input, aws_reply reply) {
  read_and_call<job_status>(bridge_, job_queue_, read_put_job_failure_result(input),
                            std::move(reply), [](job_status) -> aws_result { return no_output(); });
}

}  // namespace broadside::api
