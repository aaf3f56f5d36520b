#pragma once

// `broadside <service> <operation> [flags]` as the AWS CLI runs
// `aws <service> <operation>`: one flag per input member (or deeper member),
// --generate-cli-skeleton, --cli-input-json, --endpoint-url, --region and
// --profile; the output printed as JSON; the AWS CLI v2's exit codes. The
// services (cli/ssm_command.cpp, cli/jobs_command.cpp) are tables of
// operations; everything else is here, once.

#include "cli/aws_shape.hpp"
#include "cli/subcommand.hpp"

#include <string>
#include <vector>

namespace broadside::cli {

// The AWS CLI v2's exit codes.
constexpr int exit_usage_error = 252;          // a flag or an input the client refuses
constexpr int exit_missing_credentials = 253;  // no key to sign with
constexpr int exit_service_error = 254;        // the service answered with an error
constexpr int exit_unreachable = 255;          // no answer from the service

// A flag and the member of the input it sets.
struct member_flag {
  std::string name;               // "--instance-ids"
  std::vector<std::string> path;  // {"InstanceIds"}; {"pipelineContext", "pipelineName"}
};

struct aws_operation {
  std::string command;  // "send-command"
  std::string name;     // "SendCommand"
  shape input;          // a structure
  std::vector<member_flag> flags;
};

struct aws_service_cli {
  std::string command;        // "ssm", for messages
  std::string target_prefix;  // "AmazonSSM"
  std::string signing_name;   // "ssm"
  std::vector<aws_operation> operations;
};

// The AWS CLI's flags: one per member of the input, named after it
// (InstanceIds: --instance-ids, OutputS3Region: --output-s3-region).
std::vector<member_flag> flags_of_members(const shape& input);

// Adds `service.command` to `parent`: everything after it is an operation
// and its flags, which CLI11 leaves alone (the AWS CLI's rules are not
// CLI11's). `service` must outlive the subcommand.
subcommand add_aws_cli_command(CLI::App& parent, const aws_service_cli& service,
                               const std::string& description);

}  // namespace broadside::cli
