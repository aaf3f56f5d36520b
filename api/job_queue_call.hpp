#pragma once

// An API call's request to the job_queue actor (api/actor_call.hpp): a job
// queue refusal (JobNotFoundException, ...) is the caller's mistake, answered
// 400 with its code; anything else is a fault, InternalFailure (500).

#include "api/actor_call.hpp"

namespace broadside::api {

api_error job_queue_error(const caf::error& e, caf::actor_system& sys);

// Sends `request` to `job_queue` and answers `reply` with `output(Answer&)`.
template <class Answer, class Request, class Output>
void call_job_queue(const api_bridge& bridge, caf::actor job_queue, Request request,
                    aws_reply reply, Output output) {
  call_actor<Answer>(bridge, std::move(job_queue), std::move(request), std::move(reply),
                     std::move(output), &job_queue_error);
}

}  // namespace broadside::api
