#include "api/job_queue_call.hpp"

#include "messages/job.hpp"

#include <string>

namespace broadside::api {

api_error job_queue_error(const caf::error& e, caf::actor_system& sys) {
  if (auto code = job_error_of(e))
    return {std::string{wire_name(*code)}, job_error_message(e)};
  return {"InternalFailure", "the job source failed: " + sys.render(e), 500};
}

}  // namespace broadside::api
