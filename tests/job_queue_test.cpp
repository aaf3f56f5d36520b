// The job source's rules (docs/codepipeline.md, "Job lifecycle"): polling,
// nonces, acknowledgement, results, continuation, and timeouts in virtual time.

#include "tests/job_queue_fixture.hpp"

#include <string>

namespace broadside::test {
namespace {

action_type_id build_type(std::string provider = "MyProvider") {
  return {action_category::build, action_owner::custom, std::move(provider), "1"};
}

job_data data_of(std::map<std::string, std::string> configuration = {{"ProjectName", "foo"}},
                 action_type_id type = build_type()) {
  job_data d;
  d.action_type = std::move(type);
  d.configuration = std::move(configuration);
  d.pipeline = {"MyPipeline", "Build", "Compile", "", "", ""};
  d.input_artifacts = {{"MyApp", "r1", "bucket", "key"}};
  return d;
}

class JobQueue : public ::testing::Test, public job_queue_harness {
protected:
  uuid create(job_data d = data_of()) { return ok<uuid>(create_job{std::move(d)}); }

  std::vector<job> poll(uint32_t max = 10, std::map<std::string, std::string> query = {},
                        action_type_id type = build_type(), int64_t at_ms = 0) {
    return ok<polled_jobs>(poll_for_jobs{std::move(type), max, std::move(query)}, at_ms).jobs;
  }

  job_status status(const uuid& id, int64_t at_ms = 0) {
    return ok<job_record>(get_job_details{id}, at_ms).status;
  }

