// The job source after a restart (docs/codepipeline.md, "Restarts"): a job
// queue on a store is stopped, its database closed and opened again, and a
// new job queue built on it, in virtual time: every job is where it was, and
// the timers of the ones still waiting run on from what was stored.

#include "storage/job_store.hpp"
#include "tests/job_queue_fixture.hpp"

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

namespace broadside::test {
namespace {

namespace fs = std::filesystem;

constexpr int64_t second = 1'000;
constexpr int64_t hour = 3'600'000;
constexpr int64_t day = 24 * hour;

action_type_id build_type() {
  return {action_category::build, action_owner::custom, "MyProvider", "1"};
}

job_data data_of(std::string project) {
  job_data d;
  d.action_type = build_type();
  d.configuration = {{"ProjectName", std::move(project)}};
  d.pipeline = {"MyPipeline", "Build", "Compile", "", "", ""};
  d.input_artifacts = {{"MyApp", "r1", "bucket", "key"}};
  return d;
}

// The job store the queue runs on, in a database of its own. A base of the
// test, so that it outlives the job queue.
class job_database {
 protected:
  job_database() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path()
           / ("broadside-job-restart-" + std::to_string(::getpid()) + "-" + test->name());
    fs::remove_all(dir_);
    open();
  }
  ~job_database() {
    store_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  void open() {
    db_ = std::make_unique<storage::database>(dir_ / "jobs.db");
    store_ = std::make_unique<storage::job_store>(*db_);
  }
  void close() {
    store_.reset();
    db_.reset();
  }

  fs::path dir_;
  std::unique_ptr<storage::database> db_;
  std::unique_ptr<storage::job_store> store_;
};

class JobQueueRestart : public ::testing::Test, public job_database, public job_queue_harness {
 protected:
  JobQueueRestart() : job_queue_harness({}, store_.get()) {}

  // The service stops now and starts again at `at_ms`, on what it stored.
  void restart(int64_t at_ms) {
    stop();
    close();
    wait_until(at_ms);
    open();
    start(store_.get());
  }

  uuid create(std::string project) { return ok<uuid>(create_job{data_of(std::move(project))}); }

  std::vector<job> poll(uint32_t max, int64_t at_ms = 0) {
    return ok<polled_jobs>(poll_for_jobs{build_type(), max, {}}, at_ms).jobs;
  }

  job_record details(const uuid& id, int64_t at_ms = 0) {
    return ok<job_record>(get_job_details{id}, at_ms);
  }

