// `broadside jobs create`: queues a CodePipeline custom-action job, as a
// pipeline reaching the action would, with Broadside_Jobs.CreateJob (not an
// AWS operation; docs/codepipeline.md). Its input is JobData's members in the
// CodePipeline model's shapes; the flags reach into them.

#include "cli/aws_cli.hpp"

namespace broadside::cli {

namespace {

const shape action_type_id = structure_of({{"category", &string_shape(), true},
                                           {"owner", &string_shape(), true},
                                           {"provider", &string_shape(), true},
                                           {"version", &string_shape(), true}});
const shape configuration = map_of(string_shape());
const shape action_configuration = structure_of({{"configuration", &configuration}});
const shape named = structure_of({{"name", &string_shape()}});
const shape action_context =
    structure_of({{"name", &string_shape()}, {"actionExecutionId", &string_shape()}});
const shape pipeline_context = structure_of({{"pipelineName", &string_shape()},
                                             {"stage", &named},
                                             {"action", &action_context},
                                             {"pipelineArn", &string_shape()},
                                             {"pipelineExecutionId", &string_shape()}});
const shape s3_location = structure_of(
    {{"bucketName", &string_shape(), true}, {"objectKey", &string_shape(), true}});
const shape artifact_location =
    structure_of({{"type", &string_shape()}, {"s3Location", &s3_location}});
const shape artifact = structure_of(
    {{"name", &string_shape()}, {"revision", &string_shape()}, {"location", &artifact_location}});
const shape artifacts = list_of(artifact);

const shape create_job_input = structure_of({{"actionTypeId", &action_type_id, true},
                                             {"actionConfiguration", &action_configuration},
                                             {"pipelineContext", &pipeline_context},
                                             {"inputArtifacts", &artifacts},
                                             {"outputArtifacts", &artifacts}});

// The members' own flags, and shortcuts to the members a job worker reads.
std::vector<member_flag> create_job_flags() {
  auto flags = flags_of_members(create_job_input);
  flags.insert(flags.end(),
               {{"--configuration", {"actionConfiguration", "configuration"}},
                {"--pipeline-name", {"pipelineContext", "pipelineName"}},
                {"--stage-name", {"pipelineContext", "stage", "name"}},
                {"--action-name", {"pipelineContext", "action", "name"}}});
  return flags;
}

// Signed for `codepipeline`, the service whose jobs these are.
const aws_service_cli jobs{
    "jobs",
    "Broadside_Jobs",
    "codepipeline",
    {{"create", "CreateJob", create_job_input, create_job_flags()}}};

}  // namespace

subcommand add_jobs_command(CLI::App& parent) {
  return add_aws_cli_command(
      parent, jobs,
      "Queue CodePipeline custom-action jobs on a broadside serve for job workers to poll");
}

}  // namespace broadside::cli
