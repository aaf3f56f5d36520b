#pragma once

// Broadside's own job-source operation, for what plays the pipeline's part
// (`broadside jobs create`): CreateJob queues a job of a custom action type
// for job workers to poll. X-Amz-Target prefix Broadside_Jobs; the input is
// JobData's members in the CodePipeline model's shapes (docs/codepipeline.md).

#include "api/actor_call.hpp"
#include "api/aws_json.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

namespace broadside::api {

class broadside_jobs_api final : public aws_json_service {
public:
  // The same job_queue actor the codepipeline_api serves workers from.
  broadside_jobs_api(caf::actor_system& system, caf::actor job_queue);

  std::string_view target_prefix() const override { return "Broadside_Jobs"; }
  void call(std::string_view operation, const nlohmann::json& input, aws_reply reply) override;

private:
  api_bridge bridge_;
  caf::actor job_queue_;
};

}  // namespace broadside::api
