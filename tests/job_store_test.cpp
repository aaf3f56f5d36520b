// The job source's jobs in SQLite (storage/job_store), beside the commands in
// the same database: every field of a job reads back after a reopen, a
// created job survives kill -9, and a database of commands only gains the
// jobs' tables.

#include "storage/command_store.hpp"
#include "storage/job_store.hpp"
#include "storage/schema.hpp"

#include "tests/killed_child.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

namespace broadside::storage {
namespace {

namespace fs = std::filesystem;

job_record every_field() {
  job_record r;
  r.id = make_uuid_v4(0x1234, 0x5678);
  r.data.action_type = {action_category::deploy, action_owner::custom, "My-Provider_1", "12"};
  r.data.configuration = {{"ProjectName", "héllo ✓"}, {"Env", "prod"}, {"Empty", ""}};
  r.data.pipeline = {"MyPipeline", "Deploy", "Ship", "aeid-1",
                     "arn:aws:codepipeline:us-east-1:111122223333:MyPipeline", "peid-1"};
  r.data.input_artifacts = {{"MyApp", "r1", "bucket", "key/one"}, {"Other", "", "b2", "k2"}};
  r.data.output_artifacts = {{"Built", "", "out-bucket", "out/key"}};
  r.data.continuation_token = "ct-日本語";
  r.status = job_status::succeeded;
  r.nonce = "17";
  r.created_ms = 1'700'000'000'123;
  r.revision = {"abc", "c1", 1'704'164'645'000, "the summary"};
  r.execution = {"done — all of it", "ext-1", 100};
  r.output_variables = {{"k1", "v1"}, {"k2", "✓"}};
  r.failure = {failure_type::system_unavailable, "boom", "ext-9"};
  return r;
}

job_record queued(uint64_t n) {
  job_record r;
  r.id = make_uuid_v4(n, n);
  r.data.action_type = {action_category::build, action_owner::custom, "P", "1"};
  r.status = job_status::queued;
  r.created_ms = static_cast<int64_t>(n) * 1000;
  return r;
}

void expect_same(const artifact& a, const artifact& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.revision, b.revision);
  EXPECT_EQ(a.bucket_name, b.bucket_name);
  EXPECT_EQ(a.object_key, b.object_key);
}

void expect_same(const std::vector<artifact>& a, const std::vector<artifact>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    expect_same(a[i], b[i]);
}

void expect_same(const job_record& a, const job_record& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.data.action_type, b.data.action_type);
  EXPECT_EQ(a.data.configuration, b.data.configuration);
  const auto& p = a.data.pipeline;
  const auto& q = b.data.pipeline;
  EXPECT_EQ(p.pipeline_name, q.pipeline_name);
  EXPECT_EQ(p.stage_name, q.stage_name);
  EXPECT_EQ(p.action_name, q.action_name);
  EXPECT_EQ(p.action_execution_id, q.action_execution_id);
  EXPECT_EQ(p.pipeline_arn, q.pipeline_arn);
  EXPECT_EQ(p.pipeline_execution_id, q.pipeline_execution_id);
  expect_same(a.data.input_artifacts, b.data.input_artifacts);
  expect_same(a.data.output_artifacts, b.data.output_artifacts);
  EXPECT_EQ(a.data.continuation_token, b.data.continuation_token);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.nonce, b.nonce);
  EXPECT_EQ(a.created_ms, b.created_ms);
  EXPECT_EQ(a.revision.revision, b.revision.revision);
  EXPECT_EQ(a.revision.change_identifier, b.revision.change_identifier);
  EXPECT_EQ(a.revision.created_ms, b.revision.created_ms);
  EXPECT_EQ(a.revision.revision_summary, b.revision.revision_summary);
  EXPECT_EQ(a.execution.summary, b.execution.summary);
  EXPECT_EQ(a.execution.external_execution_id, b.execution.external_execution_id);
  EXPECT_EQ(a.execution.percent_complete, b.execution.percent_complete);
  EXPECT_EQ(a.output_variables, b.output_variables);
  EXPECT_EQ(a.failure.type, b.failure.type);
  EXPECT_EQ(a.failure.message, b.failure.message);
  EXPECT_EQ(a.failure.external_execution_id, b.failure.external_execution_id);
}

class JobStore : public ::testing::Test {
 protected:
  JobStore() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path()
           / ("broadside-job-store-" + std::to_string(::getpid()) + "-" + test->name());
    fs::remove_all(dir_);
    file_ = dir_ / "state" / "broadside.db";
  }
  ~JobStore() override { fs::remove_all(dir_); }

  fs::path dir_;
  fs::path file_;
};

TEST_F(JobStore, RoundTripsEveryFieldAcrossReopens) {
  auto full = every_field();
  auto dispatched = queued(2);
  auto continued = queued(3);
  auto continuation = queued(4);
  continuation.data.continuation_token = "ct-2";
  {
    database db{file_};
    job_store store{db};
    auto created = full;
    created.status = job_status::queued;
    created.nonce.clear();
    created.revision = {};
    created.execution = {};
    created.output_variables.clear();
    created.failure = {};
    store.job_created(created);
    store.job_created(dispatched);
    store.job_created(continued);
    store.job_changed(full);
    dispatched.status = job_status::dispatched;
    dispatched.nonce = "18";
    store.job_changed(dispatched);
    continued.status = job_status::succeeded;
    store.job_continued(continued, continuation);
    store.nonces_reserved(2048);
  }
  for (int reopen = 0; reopen < 2; ++reopen) {
    database db{file_};
    job_store store{db};
    auto stored = store.load();
    ASSERT_EQ(stored.jobs.size(), 4u);
    expect_same(stored.jobs[0], full);
    expect_same(stored.jobs[1], dispatched);
    expect_same(stored.jobs[2], continued);
    expect_same(stored.jobs[3], continuation);
    EXPECT_EQ(stored.nonces_reserved, 2048u);
  }
}