  // A job dispatched and acknowledged: InProgress.
  job take(job_data d = data_of()) {
    auto id = create(std::move(d));
    auto polled = poll(1);
    EXPECT_EQ(polled.size(), 1u);
    EXPECT_EQ(polled.at(0).id, id);
    EXPECT_EQ(ok<job_status>(acknowledge_job{id, polled.at(0).nonce}), job_status::in_progress);
    return polled.at(0);
  }
};

TEST_F(JobQueue, CreatedJobsAreQueuedWithLowercaseUuidV4Ids) {
  auto a = create();
  auto b = create();
  EXPECT_NE(a, b);
  auto text = to_string(a);
  EXPECT_EQ(text[14], '4');
  EXPECT_NE(std::string{"89ab"}.find(text[19]), std::string::npos);
  EXPECT_EQ(status(a), job_status::queued);
  auto r = ok<job_record>(get_job_details{a});
  EXPECT_EQ(r.data.configuration.at("ProjectName"), "foo");
  EXPECT_EQ(r.data.pipeline.pipeline_name, "MyPipeline");
  EXPECT_TRUE(r.nonce.empty());
}

TEST_F(JobQueue, TheSameSeedGivesTheSameIds) {
  auto first = create();
  job_queue_harness other;
  EXPECT_EQ(other.ok<uuid>(create_job{data_of()}), first);
}

TEST_F(JobQueue, PollReturnsQueuedJobsOldestFirstUpToTheBatchSizeAndDispatchesThem) {
  auto a = create();
  auto b = create();
  auto c = create();
  auto first = poll(2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, a);
  EXPECT_EQ(first[1].id, b);
  EXPECT_NE(first[0].nonce, first[1].nonce);
  EXPECT_EQ(status(a), job_status::dispatched);
  EXPECT_EQ(ok<job_record>(get_job_details{a}).nonce, first[0].nonce);
  auto second = poll(5);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, c);
  EXPECT_TRUE(poll(5).empty());
}

TEST_F(JobQueue, PollTakesOnlyJobsOfItsActionType) {
  create(data_of({}, build_type("Other")));
  auto mine = create();
  auto polled = poll();
  ASSERT_EQ(polled.size(), 1u);
  EXPECT_EQ(polled[0].id, mine);
  EXPECT_EQ(polled[0].data.action_type, build_type());
}

TEST_F(JobQueue, QueryParamMatchesConfigurationValues) {
  auto foo = create(data_of({{"ProjectName", "foo"}, {"Env", "prod"}}));
  auto bar = create(data_of({{"ProjectName", "bar"}}));
  create(data_of({}));
  auto polled = poll(10, {{"ProjectName", "bar"}});
  ASSERT_EQ(polled.size(), 1u);
  EXPECT_EQ(polled[0].id, bar);
  EXPECT_TRUE(poll(10, {{"ProjectName", "baz"}}).empty());
  polled = poll(10, {{"ProjectName", "foo"}});
  ASSERT_EQ(polled.size(), 1u);
  EXPECT_EQ(polled[0].id, foo);
  EXPECT_EQ(poll(10).size(), 1u);  // without a query: the job with no configuration
}

TEST_F(JobQueue, PollForAnActionTypeWithNoJobEverIsActionTypeNotFound) {
  EXPECT_EQ(refusal<polled_jobs>(poll_for_jobs{build_type("Nobody"), 1, {}}),
            job_error::action_type_not_found);
  take();
  // Known once a job of it existed, queued or not.
  EXPECT_TRUE(poll().empty());
}

TEST_F(JobQueue, AcknowledgeWithTheNonceMakesTheJobInProgressAndAgainReturnsItsStatus) {
  auto id = create();
  auto j = poll().at(0);
  EXPECT_EQ(ok<job_status>(acknowledge_job{id, j.nonce}), job_status::in_progress);
  EXPECT_EQ(ok<job_status>(acknowledge_job{id, j.nonce}), job_status::in_progress);
  EXPECT_EQ(status(id), job_status::in_progress);
}

TEST_F(JobQueue, AcknowledgeWithAnotherNonceOrOfAQueuedJobIsInvalidNonce) {
  auto id = create();
  EXPECT_EQ(refusal<job_status>(acknowledge_job{id, "1"}), job_error::invalid_nonce);
  auto j = poll().at(0);
  EXPECT_EQ(refusal<job_status>(acknowledge_job{id, j.nonce + "0"}), job_error::invalid_nonce);
  EXPECT_EQ(status(id), job_status::dispatched);
}

TEST_F(JobQueue, UnknownJobsAreJobNotFound) {
  uuid nobody{1, 2};
  EXPECT_EQ(refusal<job_status>(acknowledge_job{nobody, "1"}), job_error::job_not_found);
  EXPECT_EQ(refusal<job_record>(get_job_details{nobody}), job_error::job_not_found);
  EXPECT_EQ(refusal<job_success_recorded>(put_job_success_result{nobody, {}, "", {}, {}}),
            job_error::job_not_found);
  EXPECT_EQ(refusal<job_status>(put_job_failure_result{nobody, {}}), job_error::job_not_found);
}

TEST_F(JobQueue, SuccessEndsTheJobAndKeepsWhatTheWorkerReported) {
  auto j = take();
  put_job_success_result r{j.id, {"abc", "c1", 1'704'164'645'000, ""}, "", {"ok", "ext-1", 100},
                           {{"k1", "v1"}}};
  auto recorded = ok<job_success_recorded>(r);
  EXPECT_FALSE(recorded.continued);
  auto record = ok<job_record>(get_job_details{j.id});
  EXPECT_EQ(record.status, job_status::succeeded);
  EXPECT_EQ(record.revision.revision, "abc");
  EXPECT_EQ(record.execution.summary, "ok");
  EXPECT_EQ(record.execution.external_execution_id, "ext-1");
  EXPECT_EQ(record.execution.percent_complete, 100);
  EXPECT_EQ(record.output_variables.at("k1"), "v1");
  EXPECT_TRUE(poll().empty());
}

TEST_F(JobQueue, AContinuationTokenQueuesANewJobOfTheSameActionCarryingIt) {
  auto j = take();
  auto recorded = ok<job_success_recorded>(
      put_job_success_result{j.id, {}, "ct-1", {"half way", "", 50}, {}});
  ASSERT_TRUE(recorded.continued);
  EXPECT_NE(recorded.continuation_job_id, j.id);
  EXPECT_EQ(status(j.id), job_status::succeeded);
  auto next = poll();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].id, recorded.continuation_job_id);
  EXPECT_EQ(next[0].data.continuation_token, "ct-1");
  EXPECT_EQ(next[0].data.configuration, j.data.configuration);
  EXPECT_EQ(next[0].data.pipeline.action_name, j.data.pipeline.action_name);
  EXPECT_EQ(next[0].data.input_artifacts.at(0).name, "MyApp");
  // The worker ends the action: success without a token queues nothing more.
  EXPECT_EQ(ok<job_status>(acknowledge_job{next[0].id, next[0].nonce}), job_status::in_progress);
  EXPECT_FALSE(ok<job_success_recorded>(put_job_success_result{next[0].id, {}, "", {}, {}}).continued);
  EXPECT_TRUE(poll().empty());
}

TEST_F(JobQueue, EveryFailureTypeEndsTheJobFailedWithItsDetails) {
  for (size_t t = 0; t < failure_type_names.size(); ++t) {
    auto type = static_cast<failure_type>(t);
    auto j = take();
    EXPECT_EQ(ok<job_status>(put_job_failure_result{j.id, {type, "boom", "ext-9"}}),
              job_status::failed);
    auto record = ok<job_record>(get_job_details{j.id});
    EXPECT_EQ(record.status, job_status::failed);
    EXPECT_EQ(record.failure.type, type) << failure_type_names[t];
    EXPECT_EQ(record.failure.message, "boom");
    EXPECT_EQ(record.failure.external_execution_id, "ext-9");
  }
}

