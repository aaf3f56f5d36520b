#pragma once

// CodePipeline custom-action jobs (codepipeline-job-worker.md): the job
// source's vocabulary, the data a job carries to its worker, and the requests
// the job_queue actor takes. The wire spellings live in the name tables below;
// inside the engine every vocabulary is an enum.

#include "messages/uuid.hpp"

#include <caf/atom.hpp>
#include <caf/error.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace broadside {

// -- vocabularies (enum order = the model's order = the name tables' order) --

enum class action_category : uint8_t { source, build, deploy, test, invoke, approval, compute };
inline constexpr std::array<std::string_view, 7> action_category_names{
    "Source", "Build", "Deploy", "Test", "Invoke", "Approval", "Compute"};

enum class action_owner : uint8_t { aws, third_party, custom };
inline constexpr std::array<std::string_view, 3> action_owner_names{"AWS", "ThirdParty", "Custom"};

enum class job_status : uint8_t {
  created,
  queued,
  dispatched,
  in_progress,
  timed_out,
  succeeded,
  failed,
};
inline constexpr std::array<std::string_view, 7> job_status_names{
    "Created", "Queued", "Dispatched", "InProgress", "TimedOut", "Succeeded", "Failed"};

enum class failure_type : uint8_t {
  job_failed,
  configuration_error,
  permission_error,
  revision_out_of_sync,
  revision_unavailable,
  system_unavailable,
};
inline constexpr std::array<std::string_view, 6> failure_type_names{
    "JobFailed",         "ConfigurationError",  "PermissionError",
    "RevisionOutOfSync", "RevisionUnavailable", "SystemUnavailable"};

std::string_view wire_name(action_category x) noexcept;
std::string_view wire_name(action_owner x) noexcept;
std::string_view wire_name(job_status x) noexcept;
std::string_view wire_name(failure_type x) noexcept;

std::optional<action_category> parse_action_category(std::string_view wire) noexcept;
std::optional<action_owner> parse_action_owner(std::string_view wire) noexcept;
std::optional<job_status> parse_job_status(std::string_view wire) noexcept;
std::optional<failure_type> parse_failure_type(std::string_view wire) noexcept;

// TimedOut, Succeeded and Failed: the job takes no more calls that change it.
bool is_terminal(job_status s) noexcept;

// -- what a job carries --------------------------------------------------------

struct action_type_id {
  action_category category = action_category::build;
  action_owner owner = action_owner::custom;
  std::string provider;
  std::string version;

