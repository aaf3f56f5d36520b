#pragma once

// Run Command's operations of the AWS JSON 1.1 API (X-Amz-Target
// AmazonSSM.<Op>): each input document is read into a message to the command
// registry or the fleet (api/ssm_requests), and the answer into the model's
// output shape (api/ssm_shapes).
//
// SendCommand, ListCommands, ListCommandInvocations, GetCommandInvocation,
// CancelCommand, DescribeInstanceInformation. docs/api.md lists the choices
// made where the model or the docs leave them open.

#include "api/actor_call.hpp"
#include "api/aws_json.hpp"
#include "messages/uuid.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <functional>

namespace broadside::api {

class ssm_api : public aws_json_service {
 public:
  // `registry`: a command_registry; `fleet`: its fleet; `new_command_id`
  // draws the id of each accepted command.
  ssm_api(caf::actor_system& sys, caf::actor registry, caf::actor fleet,
          std::function<uuid()> new_command_id);

  std::string_view target_prefix() const override { return "AmazonSSM"; }
  void call(std::string_view operation, const nlohmann::json& input, aws_reply reply) override;

 private:
  void send_command(const nlohmann::json& in, aws_reply reply);
  void list_commands(const nlohmann::json& in, aws_reply reply, bool invocations);
  void get_command_invocation(const nlohmann::json& in, aws_reply reply);
  void cancel_command(const nlohmann::json& in, aws_reply reply);
  void describe_instance_information(const nlohmann::json& in, aws_reply reply);

  api_bridge bridge_;
  caf::actor registry_;
  caf::actor fleet_;
  std::function<uuid()> new_command_id_;
};

}  // namespace broadside::api