TEST_F(JobQueue, ResultsForJobsThatAreNotInProgressAreInvalidJobState) {
  auto queued = create();
  EXPECT_EQ(refusal<job_status>(put_job_failure_result{queued, {}}), job_error::invalid_job_state);
  auto dispatched = poll().at(0);
  EXPECT_EQ(refusal<job_success_recorded>(put_job_success_result{dispatched.id, {}, "", {}, {}}),
            job_error::invalid_job_state);
  EXPECT_EQ(ok<job_status>(acknowledge_job{dispatched.id, dispatched.nonce}), job_status::in_progress);
  EXPECT_EQ(ok<job_status>(put_job_failure_result{dispatched.id, {}}), job_status::failed);
  EXPECT_EQ(refusal<job_status>(put_job_failure_result{dispatched.id, {}}),
            job_error::invalid_job_state);
  EXPECT_EQ(refusal<job_success_recorded>(put_job_success_result{dispatched.id, {}, "", {}, {}}),
            job_error::invalid_job_state);
  // Acknowledging a finished job tells the worker how it ended.
  EXPECT_EQ(ok<job_status>(acknowledge_job{dispatched.id, dispatched.nonce}), job_status::failed);
}

TEST_F(JobQueue, ADispatchedJobNotAcknowledgedInTimeIsQueuedAgainWithANewNonce) {
  auto id = create();
  auto first = poll().at(0);
  EXPECT_EQ(status(id, 59'999), job_status::dispatched);
  EXPECT_EQ(status(id, 60'001), job_status::queued);
  EXPECT_EQ(refusal<job_status>(acknowledge_job{id, first.nonce}), job_error::invalid_nonce);
  auto second = poll().at(0);
  EXPECT_EQ(second.id, id);
  EXPECT_NE(second.nonce, first.nonce);
  EXPECT_EQ(refusal<job_status>(acknowledge_job{id, first.nonce}), job_error::invalid_nonce);
  EXPECT_EQ(ok<job_status>(acknowledge_job{id, second.nonce}), job_status::in_progress);
  // The first dispatch's timer is stale: the job stays InProgress.
  EXPECT_EQ(status(id, 200'000), job_status::in_progress);
}

TEST_F(JobQueue, AnAcknowledgedJobIsNotQueuedAgain) {
  auto j = take();
  EXPECT_EQ(status(j.id, 120'000), job_status::in_progress);
  EXPECT_TRUE(poll().empty());
}

TEST_F(JobQueue, AJobWithNoResultWithinItsTimeoutEndsTimedOut) {
  constexpr int64_t day = 24 * 3'600'000;
  auto in_progress = take();
  auto queued = create();
  EXPECT_EQ(status(in_progress.id, day - 1), job_status::in_progress);
  EXPECT_EQ(status(in_progress.id, day + 1), job_status::timed_out);
  EXPECT_EQ(status(queued), job_status::timed_out);
  EXPECT_TRUE(poll().empty());
  EXPECT_EQ(refusal<job_success_recorded>(put_job_success_result{in_progress.id, {}, "", {}, {}}),
            job_error::invalid_job_state);
  EXPECT_EQ(ok<job_status>(acknowledge_job{in_progress.id, in_progress.nonce}),
            job_status::timed_out);
}

TEST_F(JobQueue, EachContinuationJobHasATimeoutOfItsOwn) {
  constexpr int64_t day = 24 * 3'600'000;
  auto j = take();
  auto at = day - 1000;
  ASSERT_EQ(ok<job_status>(acknowledge_job{j.id, j.nonce}, at), job_status::in_progress);
  auto next = ok<job_success_recorded>(put_job_success_result{j.id, {}, "ct", {}, {}}).continuation_job_id;
  EXPECT_EQ(status(next, day + 1), job_status::queued);
  EXPECT_EQ(status(next, at + day + 1), job_status::timed_out);
}

TEST(JobQueueOptions, TimeoutsAreOptions) {
  job_queue_harness f{{1'000, 5'000, 7}};
  auto id = f.ok<uuid>(create_job{data_of()});
  auto polled = f.ok<polled_jobs>(poll_for_jobs{build_type(), 1, {}}).jobs;
  ASSERT_EQ(polled.size(), 1u);
  EXPECT_EQ(f.ok<job_record>(get_job_details{id}, 1'001).status, job_status::queued);
  EXPECT_EQ(f.ok<job_record>(get_job_details{id}, 5'001).status, job_status::timed_out);
}

}  // namespace
}  // namespace broadside::test
