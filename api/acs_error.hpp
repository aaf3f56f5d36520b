#pragma once

// An error as Alibaba Cloud's RPC gateway answers it: the body's Code and
// Message, and the HTTP status (the endpoint adds RequestId, HostId and
// Recommend).

#include <string>

namespace broadside::api {

struct acs_error {
  std::string code;     // "SignatureDoesNotMatch", "InvalidParameter"...
  std::string message;  // an English sentence
  unsigned http_status = 400;
};

}  // namespace broadside::api
