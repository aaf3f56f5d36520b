// The service's commands in SQLite (storage/command_store): everything the
// registry tells the store reads back after a reopen, an accepted command
// survives kill -9, and files the database cannot use are refused by name.

#include "storage/command_store.hpp"
#include "storage/managed_node_store.hpp"
#include "storage/saved_command_store.hpp"
#include "storage/schema.hpp"

#include "tests/killed_child.hpp"

#include <gtest/gtest.h>

#include <future>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace broadside::storage {
namespace {

namespace fs = std::filesystem;

cloud_assistant_task every_task_field() {
  cloud_assistant_task t;
  t.command_id = "c-0123456789abcdef0123456789abcdef";
  t.invoke_id = "t-0123456789abcdef0123456789abcdef";
  t.name = "nightly — 日本語";
  t.description = "d";
  t.type = script_type::run_power_shell_script;
  t.content = "ZWNobyB7e25hbWV9fQ==";
  t.parameters = R"({"name":"Jack"})";
  t.enable_parameter = true;
  t.repeat = repeat_mode::period;
  t.frequency = "0 0/30 10-11 * * ? 2030 GMT+8:00";
  t.timeout_s = 600;
  t.container_id = "docker://abc";
  t.container_name = "web-1";
  t.windows_password_name = "deploy-password";
  t.keep_command = true;
  t.parent = make_uuid_v4(9, 9);
  return t;
}

void expect_same(const cloud_assistant_task& a, const cloud_assistant_task& b) {
  EXPECT_EQ(a.command_id, b.command_id);
  EXPECT_EQ(a.invoke_id, b.invoke_id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.content, b.content);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.enable_parameter, b.enable_parameter);
  EXPECT_EQ(a.repeat, b.repeat);
  EXPECT_EQ(a.frequency, b.frequency);
  EXPECT_EQ(a.timeout_s, b.timeout_s);
  EXPECT_EQ(a.container_id, b.container_id);
  EXPECT_EQ(a.container_name, b.container_name);
  EXPECT_EQ(a.windows_password_name, b.windows_password_name);
  EXPECT_EQ(a.keep_command, b.keep_command);
  EXPECT_EQ(a.parent, b.parent);
}

send_command every_field() {
  send_command c;
  c.command_id = make_uuid_v4(0x1234, 0x5678);
  c.instance_ids = {"i-0123456789abcdef0", "i-0123456789abcdef1"};
  c.targets = {{"tag:role", {"web", "db"}}, {"InstanceIds", {"i-0123456789abcdef2"}}};
  c.document_name = "AWS-RunShellScript";
  c.commands = {"echo \"héllo\" ✓", "uname -a", ""};
  c.working_directory = "/var/tmp";
  c.parameters = {{"commands", {"echo \"héllo\" ✓", "uname -a", ""}},
                  {"executionTimeout", {"600"}},
                  {"workingDirectory", {"/var/tmp"}}};
  c.max_concurrency = "10%";
  c.max_errors = "3";
  c.delivery_timeout_ms = 120'000;
  c.execution_timeout_ms = 600'000;
  c.comment = "rolling restart — 日本語";
  c.ramp = ramp_mode::none;
  c.deadline = deadline_mode::per_invocation;
  c.username = "deploy";
  c.encoding = content_encoding::base64;
  c.cloud_assistant = every_task_field();
  return c;
}

send_command minimal(uint64_t n) {
  send_command c;
  c.command_id = make_uuid_v4(n, n);
  c.document_name = "AWS-RunShellScript";
  c.commands = {"true"};
  return c;
}

command_view accepted(send_command request, uint64_t sequence, int64_t requested_ms) {
  command_view v;
  v.sequence = sequence;
  v.requested_ms = requested_ms;
  v.expires_ms = requested_ms + request.delivery_timeout_ms + request.execution_timeout_ms;
  v.request = std::make_shared<const send_command>(std::move(request));
  return v;
}