  friend bool operator==(const action_type_id& a, const action_type_id& b) {
    return std::tie(a.category, a.owner, a.provider, a.version)
           == std::tie(b.category, b.owner, b.provider, b.version);
  }
  friend bool operator<(const action_type_id& a, const action_type_id& b) {
    return std::tie(a.category, a.owner, a.provider, a.version)
           < std::tie(b.category, b.owner, b.provider, b.version);
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, action_type_id& x) {
  return f(x.category, x.owner, x.provider, x.version);
}

// The model's PipelineContext, flattened (stage.name, action.name, ...);
// empty strings are members the job does not have.
struct pipeline_context {
  std::string pipeline_name;
  std::string stage_name;
  std::string action_name;
  std::string action_execution_id;
  std::string pipeline_arn;
  std::string pipeline_execution_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pipeline_context& x) {
  return f(x.pipeline_name, x.stage_name, x.action_name, x.action_execution_id, x.pipeline_arn,
           x.pipeline_execution_id);
}

// An input or output artifact, always in S3 (the only ArtifactLocationType).
struct artifact {
  std::string name;
  std::string revision;
  std::string bucket_name;
  std::string object_key;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, artifact& x) {
  return f(x.name, x.revision, x.bucket_name, x.object_key);
}

// The model's JobData, without the credentials and encryption key a real
// pipeline would add.
struct job_data {
  action_type_id action_type;
  std::map<std::string, std::string> configuration;  // actionConfiguration.configuration
  pipeline_context pipeline;
  std::vector<artifact> input_artifacts;
  std::vector<artifact> output_artifacts;
  std::string continuation_token;  // empty: the action's first job
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_data& x) {
  return f(x.action_type, x.configuration, x.pipeline, x.input_artifacts, x.output_artifacts,
           x.continuation_token);
}

// A job as PollForJobs hands it to a worker.
struct job {
  uuid id;
  job_data data;
  std::string nonce;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job& x) {
  return f(x.id, x.data, x.nonce);
}

// -- what a worker reports -------------------------------------------------------
// (CAF 0.17 cannot inspect std::optional: "not given" is the empty value.)

struct current_revision {
  std::string revision;  // empty: no currentRevision
  std::string change_identifier;
  int64_t created_ms = -1;  // -1: not given
  std::string revision_summary;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, current_revision& x) {
  return f(x.revision, x.change_identifier, x.created_ms, x.revision_summary);
}

struct execution_details {
  std::string summary;
  std::string external_execution_id;
  int32_t percent_complete = -1;  // -1: not given
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, execution_details& x) {
  return f(x.summary, x.external_execution_id, x.percent_complete);
}

struct failure_details {
  failure_type type = failure_type::job_failed;
  std::string message;
  std::string external_execution_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, failure_details& x) {
  return f(x.type, x.message, x.external_execution_id);
}

// Everything the job source knows of a job: GetJobDetails' answer (the API
// shows only id and data) and what tests look at.
struct job_record {
  uuid id;
  job_data data;
  job_status status = job_status::created;
  std::string nonce;  // of the latest dispatch; empty while never dispatched
  int64_t created_ms = 0;
  // What the result the job ended with reported.
  current_revision revision;
  execution_details execution;
  std::map<std::string, std::string> output_variables;
  failure_details failure;  // when Failed
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_record& x) {
  return f(x.id, x.data, x.status, x.nonce, x.created_ms, x.revision, x.execution,
           x.output_variables, x.failure);
}

// -- requests to the job_queue actor --------------------------------------------
// Refusals are caf::errors of category job_error_category (make_job_error).

// Queues a job (a pipeline reached a custom action). Answered with its id.
struct create_job {
  job_data data;  // continuation_token empty: continuations come from results
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, create_job& x) {
  return f(x.data);
}

// PollForJobs. Answered with polled_jobs.
struct poll_for_jobs {
  action_type_id action_type;
  uint32_t max_batch_size = 1;
  std::map<std::string, std::string> query;  // each must equal the job's configuration value
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, poll_for_jobs& x) {
  return f(x.action_type, x.max_batch_size, x.query);
}

struct polled_jobs {
  std::vector<job> jobs;  // oldest first, each now Dispatched with a fresh nonce
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, polled_jobs& x) {
  return f(x.jobs);
}

// AcknowledgeJob. Answered with the job's job_status.
struct acknowledge_job {
  uuid job_id;
  std::string nonce;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, acknowledge_job& x) {
  return f(x.job_id, x.nonce);
}

// GetJobDetails. Answered with job_record.
struct get_job_details {
  uuid job_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, get_job_details& x) {
  return f(x.job_id);
}

// PutJobSuccessResult. Answered with job_success_recorded.
struct put_job_success_result {
  uuid job_id;
  current_revision revision;
  std::string continuation_token;  // non-empty: the action goes on in a new job
  execution_details execution;
  std::map<std::string, std::string> output_variables;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, put_job_success_result& x) {
  return f(x.job_id, x.revision, x.continuation_token, x.execution, x.output_variables);
}

struct job_success_recorded {
  bool continued = false;    // a continuation token came with the result
  uuid continuation_job_id;  // then: the job queued with it
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_success_recorded& x) {
  return f(x.continued, x.continuation_job_id);
}

// PutJobFailureResult. Answered with the job's job_status (Failed).
struct put_job_failure_result {
  uuid job_id;
  failure_details failure;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, put_job_failure_result& x) {
  return f(x.job_id, x.failure);
}

// -- refusals -----------------------------------------------------------------

// The model's error shapes the job source raises (the API adds
// ValidationException and OutputVariablesSizeExceededException itself).
enum class job_error : uint8_t {
  job_not_found = 1,
  invalid_nonce,
  invalid_job_state,
  action_type_not_found,
};

inline constexpr caf::atom_value job_error_category = caf::atom("bsjob");

std::string_view wire_name(job_error e) noexcept;  // JobNotFoundException, ...

caf::error make_job_error(job_error code, std::string message);

// The job_error of `e`, or nullopt for an error of any other category.
std::optional<job_error> job_error_of(const caf::error& e) noexcept;

// The message make_job_error attached, or empty.
std::string job_error_message(const caf::error& e);

}  // namespace broadside