TEST_F(JobStore, EveryStatusAndFailureTypeReadsBack) {
  database db{file_};
  job_store store{db};
  std::vector<job_record> jobs;
  for (size_t s = 0; s < job_status_names.size(); ++s)
    for (size_t f = 0; f < failure_type_names.size(); ++f) {
      auto r = queued(jobs.size() + 1);
      store.job_created(r);
      r.status = static_cast<job_status>(s);
      r.failure.type = static_cast<failure_type>(f);
      store.job_reported(r);
      jobs.push_back(r);
    }
  auto stored = store.load();
  ASSERT_EQ(stored.jobs.size(), jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i)
    expect_same(stored.jobs[i], jobs[i]);
}

TEST_F(JobStore, LoadSeesBufferedChangesAndACleanCloseCommitsThem) {
  auto r = queued(1);
  {
    database db{file_};
    job_store store{db};
    EXPECT_EQ(store.load().nonces_reserved, 0u);
    store.job_created(r);
    r.status = job_status::dispatched;
    r.nonce = "1";
    store.job_changed(r);
    ASSERT_EQ(store.load().jobs.size(), 1u);
    expect_same(store.load().jobs[0], r);
    r.status = job_status::timed_out;
    store.job_changed(r);
  }  // well within the batch window
  database db{file_};
  job_store store{db};
  auto stored = store.load();
  ASSERT_EQ(stored.jobs.size(), 1u);
  expect_same(stored.jobs[0], r);
}

TEST_F(JobStore, ACreatedJobSurvivesKill9) {
  auto first = every_field();
  auto second = queued(2);
  auto acknowledged = queued(3);
  test::run_then_kill([&] {
    database db{file_};
    job_store store{db};
    store.job_created(first);
    store.job_created(acknowledged);
    // Buffered, then committed by the durable writes after it.
    acknowledged.status = job_status::dispatched;
    acknowledged.nonce = "1";
    store.job_changed(acknowledged);
    acknowledged.status = job_status::in_progress;
    store.job_reported(acknowledged);
    store.job_created(second);
  });
  if (HasFatalFailure())
    return;

  database db{file_};
  job_store store{db};
  auto stored = store.load();
  ASSERT_EQ(stored.jobs.size(), 3u);
  expect_same(stored.jobs[0], first);
  acknowledged.status = job_status::in_progress;
  acknowledged.nonce = "1";
  expect_same(stored.jobs[1], acknowledged);
  expect_same(stored.jobs[2], second);
}

TEST_F(JobStore, ACreatedJobIdIsStoredOnce) {
  database db{file_};
  job_store store{db};
  store.job_created(queued(1));
  EXPECT_THROW(store.job_created(queued(1)), std::runtime_error);
  // The failed write left the database usable.
  store.job_created(queued(2));
  EXPECT_EQ(store.load().jobs.size(), 2u);
}

TEST_F(JobStore, SharesTheDatabaseWithTheCommands) {
  send_command request;
  request.command_id = make_uuid_v4(9, 9);
  request.document_name = "AWS-RunShellScript";
  request.commands = {"true"};
  command_view c;
  c.sequence = 1;
  c.request = std::make_shared<const send_command>(request);
  auto r = queued(1);
  {
    database db{file_};
    command_store commands{db};
    job_store jobs{db};
    database::wait_until_durable(
        [&](database::durable_done done) { commands.command_accepted(c, done); });
    jobs.job_created(r);
    commands.command_changed(request.command_id, command_details::success, {1, 1, 0, 0});
    r.status = job_status::dispatched;
    jobs.job_changed(r);
  }
  database db{file_};
  command_store commands{db};
  job_store jobs{db};
  auto stored_commands = commands.load();
  ASSERT_EQ(stored_commands.size(), 1u);
  EXPECT_EQ(stored_commands[0].view.details, command_details::success);
  auto stored_jobs = jobs.load();
  ASSERT_EQ(stored_jobs.jobs.size(), 1u);
  EXPECT_EQ(stored_jobs.jobs[0].status, job_status::dispatched);
}

TEST_F(JobStore, ADatabaseOfCommandsOnlyGainsTheJobs) {
  { database db{file_}; }
  // Back to the first layout, as a build before the job store left it.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(raw,
                         "DROP TABLE jobs; DROP TABLE job_nonces; DROP TABLE saved_commands; "
                         "DROP TABLE managed_nodes; "
                         "ALTER TABLE invocations DROP COLUMN error_code; "
                         "ALTER TABLE invocations DROP COLUMN output_dropped; PRAGMA user_version = 1",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  database db{file_};
  job_store store{db};
  EXPECT_TRUE(store.load().jobs.empty());
  store.job_created(queued(1));
  EXPECT_EQ(store.load().jobs.size(), 1u);
  db.read([](sqlite::connection& c) {
    sqlite::statement version{c, "PRAGMA user_version"};
    ASSERT_TRUE(version.next_row());
    EXPECT_EQ(version.integer(0), schema::version);
    version.next_row();
  });
}

}  // namespace
}  // namespace broadside::storage