// Stores `c` and waits until it is durable; throws if it could not be stored.
void store_durably(command_store& store, const command_view& c) {
  database::wait_until_durable([&](database::durable_done done) { store.command_accepted(c, done); });
}

// Every byte but NUL, some invalid as UTF-8.
std::string binaryish() {
  std::string s;
  for (int b = 1; b < 256; ++b)
    s.push_back(static_cast<char>(b));
  return s;
}

invocation_view ended(uint32_t target, const std::string& instance_id, invocation_details d,
                      int32_t code, std::string out, std::string err) {
  invocation_view i;
  i.instance_id = instance_id;
  i.target = target;
  i.details = d;
  i.response_code = code;
  i.start_ms = 1'700'000'001'000 + target;
  i.end_ms = 1'700'000'002'000 + target;
  i.standard_output = std::move(out);
  i.standard_error = std::move(err);
  return i;
}

void expect_same(const send_command& a, const send_command& b) {
  EXPECT_EQ(a.command_id, b.command_id);
  EXPECT_EQ(a.instance_ids, b.instance_ids);
  ASSERT_EQ(a.targets.size(), b.targets.size());
  for (size_t t = 0; t < a.targets.size(); ++t) {
    EXPECT_EQ(a.targets[t].key, b.targets[t].key);
    EXPECT_EQ(a.targets[t].values, b.targets[t].values);
  }
  EXPECT_EQ(a.document_name, b.document_name);
  EXPECT_EQ(a.commands, b.commands);
  EXPECT_EQ(a.working_directory, b.working_directory);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.max_concurrency, b.max_concurrency);
  EXPECT_EQ(a.max_errors, b.max_errors);
  EXPECT_EQ(a.delivery_timeout_ms, b.delivery_timeout_ms);
  EXPECT_EQ(a.execution_timeout_ms, b.execution_timeout_ms);
  EXPECT_EQ(a.comment, b.comment);
  EXPECT_EQ(a.ramp, b.ramp);
  EXPECT_EQ(a.deadline, b.deadline);
  EXPECT_EQ(a.username, b.username);
  EXPECT_EQ(a.encoding, b.encoding);
  expect_same(a.cloud_assistant, b.cloud_assistant);
}

void expect_same(const command_view& a, const command_view& b) {
  ASSERT_TRUE(a.request && b.request);
  expect_same(*a.request, *b.request);
  EXPECT_EQ(a.sequence, b.sequence);
  EXPECT_EQ(a.requested_ms, b.requested_ms);
  EXPECT_EQ(a.expires_ms, b.expires_ms);
  EXPECT_EQ(a.details, b.details);
  EXPECT_EQ(a.counts, b.counts);
}

void expect_same(const invocation_view& a, const invocation_view& b) {
  EXPECT_EQ(a.instance_id, b.instance_id);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(a.details, b.details);
  EXPECT_EQ(a.response_code, b.response_code);
  EXPECT_EQ(a.start_ms, b.start_ms);
  EXPECT_EQ(a.end_ms, b.end_ms);
  EXPECT_EQ(a.standard_output, b.standard_output);
  EXPECT_EQ(a.standard_error, b.standard_error);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.output_dropped, b.output_dropped);
}

