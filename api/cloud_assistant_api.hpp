#pragma once

// Cloud Assistant's operations (ECS API 2014-05-26, RPC style): each
// request's parameters are checked as Cloud Assistant checks them, turned
// into a message to the command registry, the command library or the fleet,
// and the answer into the operation's output (api/cloud_assistant_shapes).
// The registry is the SSM API's: a command sent through either API is seen
// through both (docs/status-mapping.md).
//
// RunCommand, CreateCommand, InvokeCommand, DescribeInvocations,
// DescribeInvocationResults, StopInvocation, DescribeCloudAssistantStatus,
// SendFile, DescribeSendFileResults.

#include "api/actor_call.hpp"
#include "api/aws_json.hpp"
#include "api/rpc_query.hpp"
#include "messages/uuid.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <cstdint>
#include <functional>
#include <string_view>

namespace broadside::api {

class cloud_assistant_api {
 public:
  // `registry`: a command_registry; `fleet`: its fleet; `library`: a
  // command_library; `new_id` draws CommandIds and InvokeIds.
  cloud_assistant_api(caf::actor_system& sys, caf::actor registry, caf::actor fleet,
                      caf::actor library, std::function<uuid()> new_id);

  // The API version this service answers (the Version parameter).
  static constexpr std::string_view version = "2014-05-26";

  // `now_ms`: when the request came (Unix ms). An action the service does
  // not have is InvalidAction.NotFound.
  void call(std::string_view action, const rpc_params& params, int64_t now_ms, aws_reply reply);

 private:
  void run_command(const rpc_params& p, int64_t now_ms, aws_reply reply);
  void create_command(const rpc_params& p, int64_t now_ms, aws_reply reply);
  void invoke_command(const rpc_params& p, int64_t now_ms, aws_reply reply);
  void describe_invocations(const rpc_params& p, aws_reply reply);
  void describe_invocation_results(const rpc_params& p, aws_reply reply);
  void stop_invocation(const rpc_params& p, aws_reply reply);
  void describe_cloud_assistant_status(const rpc_params& p, aws_reply reply);
  void send_file(const rpc_params& p, aws_reply reply);
  void describe_send_file_results(const rpc_params& p, aws_reply reply);

  api_bridge bridge_;
  caf::actor registry_;
  caf::actor fleet_;
  caf::actor library_;
  std::function<uuid()> new_id_;
};

}  // namespace broadside::api
