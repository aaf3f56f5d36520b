#pragma once

// The AWS JSON 1.1 protocol over HTTP, as botocore speaks it: `POST /` with
// `X-Amz-Target: <prefix>.<Operation>`, a SigV4-signed request and a JSON
// object as body. Each request is checked (signature, target, body) and
// handed to the service of its prefix; the answer becomes a 200 with the
// output document (an empty body for operations without output), or the
// error's status with `{"__type": ..., "message": ...}`. Every answer carries
// an `x-amzn-RequestId`.

#include "api/auth/credentials.hpp"
#include "api/aws_json.hpp"
#include "runtime/http_server.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace broadside::api {

// One answered request, for logs and metrics.
struct request_record {
  std::string operation;  // "SendCommand"; empty if the target was not understood
  std::string error_code;  // empty for a success
  unsigned status = 200;
  double seconds = 0;
  std::string client;  // "127.0.0.1:54321"
};

class aws_json_endpoint {
 public:
  // `now_s` gives the time signatures are checked against (Unix seconds).
  aws_json_endpoint(const credentials& keys, std::vector<aws_json_service*> services,
                    std::function<void(const request_record&)> on_answer,
                    std::function<int64_t()> now_s);

  void handle(runtime::http_request request, runtime::http_responder respond);

 private:
  std::string next_request_id();

  const credentials& keys_;
  std::vector<aws_json_service*> services_;
  std::function<void(const request_record&)> on_answer_;
  std::function<int64_t()> now_s_;
  uint64_t id_base_ = 0;
  std::atomic<uint64_t> requests_{0};
};

}  // namespace broadside::api