// The what() of opening `file`, empty if it opened.
std::string open_error(const fs::path& file) {
  try {
    database db{file};
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

class CommandStore : public ::testing::Test {
 protected:
  CommandStore() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path()
           / ("broadside-command-store-" + std::to_string(::getpid()) + "-" + test->name());
    fs::remove_all(dir_);
    file_ = dir_ / "state" / "commands.db";  // the store makes its directory
  }
  ~CommandStore() override { fs::remove_all(dir_); }

  fs::path dir_;
  fs::path file_;
};

TEST_F(CommandStore, RoundTripsEverythingAcrossReopens) {
  auto first = accepted(every_field(), 1, 1'700'000'000'000);
  auto second = accepted(minimal(2), 2, 1'700'000'000'500);
  std::vector<std::string> ids{"i-0123456789abcdef0", "i-0123456789abcdef1",
                               "i-0123456789abcdef2"};
  std::vector<invocation_view> invocations{
      ended(0, ids[0], invocation_details::success, 0, "héllo ✓ 日本語\n", ""),
      ended(1, ids[1], invocation_details::failed, 2, binaryish(), "error: ✗\n"),
      ended(2, ids[2], invocation_details::execution_timed_out, -1, std::string(24'000, 'x'),
            std::string(24'000, '\xe9')),
  };
  invocations[1].error = instance_error::exit_code_nonzero;
  invocations[2].error = instance_error::execution_timeout;
  invocations[2].output_dropped = 5'000'000'000;  // the agent kept only the heads
  command_counts counts{3, 3, 2, 0};
  {
    database db{file_};
    command_store store{db};
    store_durably(store, first);
    store_durably(store, second);
    store.targets_resolved(first.request->command_id, ids);
    // Reported out of target order, with an earlier state each time.
    for (auto t : {2u, 0u, 1u}) {
      auto running = invocations[t];
      running.details = invocation_details::in_progress;
      running.standard_output.clear();
      store.invocation_changed(first.request->command_id, running);
      store.invocation_changed(first.request->command_id, invocations[t]);
    }
    store.command_changed(first.request->command_id, command_details::in_progress, {3, 1, 0, 0});
    store.command_changed(first.request->command_id, command_details::failed, counts);
  }
  first.details = command_details::failed;
  first.counts = counts;
  for (int reopen = 0; reopen < 2; ++reopen) {
    database db{file_};
    command_store store{db};
    auto stored = store.load();
    ASSERT_EQ(stored.size(), 2u);
    expect_same(stored[0].view, first);
    expect_same(stored[1].view, second);
    ASSERT_EQ(stored[0].invocations.size(), 3u);
    for (size_t t = 0; t < 3; ++t)
      expect_same(stored[0].invocations[t], invocations[t]);
    EXPECT_TRUE(stored[1].invocations.empty());
  }
}

TEST_F(CommandStore, ASentFileKeepsItsFile) {
  auto request = minimal(3);
  request.document_name = "ACS-SendFile";
  request.file = {"app.conf", "/etc/app", "deploy", "staff", "0640", true};
  {
    database db{file_};
    command_store store{db};
    store_durably(store, accepted(request, 1, 1'700'000'000'000));
  }
  database db{file_};
  command_store store{db};
  auto stored = store.load();
  ASSERT_EQ(stored.size(), 1u);
  const auto& f = stored[0].view.request->file;
  EXPECT_EQ(f.name, "app.conf");
  EXPECT_EQ(f.target_dir, "/etc/app");
  EXPECT_EQ(f.owner, "deploy");
  EXPECT_EQ(f.group, "staff");
  EXPECT_EQ(f.mode, "0640");
  EXPECT_TRUE(f.overwrite);
}

TEST_F(CommandStore, ResolvedTargetsArePendingUntilTheyChange) {
  database db{file_};
  command_store store{db};
  auto c = accepted(minimal(1), 1, 1000);
  store_durably(store, c);
  store.targets_resolved(c.request->command_id, {"i-a", "i-b"});
  auto stored = store.load();
  ASSERT_EQ(stored.size(), 1u);
  ASSERT_EQ(stored[0].invocations.size(), 2u);
  invocation_view pending;
  pending.instance_id = "i-b";
  pending.target = 1;
  expect_same(stored[0].invocations[1], pending);
}

TEST_F(CommandStore, BufferedChangesSurviveACleanClose) {
  auto c = accepted(minimal(7), 1, 1000);
  auto done = ended(0, "i-a", invocation_details::success, 0, "done\n", "");
  {
    database db{file_};
    command_store store{db};
    store_durably(store, c);
    store.targets_resolved(c.request->command_id, {"i-a"});
    store.invocation_changed(c.request->command_id, done);
    store.command_changed(c.request->command_id, command_details::success, {1, 1, 0, 0});
  }  // well within the batch window
  database db{file_};
  command_store store{db};
  auto stored = store.load();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].view.details, command_details::success);
  ASSERT_EQ(stored[0].invocations.size(), 1u);
  expect_same(stored[0].invocations[0], done);
}

TEST_F(CommandStore, AnAcceptedCommandSurvivesKill9) {
  auto first = accepted(every_field(), 1, 1000);
  auto second = accepted(minimal(2), 2, 2000);
  auto done = ended(0, "i-a", invocation_details::success, 0, "done\n", "");
  test::run_then_kill([&] {
    database db{file_};
    command_store store{db};
    store_durably(store, first);
    store.targets_resolved(first.request->command_id, {"i-a"});
    store.invocation_changed(first.request->command_id, done);
    // Commits what is buffered before it, too.
    store_durably(store, second);
  });
  if (HasFatalFailure())
    return;

  database db{file_};
  command_store store{db};
  auto stored = store.load();
  ASSERT_EQ(stored.size(), 2u);
  expect_same(stored[0].view, first);
  expect_same(stored[1].view, second);
  ASSERT_EQ(stored[0].invocations.size(), 1u);
  expect_same(stored[0].invocations[0], done);
}

// Commands accepted at once are fsynced together; one that cannot be stored
// (a sequence stored already) is refused alone, the others are kept.
TEST_F(CommandStore, CommandsAcceptedTogetherAreStoredTogetherButFailAlone) {
  std::vector<command_view> commands;
  for (uint64_t n = 1; n <= 50; ++n)
    commands.push_back(accepted(minimal(n), n, 1000 + static_cast<int64_t>(n)));
  auto clash = accepted(minimal(99), 7, 5000);  // sequence 7 is taken
  {
    database db{file_};
    command_store store{db};
    std::vector<std::future<void>> told;
    std::vector<std::promise<void>> promises(commands.size() + 1);
    for (size_t i = 0; i < commands.size(); ++i) {
      told.push_back(promises[i].get_future());
      store.command_accepted(commands[i], database::fulfilling(promises[i]));
      if (i == 10) {
        told.push_back(promises.back().get_future());
        store.command_accepted(clash, database::fulfilling(promises.back()));
      }
    }
    for (size_t i = 0; i < told.size(); ++i) {
      if (i == 11)
        EXPECT_THROW(told[i].get(), std::exception);
      else
        EXPECT_NO_THROW(told[i].get()) << i;
    }
  }
  database db{file_};
  command_store store{db};
  auto stored = store.load();
  ASSERT_EQ(stored.size(), commands.size());
  for (size_t i = 0; i < commands.size(); ++i)
    expect_same(stored[i].view, commands[i]);
}

// A database of version 2 (before invocations had an ErrorCode) opens: the
// column is added, its invocations have none, and new ones keep theirs.
TEST_F(CommandStore, ADatabaseWithoutErrorCodesIsMigrated) {
  auto c = accepted(minimal(3), 1, 1000);
  auto before = ended(0, "i-a", invocation_details::failed, 1, "out", "err");
  {
    database db{file_};
    command_store store{db};
    store_durably(store, c);
    store.targets_resolved(c.request->command_id, {"i-a", "i-b"});
    store.invocation_changed(c.request->command_id, before);
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(raw,
                         "DROP TABLE saved_commands; DROP TABLE managed_nodes; "
                         "ALTER TABLE invocations DROP COLUMN error_code; "
                         "ALTER TABLE invocations DROP COLUMN output_dropped; "
                         "PRAGMA user_version = 2;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  auto after = ended(1, "i-b", invocation_details::delivery_timed_out, -1, "", "");
  after.error = instance_error::client_not_running;
  {
    database db{file_};
    command_store store{db};
    auto stored = store.load();
    ASSERT_EQ(stored.size(), 1u);
    ASSERT_EQ(stored[0].invocations.size(), 2u);
    expect_same(stored[0].invocations[0], before);
    store.invocation_changed(c.request->command_id, after);
  }
  database db{file_};
  command_store store{db};
  auto stored = store.load();
  ASSERT_EQ(stored.size(), 1u);
  ASSERT_EQ(stored[0].invocations.size(), 2u);
  expect_same(stored[0].invocations[1], after);
}

TEST_F(CommandStore, RefusesASchemaFromTheFuture) {
  { database db{file_}; }
  auto future = std::to_string(schema::version + 1);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, ("PRAGMA user_version = " + future).c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto error = open_error(file_);
  EXPECT_NE(error.find(file_.string()), std::string::npos) << error;
  EXPECT_NE(error.find("schema version " + future + ", newer"), std::string::npos) << error;
}

TEST_F(CommandStore, RefusesAFileThatIsNoDatabase) {
  fs::create_directories(file_.parent_path());
  {
    std::ofstream out{file_, std::ios::binary};
    for (int line = 0; line < 200; ++line)
      out << "this is the service's configuration, not its database\n";
  }
  auto error = open_error(file_);
  EXPECT_NE(error.find(file_.string()), std::string::npos) << error;
  EXPECT_NE(error.find("file is not a database"), std::string::npos) << error;
}

// Cloud Assistant's saved commands: every field back after a reopen, a
// second save of an id replacing the first.
TEST_F(CommandStore, SavedCommandsSurviveReopens) {
  saved_command first{every_task_field(), content_encoding::base64, "/srv", 1'700'000'000'000};
  saved_command second = first;
  second.task.command_id = "c-ffffffffffffffffffffffffffffffff";
  second.task.parameters.clear();
  {
    database db{file_};
    saved_command_store store{db};
    store.save(first);
    store.save(second);
    first.working_dir = "/opt";
    store.save(first);
  }
  database db{file_};
  auto stored = saved_command_store{db}.load();
  ASSERT_EQ(stored.size(), 2u);
  expect_same(stored[0].task, second.task);
  expect_same(stored[1].task, first.task);
  EXPECT_EQ(stored[1].working_dir, "/opt");
  EXPECT_EQ(stored[1].encoding, content_encoding::base64);
  EXPECT_EQ(stored[1].created_ms, 1'700'000'000'000);
}

TEST_F(CommandStore, RegisteredAgentsSurviveReopens) {
  node_info web{"mi-0123456789abcdef0", platform_type::linux_os, "3.3.0.0",
                {{"role", "web"}, {"env", "prod — 本番"}}, "boot-1"};
  node_info db_node{"mi-0123456789abcdef1", platform_type::windows, "2.1.3.282", {}, ""};
  {
    database db{file_};
    managed_node_store store{db};
    store.save({web, 1'700'000'000'000});
    store.save({db_node, 1'700'000'000'100});
    web.boot_id = "boot-2";  // the same agent again, after a reboot
    store.save({web, 1'700'000'000'200});
  }
  database db{file_};
  auto stored = managed_node_store{db}.load();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].info.instance_id, db_node.instance_id);
  EXPECT_EQ(stored[0].info.platform, platform_type::windows);
  EXPECT_EQ(stored[0].info.agent_version, "2.1.3.282");
  EXPECT_TRUE(stored[0].info.tags.empty());
  EXPECT_EQ(stored[1].info.instance_id, web.instance_id);
  EXPECT_EQ(stored[1].info.tags, web.tags);
  EXPECT_EQ(stored[1].info.boot_id, "boot-2");
  EXPECT_EQ(stored[1].registered_ms, 1'700'000'000'200);
}

}  // namespace
}  // namespace broadside::storage