  // A job polled and acknowledged: InProgress.
  job take(std::string project) {
    auto id = create(std::move(project));
    auto polled = poll(1);
    EXPECT_EQ(polled.size(), 1u);
    EXPECT_EQ(polled.at(0).id, id);
    EXPECT_EQ(ok<job_status>(acknowledge_job{id, polled.at(0).nonce}), job_status::in_progress);
    return polled.at(0);
  }
};

TEST_F(JobQueueRestart, EveryJobIsWhereItWasWithItsDataAndResult) {
  auto succeeded = take("succeeded");
  put_job_success_result success{succeeded.id, {"abc", "c1", 1'704'164'645'000, "summary"},
                                 "", {"ok", "ext-1", 100}, {{"k1", "v1"}}};
  ASSERT_FALSE(ok<job_success_recorded>(success).continued);
  auto failed = take("failed");
  ASSERT_EQ(ok<job_status>(put_job_failure_result{
                failed.id, {failure_type::revision_out_of_sync, "boom", "ext-2"}}),
            job_status::failed);
  auto in_progress = take("in progress");
  auto dispatched_id = create("dispatched");
  auto dispatched = poll(1).at(0);
  auto queued = create("queued");
  std::vector<job_record> before;
  for (const auto& id : {succeeded.id, failed.id, in_progress.id, dispatched_id, queued})
    before.push_back(details(id));

  restart(10 * second);

  for (const auto& was : before) {
    auto now = details(was.id);
    EXPECT_EQ(now.status, was.status) << now.data.configuration.at("ProjectName");
    EXPECT_EQ(now.nonce, was.nonce);
    EXPECT_EQ(now.created_ms, was.created_ms);
    EXPECT_EQ(now.data.configuration, was.data.configuration);
    EXPECT_EQ(now.data.pipeline.action_name, "Compile");
    EXPECT_EQ(now.data.input_artifacts.at(0).bucket_name, "bucket");
  }
  auto done = details(succeeded.id);
  EXPECT_EQ(done.revision.revision, "abc");
  EXPECT_EQ(done.revision.created_ms, 1'704'164'645'000);
  EXPECT_EQ(done.execution.percent_complete, 100);
  EXPECT_EQ(done.output_variables.at("k1"), "v1");
  EXPECT_EQ(details(failed.id).failure.type, failure_type::revision_out_of_sync);
  EXPECT_EQ(details(failed.id).failure.external_execution_id, "ext-2");
  EXPECT_EQ(details(dispatched_id).nonce, dispatched.nonce);
  // The queued job is polled again, and nothing else is.
  auto polled = poll(10);
  ASSERT_EQ(polled.size(), 1u);
  EXPECT_EQ(polled[0].id, queued);
  // Ended jobs take no results; the in-progress one still does.
  EXPECT_EQ(refusal<job_status>(put_job_failure_result{succeeded.id, {}}),
            job_error::invalid_job_state);
  EXPECT_EQ(ok<job_status>(put_job_failure_result{in_progress.id, {}}), job_status::failed);
}

TEST_F(JobQueueRestart, ADispatchedJobKeepsItsNonceAndGetsAWholeAcknowledgementTimeout) {
  auto id = create("a");
  auto dispatched = poll(1).at(0);
  restart(50 * second);  // 10 s before its first acknowledgement timeout
  EXPECT_EQ(details(id, 109 * second).status, job_status::dispatched);
  EXPECT_EQ(details(id, 111 * second).status, job_status::queued);
  EXPECT_EQ(refusal<job_status>(acknowledge_job{id, dispatched.nonce}), job_error::invalid_nonce);

  auto other = create("b");
  auto again = poll(1).at(0);
  EXPECT_EQ(again.id, id);
  restart(120 * second);
  // The worker that polled it before the restart acknowledges it after.
  EXPECT_EQ(ok<job_status>(acknowledge_job{id, again.nonce}), job_status::in_progress);
  EXPECT_EQ(details(id, 300 * second).status, job_status::in_progress);
  EXPECT_EQ(details(other).status, job_status::queued);
}

TEST_F(JobQueueRestart, JobsNotEndedTimeOutADayAfterTheyWereQueued) {
  auto in_progress = take("in progress");
  auto dispatched_id = create("dispatched");
  ASSERT_EQ(poll(1, 2 * hour).at(0).id, dispatched_id);
  auto queued = create("queued");  // at 2 h
  restart(10 * hour);
  EXPECT_EQ(details(in_progress.id, day - 1).status, job_status::in_progress);
  EXPECT_EQ(details(in_progress.id, day + 1).status, job_status::timed_out);
  EXPECT_EQ(details(dispatched_id).status, job_status::timed_out);
  EXPECT_EQ(details(queued).status, job_status::queued);
  EXPECT_EQ(details(queued, day + 2 * hour + 1).status, job_status::timed_out);
  EXPECT_TRUE(poll(10).empty());
}

TEST_F(JobQueueRestart, JobsWhoseDayPassedWhileTheServiceWasDownEndTimedOutAtOnce) {
  auto in_progress = take("in progress");
  auto queued = create("queued");
  auto late = ok<uuid>(create_job{data_of("late")}, 3 * hour);
  restart(day + hour);
  EXPECT_EQ(details(in_progress.id).status, job_status::timed_out);
  EXPECT_EQ(details(queued).status, job_status::timed_out);
  EXPECT_EQ(details(late).status, job_status::queued);
  // Known again: the action type of ended jobs is no ActionTypeNotFound.
  auto polled = poll(10);
  ASSERT_EQ(polled.size(), 1u);
  EXPECT_EQ(polled[0].id, late);
  // The time-outs were stored too.
  restart(day + 2 * hour);
  EXPECT_EQ(details(in_progress.id).status, job_status::timed_out);
  EXPECT_EQ(ok<job_status>(acknowledge_job{in_progress.id, in_progress.nonce}),
            job_status::timed_out);
}

TEST_F(JobQueueRestart, AContinuationJobIsStoredWithTheSuccessThatQueuedIt) {
  auto j = take("a");
  auto recorded = ok<job_success_recorded>(
      put_job_success_result{j.id, {}, "ct-1", {"half way", "", 50}, {}});
  ASSERT_TRUE(recorded.continued);
  restart(second);
  EXPECT_EQ(details(j.id).status, job_status::succeeded);
  EXPECT_EQ(details(j.id).execution.summary, "half way");
  auto next = poll(10);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].id, recorded.continuation_job_id);
  EXPECT_EQ(next[0].data.continuation_token, "ct-1");
}

TEST_F(JobQueueRestart, NewJobsAndNoncesNeverRepeatOnesFromBefore) {
  auto first = create("a");
  auto nonce = poll(1).at(0).nonce;
  EXPECT_EQ(nonce, "1");
  restart(second);
  // The same seed draws the same ids again: the stored ones are skipped.
  auto second_job = create("b");
  EXPECT_NE(second_job, first);
  // The nonces the earlier life reserved may all have been handed out.
  auto polled = poll(1);
  ASSERT_EQ(polled.size(), 1u);
  EXPECT_EQ(polled[0].id, second_job);
  EXPECT_GT(std::stoull(polled[0].nonce), 1'000u);
  EXPECT_EQ(ok<job_status>(acknowledge_job{first, nonce}), job_status::in_progress);
}

}  // namespace
}  // namespace broadside::test
