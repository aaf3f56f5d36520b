#pragma once

// Alibaba Cloud's RPC protocol over HTTP, as Cloud Assistant's clients speak
// it: `GET /?Action=RunCommand&...` or a POST with the parameters in the
// query or a form-urlencoded body, signed with signature version 1.0
// (api/auth/acs_signature.hpp) by a key of the same credentials file as the
// AWS APIs. Answers are JSON with a RequestId; errors `{"RequestId",
// "HostId", "Code", "Message", "Recommend"}` with the error's HTTP status.

#include "api/auth/credentials.hpp"
#include "api/auth/nonce_ledger.hpp"
#include "api/aws_json_endpoint.hpp"
#include "api/cloud_assistant_api.hpp"
#include "runtime/http_server.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace broadside::api {

class rpc_endpoint {
 public:
  // `now_ms` gives the time signatures are checked against (Unix ms).
  rpc_endpoint(const credentials& keys, cloud_assistant_api& service,
               std::function<void(const request_record&)> on_answer,
               std::function<int64_t()> now_ms);

  // An RPC request names its Action (in the query, a form body or the
  // x-acs-action header) and has no X-Amz-Target.
  static bool is_rpc_request(const runtime::http_request& request);

  void handle(runtime::http_request request, runtime::http_responder respond);

 private:
  std::string next_request_id();

  const credentials& keys_;
  cloud_assistant_api& service_;
  std::function<void(const request_record&)> on_answer_;
  std::function<int64_t()> now_ms_;
  nonce_ledger nonces_;
  uint64_t id_base_ = 0;
  std::atomic<uint64_t> requests_{0};
};

}  // namespace broadside::api
