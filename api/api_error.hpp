#pragma once

// An API's refusal of a request: the error code its clients see (SSM's
// InvalidInstanceId, Alibaba's SignatureDoesNotMatch...), a sentence, and the
// HTTP status. Each protocol writes it in its own error body.

#include <string>

namespace broadside::api {

struct api_error {
  std::string code;
  std::string message;
  unsigned http_status = 400;  // 500 only for faults
};

}  // namespace broadside::api
