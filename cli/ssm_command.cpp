// `broadside ssm <operation>`: the client side of the Run Command operations
// `broadside serve` has, as `aws ssm <operation>` calls them. The inputs are
// botocore's model (data/ssm/2014-11-06/service-2.json), member for member,
// so that skeletons and flags are the AWS CLI's.

#include "cli/aws_cli.hpp"

namespace broadside::cli {

namespace {

using member = shape::member;

const shape string_list = list_of(string_shape());

const shape target = structure_of({{"Key", &string_shape()}, {"Values", &string_list}});
const shape targets = list_of(target);
const shape parameters = map_of(string_list);
const shape notification_config = structure_of({{"NotificationArn", &string_shape()},
                                                {"NotificationEvents", &string_list},
                                                {"NotificationType", &string_shape()}});
const shape cloud_watch_output_config = structure_of(
    {{"CloudWatchLogGroupName", &string_shape()}, {"CloudWatchOutputEnabled", &boolean_shape()}});
const shape alarm = structure_of({{"Name", &string_shape(), true}});
const shape alarms = list_of(alarm);
const shape alarm_configuration = structure_of(
    {{"IgnorePollAlarmFailure", &boolean_shape()}, {"Alarms", &alarms, true}});
const shape command_filter =
    structure_of({{"key", &string_shape(), true}, {"value", &string_shape(), true}});
const shape command_filters = list_of(command_filter);
const shape instance_information_filter =
    structure_of({{"key", &string_shape(), true}, {"valueSet", &string_list, true}});
const shape instance_information_filters = list_of(instance_information_filter);
const shape instance_information_string_filter =
    structure_of({{"Key", &string_shape(), true}, {"Values", &string_list, true}});
const shape instance_information_string_filters = list_of(instance_information_string_filter);

aws_operation operation(std::string command, std::string name, std::vector<member> members) {
  auto input = structure_of(std::move(members));
  auto flags = flags_of_members(input);
  return {std::move(command), std::move(name), std::move(input), std::move(flags)};
}

const aws_service_cli ssm{
    "ssm",
    "AmazonSSM",
    "ssm",
    {operation("send-command", "SendCommand",
               {{"InstanceIds", &string_list},
                {"Targets", &targets},
                {"DocumentName", &string_shape(), true},
                {"DocumentVersion", &string_shape()},
                {"DocumentHash", &string_shape()},
                {"DocumentHashType", &string_shape()},
                {"TimeoutSeconds", &integer_shape()},
                {"Comment", &string_shape()},
                {"Parameters", &parameters},
                {"OutputS3Region", &string_shape()},
                {"OutputS3BucketName", &string_shape()},
                {"OutputS3KeyPrefix", &string_shape()},
                {"MaxConcurrency", &string_shape()},
                {"MaxErrors", &string_shape()},
                {"ServiceRoleArn", &string_shape()},
                {"NotificationConfig", &notification_config},
                {"CloudWatchOutputConfig", &cloud_watch_output_config},
                {"AlarmConfiguration", &alarm_configuration}}),
     operation("list-commands", "ListCommands",
               {{"CommandId", &string_shape()},
                {"InstanceId", &string_shape()},
                {"MaxResults", &integer_shape()},
                {"NextToken", &string_shape()},
                {"Filters", &command_filters}}),
     operation("list-command-invocations", "ListCommandInvocations",
               {{"CommandId", &string_shape()},
                {"InstanceId", &string_shape()},
                {"MaxResults", &integer_shape()},
                {"NextToken", &string_shape()},
                {"Filters", &command_filters},
                {"Details", &boolean_shape()}}),
     operation("get-command-invocation", "GetCommandInvocation",
               {{"CommandId", &string_shape(), true},
                {"InstanceId", &string_shape(), true},
                {"PluginName", &string_shape()}}),
     operation("cancel-command", "CancelCommand",
               {{"CommandId", &string_shape(), true}, {"InstanceIds", &string_list}}),
     operation("describe-instance-information", "DescribeInstanceInformation",
               {{"InstanceInformationFilterList", &instance_information_filters},
                {"Filters", &instance_information_string_filters},
                {"MaxResults", &integer_shape()},
                {"NextToken", &string_shape()}})}};

}  // namespace

subcommand add_ssm_command(CLI::App& parent) {
  return add_aws_cli_command(
      parent, ssm,
      "Call a broadside serve's Run Command API like `aws ssm` (send-command, list-commands...)");
}

}  // namespace broadside::cli
