#pragma once

// CodePipeline's job-worker operations (X-Amz-Target prefix
// CodePipeline_20150709): PollForJobs, AcknowledgeJob, GetJobDetails,
// PutJobSuccessResult, PutJobFailureResult. Each input is read into a request
// (api/codepipeline_requests), handed to the job_queue actor, and its answer
// written in the model's output shape (docs/codepipeline.md).

#include "api/actor_call.hpp"
#include "api/aws_json.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

namespace broadside::api {

class codepipeline_api final : public aws_json_service {
public:
  // `job_queue`: a job_queue actor (actors/job_queue.hpp) running in
  // `system`; the system must outlive this object.
  codepipeline_api(caf::actor_system& system, caf::actor job_queue);

  std::string_view target_prefix() const override { return "CodePipeline_20150709"; }
  void call(std::string_view operation, const nlohmann::json& input, aws_reply reply) override;

private:
  void poll_for_jobs(const nlohmann::json& input, aws_reply reply);
  void acknowledge_job(const nlohmann::json& input, aws_reply reply);
  void get_job_details(const nlohmann::json& input, aws_reply reply);
  void put_job_success_result(const nlohmann::json& input, aws_reply reply);
  void put_job_failure_result(const nlohmann::json& input, aws_reply reply);

  api_bridge bridge_;
  caf::actor job_queue_;
};

}  // namespace broadside::api
