// CodePipeline's job-worker operations and Broadside_Jobs.CreateJob as JSON:
// inputs in the model's shapes, outputs in them, and each error's code.

#include "api/broadside_jobs_api.hpp"
#include "api/codepipeline_api.hpp"
#include "api/codepipeline_shapes.hpp"
#include "tests/job_queue_fixture.hpp"

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace broadside::test {
namespace {

using json = nlohmann::json;

const json build_type = {
    {"category", "Build"}, {"owner", "Custom"}, {"provider", "MyProvider"}, {"version", "1"}};

// Member names of the output shapes, copied from botocore's
// codepipeline/2015-07-09/service-2.json (Job, JobDetails, JobData,
// ActionTypeId, ActionConfiguration, PipelineContext, StageContext,
// ActionContext, Artifact, ArtifactLocation, S3ArtifactLocation,
// PollForJobsOutput, AcknowledgeJobOutput, GetJobDetailsOutput).
const std::set<std::string> job_members{"id", "data", "nonce", "accountId"};
const std::set<std::string> job_details_members{"id", "data", "accountId"};
const std::set<std::string> job_data_members{
    "actionTypeId",    "actionConfiguration", "pipelineContext",   "inputArtifacts",
    "outputArtifacts", "artifactCredentials", "continuationToken", "encryptionKey"};
const std::set<std::string> action_type_id_members{"category", "owner", "provider", "version"};
const std::set<std::string> pipeline_context_members{"pipelineName", "stage", "action",
                                                     "pipelineArn", "pipelineExecutionId"};
const std::set<std::string> action_context_members{"name", "actionExecutionId"};
const std::set<std::string> artifact_members{"name", "revision", "location"};
const std::set<std::string> location_members{"type", "s3Location"};
const std::set<std::string> s3_location_members{"bucketName", "objectKey"};

std::set<std::string> keys(const json& object) {
  std::set<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it)
    out.insert(it.key());
  return out;
}

bool subset(const std::set<std::string>& a, const std::set<std::string>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

class CodePipelineApi : public ::testing::Test, public job_queue_harness {
protected:
  api::aws_result call(api::aws_json_service& service, std::string_view operation, const json& in) {
    std::optional<api::aws_result> out;
    int calls = 0;
    service.call(operation, in, [&](api::aws_result r) {
      ++calls;
      out = std::move(r);
    });
    engine_.run([&] { return out.has_value(); });
    EXPECT_EQ(calls, 1);
    if (!out)
      return api::api_error{"NoAnswer", ""};
    return std::move(*out);
  }

  api::aws_result cp(std::string_view operation, const json& in) { return call(pipeline_, operation, in); }

  json ok(std::string_view operation, const json& in) {
    auto r = cp(operation, in);
    if (auto* e = std::get_if<api::api_error>(&r)) {
      ADD_FAILURE() << operation << ": " << e->code << ": " << e->message;
      return {};
    }
    return std::get<json>(r);
  }

  // The error code of a call that must fail.
  std::string error(std::string_view operation, const json& in) {
    auto r = cp(operation, in);
    auto* e = std::get_if<api::api_error>(&r);
    return e ? e->code : "no error";
  }

  std::string create(json configuration = {{"ProjectName", "foo"}}) {
    json in = {{"actionTypeId", build_type},
               {"actionConfiguration", {{"configuration", configuration}}},
               {"pipelineContext",
                {{"pipelineName", "MyPipeline"},
                 {"stage", {{"name", "Build"}}},
                 {"action", {{"name", "Compile"}}}}},
               {"inputArtifacts",
                {{{"name", "MyApp"},
                  {"location",
                   {{"type", "S3"}, {"s3Location", {{"bucketName", "b"}, {"objectKey", "k"}}}}}}}}};
    auto r = call(jobs_, "CreateJob", in);
    if (auto* e = std::get_if<api::api_error>(&r)) {
      ADD_FAILURE() << e->code << ": " << e->message;
      return {};
    }
    return std::get<json>(r).at("jobId").get<std::string>();
  }

  // A job polled and acknowledged: its Job document.
  json take() {
    auto id = create();
    auto polled = ok("PollForJobs", {{"actionTypeId", build_type}});
    auto j = polled.at("jobs").at(0);
    EXPECT_EQ(j.at("id"), id);
    EXPECT_EQ(ok("AcknowledgeJob", {{"jobId", id}, {"nonce", j.at("nonce")}}),
              (json{{"status", "InProgress"}}));
    return j;
  }

  api::codepipeline_api pipeline_{engine_.system(), queue_};
  api::broadside_jobs_api jobs_{engine_.system(), queue_};
};

TEST_F(CodePipelineApi, TargetPrefixes) {
  EXPECT_EQ(pipeline_.target_prefix(), "CodePipeline_20150709");
  EXPECT_EQ(jobs_.target_prefix(), "Broadside_Jobs");
  EXPECT_EQ(error("ListPipelines", json::object()), "UnknownOperationException");
  EXPECT_EQ(std::get<api::api_error>(call(jobs_, "DeleteJob", json::object())).code,
            "UnknownOperationException");
}

TEST_F(CodePipelineApi, CreateJobAnswersALowercaseJobId) {
  auto id = create();
  EXPECT_TRUE(api::job_id_pattern.matches(id)) << id;
}

TEST_F(CodePipelineApi, CreateJobIsForCustomActionsAndChecksJobData) {
  json aws_owned = build_type;
  aws_owned["owner"] = "AWS";
  auto r = call(jobs_, "CreateJob", {{"actionTypeId", aws_owned}});
  ASSERT_TRUE(std::holds_alternative<api::api_error>(r));
  EXPECT_EQ(std::get<api::api_error>(r).message,
            "1 validation error detected: Value 'AWS' at 'actionTypeId.owner' failed to satisfy "
            "constraint: Member must satisfy enum value set: [Custom]");
  r = call(jobs_, "CreateJob",
           {{"actionTypeId", build_type},
            {"actionConfiguration", {{"configuration", {{"K", std::string(1001, 'v')}}}}},
            {"inputArtifacts", {{{"name", "bad name"}}}}});
  auto m = std::get<api::api_error>(r).message;
  EXPECT_EQ(m.rfind("2 validation errors detected: ", 0), 0u) << m;
  EXPECT_NE(m.find("at 'actionConfiguration.configuration' failed to satisfy constraint: Map value "
                   "must satisfy constraint: [Member must have length less than or equal to 1000"),
            std::string::npos);
  EXPECT_NE(m.find("Value 'bad name' at 'inputArtifacts.1.member.name'"), std::string::npos);
}

TEST_F(CodePipelineApi, PollForJobsReturnsJobsInTheModelsShape) {
  auto id = create();
  auto out = ok("PollForJobs", {{"actionTypeId", build_type}, {"maxBatchSize", 5},
                                {"queryParam", {{"ProjectName", "foo"}}}});
  EXPECT_EQ(keys(out), (std::set<std::string>{"jobs"}));
  ASSERT_EQ(out.at("jobs").size(), 1u);
  const auto& j = out.at("jobs").at(0);
  EXPECT_EQ(keys(j), job_members);
  EXPECT_EQ(j.at("id"), id);
  EXPECT_EQ(j.at("accountId"), "111122223333");
  EXPECT_FALSE(j.at("nonce").get<std::string>().empty());
  const auto& data = j.at("data");
  EXPECT_TRUE(subset(keys(data), job_data_members));
  EXPECT_EQ(data.at("actionTypeId"), build_type);
  EXPECT_EQ(keys(data.at("actionTypeId")), action_type_id_members);
  EXPECT_EQ(data.at("actionConfiguration"), (json{{"configuration", {{"ProjectName", "foo"}}}}));
  EXPECT_TRUE(subset(keys(data.at("pipelineContext")), pipeline_context_members));
  EXPECT_EQ(data.at("pipelineContext").at("stage"), (json{{"name", "Build"}}));
  EXPECT_TRUE(subset(keys(data.at("pipelineContext").at("action")), action_context_members));
  const auto& artifact = data.at("inputArtifacts").at(0);
  EXPECT_TRUE(subset(keys(artifact), artifact_members));
  EXPECT_EQ(keys(artifact.at("location")), location_members);
  EXPECT_EQ(keys(artifact.at("location").at("s3Location")), s3_location_members);
  EXPECT_EQ(data.at("outputArtifacts"), json::array());
  EXPECT_FALSE(data.contains("continuationToken"));
  // Nothing left: an empty list, not an error.
  EXPECT_EQ(ok("PollForJobs", {{"actionTypeId", build_type}}), (json{{"jobs", json::array()}}));
}

TEST_F(CodePipelineApi, PollForJobsErrors) {
  json nobody = build_type;
  nobody["provider"] = "Nobody";
  EXPECT_EQ(error("PollForJobs", {{"actionTypeId", nobody}}), "ActionTypeNotFoundException");
  EXPECT_EQ(error("PollForJobs", json::object()), "ValidationException");
  EXPECT_EQ(error("PollForJobs", {{"actionTypeId", build_type}, {"maxBatchSize", 0}}),
            "ValidationException");
  EXPECT_EQ(error("PollForJobs", {{"actionTypeId", build_type}, {"maxBatchSize", "2"}}),
            "SerializationException");
  EXPECT_EQ(error("PollForJobs", {{"actionTypeId", build_type},
                                  {"queryParam", {{"a", "1"}, {"b", "2"}}}}),
            "ValidationException");
  json bad = {{"category", "Cook"}, {"owner", "Custom"}, {"provider", "My Provider"},
              {"version", "1234567890"}};
  auto r = cp("PollForJobs", {{"actionTypeId", bad}});
  auto m = std::get<api::api_error>(r).message;
  EXPECT_EQ(m.rfind("3 validation errors detected: Value 'Cook' at 'actionTypeId.category' failed "
                    "to satisfy constraint: Member must satisfy enum value set: [Source, Build, "
                    "Deploy, Test, Invoke, Approval, Compute]; Value 'My Provider' at "
                    "'actionTypeId.provider'",
                    0),
            0u)
      << m;
  EXPECT_NE(m.find("Value '1234567890' at 'actionTypeId.version' failed to satisfy constraint: "
                   "Member must have length less than or equal to 9"),
            std::string::npos);
}

TEST_F(CodePipelineApi, AcknowledgeJob) {
  auto id = create();
  auto j = ok("PollForJobs", {{"actionTypeId", build_type}}).at("jobs").at(0);
  EXPECT_EQ(error("AcknowledgeJob", {{"jobId", id}, {"nonce", "wrong"}}), "InvalidNonceException");
  EXPECT_EQ(ok("AcknowledgeJob", {{"jobId", id}, {"nonce", j.at("nonce")}}),
            (json{{"status", "InProgress"}}));
  EXPECT_EQ(error("AcknowledgeJob", {{"jobId", "11111111-2222-4333-8444-555555555555"}, {"nonce", "1"}}),
            "JobNotFoundException");
  EXPECT_EQ(error("AcknowledgeJob", {{"jobId", "not-a-job"}, {"nonce", "1"}}), "ValidationException");
  EXPECT_EQ(error("AcknowledgeJob", {{"jobId", id}}), "ValidationException");
  EXPECT_EQ(error("AcknowledgeJob", {{"jobId", id}, {"nonce", 3}}), "SerializationException");
}

TEST_F(CodePipelineApi, GetJobDetailsHasNoNonce) {
  auto j = take();
  auto out = ok("GetJobDetails", {{"jobId", j.at("id")}});
  EXPECT_EQ(keys(out), (std::set<std::string>{"jobDetails"}));
  EXPECT_EQ(keys(out.at("jobDetails")), job_details_members);
  EXPECT_EQ(out.at("jobDetails").at("data"), j.at("data"));
  EXPECT_EQ(error("GetJobDetails", {{"jobId", "11111111-2222-4333-8444-555555555555"}}),
            "JobNotFoundException");
  EXPECT_EQ(error("GetJobDetails", {{"jobId", "11111111-2222-4333-8444-55555555555A"}}),
            "ValidationException");
}

TEST_F(CodePipelineApi, PutJobSuccessResultAnswersAnEmptyBodyAndContinues) {
  auto j = take();
  json in = {{"jobId", j.at("id")},
             {"currentRevision", {{"revision", "abc"}, {"changeIdentifier", "c1"}, {"created", 1704164645}}},
             {"continuationToken", "ct-1"},
             {"executionDetails", {{"summary", "ok"}, {"externalExecutionId", "ext-1"}, {"percentComplete", 50}}}};
  EXPECT_EQ(ok("PutJobSuccessResult", in), json(nullptr));
  EXPECT_EQ(error("PutJobSuccessResult", {{"jobId", j.at("id")}}), "InvalidJobStateException");
  auto next = ok("PollForJobs", {{"actionTypeId", build_type}}).at("jobs").at(0);
  EXPECT_NE(next.at("id"), j.at("id"));
  EXPECT_EQ(next.at("data").at("continuationToken"), "ct-1");
  EXPECT_TRUE(subset(keys(next.at("data")), job_data_members));
}

TEST_F(CodePipelineApi, PutJobSuccessResultErrors) {
  auto j = take();
  EXPECT_EQ(error("PutJobSuccessResult", {{"jobId", j.at("id")},
                                          {"continuationToken", "ct"},
                                          {"outputVariables", {{"k", "v"}}}}),
            "ValidationException");
  EXPECT_EQ(error("PutJobSuccessResult", {{"jobId", j.at("id")},
                                          {"outputVariables", {{"k", std::string(122'880, 'v')}}}}),
            "OutputVariablesSizeExceededException");
  EXPECT_EQ(error("PutJobSuccessResult", {{"jobId", j.at("id")}, {"outputVariables", {{"a b", "v"}}}}),
            "ValidationException");
  EXPECT_EQ(error("PutJobSuccessResult", {{"jobId", j.at("id")}, {"currentRevision", {{"revision", "r"}}}}),
            "ValidationException");  // changeIdentifier is required
  EXPECT_EQ(error("PutJobSuccessResult", {{"jobId", j.at("id")}, {"continuationToken", ""}}),
            "ValidationException");
  EXPECT_EQ(error("PutJobSuccessResult", {{"jobId", "11111111-2222-4333-8444-555555555555"}}),
            "JobNotFoundException");
  EXPECT_EQ(ok("PutJobSuccessResult", {{"jobId", j.at("id")}, {"outputVariables", {{"k", "v"}}}}),
            json(nullptr));
}

TEST_F(CodePipelineApi, PutJobFailureResultForEveryFailureType) {
  for (auto type : failure_type_names) {
    auto j = take();
    json in = {{"jobId", j.at("id")},
               {"failureDetails", {{"type", type}, {"message", "boom"}, {"externalExecutionId", "x"}}}};
    EXPECT_EQ(ok("PutJobFailureResult", in), json(nullptr)) << type;
    EXPECT_EQ(error("PutJobFailureResult", in), "InvalidJobStateException") << type;
  }
}

TEST_F(CodePipelineApi, PutJobFailureResultErrors) {
  auto id = create();
  json details = {{"type", "JobFailed"}, {"message", "boom"}};
  EXPECT_EQ(error("PutJobFailureResult", {{"jobId", id}, {"failureDetails", details}}),
            "InvalidJobStateException");  // queued, not InProgress
  auto r = cp("PutJobFailureResult", {{"jobId", id}, {"failureDetails", {{"type", "Oops"}}}});
  EXPECT_EQ(std::get<api::api_error>(r).message,
            "2 validation errors detected: Value 'Oops' at 'failureDetails.type' failed to satisfy "
            "constraint: Member must satisfy enum value set: [JobFailed, ConfigurationError, "
            "PermissionError, RevisionOutOfSync, RevisionUnavailable, SystemUnavailable]; Value "
            "null at 'failureDetails.message' failed to satisfy constraint: Member must not be null");
  r = cp("PutJobFailureResult", {{"jobId", id}});
  EXPECT_EQ(std::get<api::api_error>(r).message,
            "1 validation error detected: Value null at 'failureDetails' failed to satisfy "
            "constraint: Member must not be null");
  details["message"] = std::string(5001, 'm');
  EXPECT_EQ(error("PutJobFailureResult", {{"jobId", id}, {"failureDetails", details}}),
            "ValidationException");
  EXPECT_EQ(error("PutJobFailureResult", {{"jobId", id}, {"failureDetails", "JobFailed"}}),
            "SerializationException");
}

TEST_F(CodePipelineApi, AStoppedJobSourceIsAnInternalFailure) {
  caf::anon_send_exit(queue_, caf::exit_reason::user_shutdown);
  engine_.run();
  auto r = cp("GetJobDetails", {{"jobId", "11111111-2222-4333-8444-555555555555"}});
  ASSERT_TRUE(std::holds_alternative<api::api_error>(r));
  EXPECT_EQ(std::get<api::api_error>(r).code, "InternalFailure");
  EXPECT_EQ(std::get<api::api_error>(r).http_status, 500u);
}

// On the real clock the reply comes from one of CAF's threads, and the
// acknowledgement timeout really elapses.
TEST(CodePipelineApiRealClock, AnswersFromTheActorSystemsThreads) {
  runtime::context ctx;
  runtime::engine engine{{runtime::clock_kind::real_time, 2}};
  ctx.epoch_ms = engine.epoch_ms();
  auto queue = engine.system().spawn(job_queue_actor, &ctx, job_queue_options{50, 60'000, 1},
                                     nullptr);
  api::codepipeline_api pipeline{engine.system(), queue};
  api::broadside_jobs_api jobs{engine.system(), queue};
  auto call = [](api::aws_json_service& service, std::string_view op, const json& in) {
    std::mutex m;
    std::condition_variable cv;
    std::optional<api::aws_result> out;
    service.call(op, in, [&](api::aws_result r) {
      std::lock_guard<std::mutex> lock{m};
      out = std::move(r);
      cv.notify_one();
    });
    std::unique_lock<std::mutex> lock{m};
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds{10}, [&] { return out.has_value(); }));
    return out ? std::get<json>(*out) : json{};
  };
  auto id = call(jobs, "CreateJob", {{"actionTypeId", build_type}}).at("jobId");
  auto first = call(pipeline, "PollForJobs", {{"actionTypeId", build_type}}).at("jobs").at(0);
  EXPECT_EQ(first.at("id"), id);
  std::this_thread::sleep_for(std::chrono::milliseconds{200});  // > the 50 ms acknowledgement timeout
  auto again = call(pipeline, "PollForJobs", {{"actionTypeId", build_type}}).at("jobs").at(0);
  EXPECT_EQ(again.at("id"), id);
  EXPECT_NE(again.at("nonce"), first.at("nonce"));
  caf::anon_send_exit(queue, caf::exit_reason::user_shutdown);
  EXPECT_EQ(ctx.unexpected_messages.load(), 0u);
}

}  // namespace
}  // namespace broadside::test
