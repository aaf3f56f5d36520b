// The real agent actor, driven the way invocation actors drive it: real
// scripts, exactly-once runs across redeliveries and restarts, and the error
// codes of runs that cannot start.

#include "actors/agent.hpp"
#include "messages/uuid.hpp"
#include "runtime/engine.hpp"

#include <gtest/gtest.h>

#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace broadside::test {
namespace {

namespace fs = std::filesystem;

class Agent : public ::testing::Test {
protected:
  Agent() {
    ctx_.epoch_ms = engine_.epoch_ms();
    work_ = fs::temp_directory_path()
            / ("broadside-agent-" + std::to_string(::getpid()) + "-"
               + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
    fs::create_directories(work_);
  }

  ~Agent() override {
    for (auto& a : agents_)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    fs::remove_all(work_);
  }

  caf::actor spawn_agent(std::string shell = "bash") {
    agent_config c;
    c.work_dir = work_ / "agent";
    c.kill_grace_ms = 300;
    c.shell = std::move(shell);
    c.identity = {"mi-0123456789abcdef0", "test-host"};
    agents_.push_back(engine_.system().spawn(agent_actor, &ctx_, c));
    return agents_.back();
  }

  // Stops an agent and waits until it is gone (its running scripts with it).
  void stop(const caf::actor& a) {
    caf::scoped_actor self{engine_.system()};
    self->monitor(a);
    caf::anon_send_exit(a, caf::exit_reason::kill);
    self->receive([](const caf::down_msg&) {});
  }

  run_request script(caf::scoped_actor& self, std::vector<std::string> commands,
                     uint64_t command = 1) {
    run_document doc{"AWS-RunShellScript", "aws:runShellScript", 0, std::move(commands), "",
                     10'000, "", content_encoding::plain_text};
    return request(self, std::move(doc), command);
  }

  run_request request(caf::scoped_actor& self, run_document doc, uint64_t command = 1) {
    return run_request{make_uuid_v4(command, 7), 1, caf::actor{self}, command,
                       shared_document{std::move(doc)}, engine_.now_ms() + 60'000};
  }

  static run_accepted accepted(caf::scoped_actor& self) {
    run_accepted out;
    self->receive([&](const run_accepted& a) { out = a; },
                  caf::after(std::chrono::seconds{10}) >> [] { ADD_FAILURE() << "no run_accepted"; });
    return out;
  }

  static run_result result(caf::scoped_actor& self) {
    run_result out;
    self->receive([&](const run_result& r) { out = r; },
                  caf::after(std::chrono::seconds{10}) >> [] { ADD_FAILURE() << "no run_result"; });
    return out;
  }

  std::string marker() const { return (work_ / "marker").string(); }

  // Until the script has written its marker (it starts after run_accepted).
  void await_marker() const {
    for (int i = 0; i < 500 && marker_lines() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }

  size_t marker_lines() const {
    std::ifstream in{marker()};
    size_t n = 0;
    for (std::string line; std::getline(in, line);)
      ++n;
    return n;
  }

  runtime::engine engine_{{runtime::clock_kind::real_time, 2}};
  runtime::context ctx_;
  fs::path work_;
  std::vector<caf::actor> agents_;
};

TEST_F(Agent, RunsTheScriptAndReportsItsOutputAndExitCode) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  self->send(agent, script(self, {"echo hi", "echo err >&2", "exit 3"}));
  EXPECT_EQ(accepted(self).serial, 1u);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::exited);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(wire_name(r.error), "ExitCodeNonzero");
  EXPECT_EQ(r.standard_output, "hi\n");
  EXPECT_EQ(r.standard_error, "err\n");
  EXPECT_GE(r.end_ms, r.start_ms);
}

TEST_F(Agent, OutputBeyondTheCaptureLimitIsCountedAsDropped) {
  auto agent = spawn_agent();  // keeps 24,000 bytes of standard output
  caf::scoped_actor self{engine_.system()};
  self->send(agent, script(self, {"head -c 30000 /dev/zero | tr '\\0' x", "echo e >&2"}));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::exited);
  EXPECT_EQ(r.standard_output, std::string(24'000, 'x'));
  EXPECT_EQ(r.standard_error, "e\n");
  EXPECT_EQ(r.output_dropped, 6'000u);
}

TEST_F(Agent, AScriptKilledFromOutsideWasInterrupted) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  self->send(agent, script(self, {"echo before", "kill -9 $$"}));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::exited);
  EXPECT_EQ(r.exit_code, 128 + 9);
  EXPECT_EQ(wire_name(r.error), "ExecutionInterrupted");
  EXPECT_EQ(r.standard_output, "before\n");
  EXPECT_NE(r.reason.find("signal 9"), std::string::npos) << r.reason;
}

TEST_F(Agent, FillsInItsOwnBuiltInParametersAndRefusesOthers) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  auto doc = [](std::string line, bool enabled) {
    run_document d{"AWS-RunShellScript", "aws:runShellScript", 0, {std::move(line)}, "", 10'000, "",
                   content_encoding::plain_text};
    d.enable_parameter = enabled;
    return d;
  };
  self->send(agent, request(self, doc("echo {{ACS::InstanceId}} {{ acs::instancename }}", true), 1));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.standard_output, "mi-0123456789abcdef0 test-host\n") << r.reason;
  self->send(agent, request(self, doc("echo {{ACS::InstanceId}} {{ACS::Unheard}}", true), 2));
  accepted(self);
  r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::not_started);
  EXPECT_EQ(wire_name(r.error), "InvalidSystemBuiltInParameter");
  self->send(agent, request(self, doc("echo '{{ACS::Unheard}}'", false), 3));
  accepted(self);
  r = result(self);
  EXPECT_EQ(r.standard_output, "{{ACS::Unheard}}\n") << "without EnableParameter the text is as sent";
}

TEST_F(Agent, HasNoContainersToConnectTo) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  run_document doc{"AWS-RunShellScript", "aws:runShellScript", 0, {"true"}, "", 10'000, "",
                   content_encoding::plain_text};
  doc.container_name = "web";
  self->send(agent, request(self, doc, 1));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::not_started);
  EXPECT_EQ(wire_name(r.error), "ContainerConnectFailed");
  doc.container_id = "podman://" + std::string(64, 'a');
  self->send(agent, request(self, doc, 2));
  accepted(self);
  EXPECT_EQ(wire_name(result(self).error), "UnsupportedContainerRuntime") << "the form first";
}

TEST_F(Agent, RunsTheScriptWithItsShell) {
  // A "shell" that shows what it was given.
  auto shell = work_ / "show-shell";
  std::ofstream{shell} << "#!/bin/sh\necho \"$0 $1 [$2]\"\n";
  fs::permissions(shell, fs::perms::owner_all);
  auto agent = spawn_agent(shell.string());
  caf::scoped_actor self{engine_.system()};
  self->send(agent, script(self, {"echo a", "echo b"}));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.standard_output, shell.string() + " -c [echo a\necho b\n]\n");
}

TEST_F(Agent, ARedeliveredRequestNeverRunsTheScriptTwice) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  auto req = script(self, {"echo ran >> " + marker(), "sleep 0.3", "echo done"});
  self->send(agent, req);
  auto first = accepted(self);
  req.attempt = 2;
  self->send(agent, req);  // while it runs
  EXPECT_EQ(accepted(self).start_ms, first.start_ms);
  EXPECT_EQ(result(self).standard_output, "done\n");
  req.attempt = 3;
  self->send(agent, req);  // after it ended: the same answer at once
  accepted(self);
  EXPECT_EQ(result(self).standard_output, "done\n");
  EXPECT_EQ(marker_lines(), 1u);
}

TEST_F(Agent, ARestartedAgentAnswersForTheRunItLostWithoutRunningItAgain) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  auto req = script(self, {"echo ran >> " + marker(), "sleep 30"});
  self->send(agent, req);
  accepted(self);
  await_marker();
  stop(agent);  // the agent dies, and its script with it
  auto again = spawn_agent();
  req.attempt = 2;
  self->send(again, req);
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::interrupted);
  EXPECT_EQ(wire_name(r.error), "ClientRestarted");
  EXPECT_NE(r.reason.find("ClientRestarted"), std::string::npos);
  EXPECT_EQ(marker_lines(), 1u);
}

TEST_F(Agent, AFinishedRunIsAnsweredFromTheLedgerAfterARestart) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  auto req = script(self, {"echo ran >> " + marker(), "exit 4"});
  self->send(agent, req);
  accepted(self);
  EXPECT_EQ(result(self).exit_code, 4);
  stop(agent);
  auto again = spawn_agent();
  self->send(again, req);
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::exited);
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.error, instance_error::exit_code_nonzero) << "the ledger's outcome implies it";
  EXPECT_EQ(marker_lines(), 1u);
}

TEST_F(Agent, AnExecutionTimeoutEndsTheRun) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  run_document doc{"AWS-RunShellScript", "aws:runShellScript", 0, {"sleep 600"}, "", 300, "",
                   content_encoding::plain_text};
  self->send(agent, request(self, doc));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::execution_timed_out);
  EXPECT_EQ(wire_name(r.error), "ExecutionTimeout");
  EXPECT_LT(r.end_ms - r.start_ms, 5'000);
}

TEST_F(Agent, ACancelStopsARunningScriptAndAnUnstartedOneNeverStarts) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  self->send(agent, script(self, {"sleep 600"}, 1));
  accepted(self);
  self->send(agent, cancel_run{make_uuid_v4(1, 7), caf::actor{self}, 1});
  auto stopped = result(self);
  EXPECT_EQ(stopped.outcome, run_outcome::cancelled);
  EXPECT_EQ(stopped.error, instance_error::none) << "the status says it";

  self->send(agent, cancel_run{make_uuid_v4(2, 7), caf::actor{self}, 2});
  EXPECT_EQ(result(self).outcome, run_outcome::cancelled);
  self->send(agent, script(self, {"echo ran >> " + marker()}, 2));
  EXPECT_EQ(result(self).outcome, run_outcome::cancelled);
  EXPECT_EQ(marker_lines(), 0u);
}

TEST_F(Agent, RunsBase64ContentInItsWorkingDirectory) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  run_document doc{"AWS-RunShellScript", "aws:runShellScript", 0,
                   {"cHdkOyBlY2hvIGhp"},  // "pwd; echo hi"
                   work_.string(), 10'000, "", content_encoding::base64};
  self->send(agent, request(self, doc));
  accepted(self);
  EXPECT_EQ(result(self).standard_output, work_.string() + "\nhi\n");
}

struct refusal {
  run_document doc;
  instance_error error;
};

TEST_F(Agent, RunsThatCannotStartGetTheirErrorCode) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  auto doc = [](std::vector<std::string> commands, std::string dir = "", std::string user = "",
                content_encoding enc = content_encoding::plain_text) {
    return run_document{"AWS-RunShellScript", "aws:runShellScript", 0, std::move(commands),
                        std::move(dir), 10'000, std::move(user), enc};
  };
  std::vector<refusal> cases{
      {doc({"true"}, "/nonexistent/broadside"), instance_error::directory_not_exists},
      {doc({"true"}, "", "no-such-user-broadside"), instance_error::account_not_exists},
      {doc({"not base64!"}, "", "", content_encoding::base64),
       instance_error::command_content_decode_error},
      {doc({"  ", ""}), instance_error::invalid_command_text},
      {doc({std::string(20'000, 'x')}), instance_error::invalid_command_text},
      {run_document{"AWS-RunPowerShellScript", "aws:runPowerShellScript", 0, {"Get-Date"}, "",
                    10'000, "", content_encoding::plain_text},
       instance_error::command_not_applicable},
  };
  uint64_t n = 10;
  for (const auto& c : cases) {
    self->send(agent, request(self, c.doc, n++));
    accepted(self);
    auto r = result(self);
    EXPECT_EQ(r.outcome, run_outcome::not_started) << wire_name(c.error);
    EXPECT_EQ(wire_name(r.error), wire_name(c.error));
    EXPECT_FALSE(r.standard_error.empty());
  }
}

TEST_F(Agent, RunsAsTheDocumentsUserWhenItCan) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  run_document doc{"AWS-RunShellScript", "aws:runShellScript", 0, {"id -un"}, "/", 10'000,
                   "nobody", content_encoding::plain_text};
  self->send(agent, request(self, doc));
  accepted(self);
  auto r = result(self);
  if (::geteuid() == 0) {  // as in CI: the agent switches user
    EXPECT_EQ(r.outcome, run_outcome::exited) << r.reason;
    EXPECT_EQ(r.standard_output, "nobody\n");
  } else {  // it cannot, and says so
    EXPECT_EQ(r.outcome, run_outcome::not_started);
    EXPECT_EQ(wire_name(r.error), "ExecutionException");
  }
}

TEST_F(Agent, ANamedUserRunsInItsHomeUnlessTheHomeIsMissing) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  const auto* me = ::getpwuid(::geteuid());
  ASSERT_NE(me, nullptr);
  run_document doc{"AWS-RunShellScript", "aws:runShellScript", 0, {"pwd"}, "", 10'000,
                   me->pw_name, content_encoding::plain_text};
  self->send(agent, request(self, doc, 1));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::exited) << r.reason;
  EXPECT_EQ(r.standard_output, fs::canonical(me->pw_dir).string() + "\n");
  if (::geteuid() != 0)
    GTEST_SKIP() << "only root runs scripts as another user";
  doc.username = "nobody";  // whose home on Debian is /nonexistent
  self->send(agent, request(self, doc, 2));
  accepted(self);
  r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::not_started);
  EXPECT_EQ(wire_name(r.error), "DefaultWorkingDirectoryNotAvailable");
  doc.working_directory = "/nonexistent";
  self->send(agent, request(self, doc, 3));
  accepted(self);
  r = result(self);
  EXPECT_EQ(wire_name(r.error), "DirectoryNotExists") << "a WorkingDir asked for is the request's";
}

// SendFile's document for a file in `dir`, owned by the test's own user and
// group (an agent not running as root can give a file to no one else).
run_document file_document(std::string name, const fs::path& dir, std::string content,
                           content_encoding enc = content_encoding::plain_text) {
  run_document doc{"ACS-SendFile", "acs:sendFile", 0, {std::move(content)}, "", 10'000, "", enc};
  doc.file.name = std::move(name);
  doc.file.target_dir = dir.string();
  doc.file.owner = ::getpwuid(::geteuid())->pw_name;
  doc.file.group = ::getgrgid(::getegid())->gr_name;
  return doc;
}

std::string read_text(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, {}};
}

TEST_F(Agent, WritesASentFileWithItsModeIntoADirectoryItCreates) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  auto dir = work_ / "target" / "sub";  // missing: the agent creates it
  auto doc = file_document("app.conf", dir, "a=1\n");
  doc.file.mode = "0640";
  self->send(agent, request(self, doc, 1));
  accepted(self);
  auto r = result(self);
  EXPECT_EQ(r.outcome, run_outcome::exited) << r.reason;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.error, instance_error::none);
  EXPECT_EQ(read_text(dir / "app.conf"), "a=1\n");
  struct stat st {};
  ASSERT_EQ(::stat((dir / "app.conf").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(st.st_uid, ::geteuid());
  EXPECT_EQ(st.st_gid, ::getegid());

  // Overwrite replaces it (Base64 content decoded); no temporary file stays.
  auto again = file_document("app.conf", dir, "Yj0yCg==", content_encoding::base64);
  again.file.overwrite = true;
  self->send(agent, request(self, again, 2));
  accepted(self);
  EXPECT_EQ(result(self).error, instance_error::none);
  EXPECT_EQ(read_text(dir / "app.conf"), "b=2\n");
  EXPECT_EQ(std::distance(fs::directory_iterator{dir}, fs::directory_iterator{}), 1);

  // A redelivery after a restart is answered from the ledger, not written again.
  fs::remove(dir / "app.conf");
  stop(agent);
  agent = spawn_agent();
  self->send(agent, request(self, again, 2));
  accepted(self);
  EXPECT_EQ(result(self).error, instance_error::none);
  EXPECT_FALSE(fs::exists(dir / "app.conf"));
}

TEST_F(Agent, FilesThatCannotBeWrittenGetTheirErrorCode) {
  auto agent = spawn_agent();
  caf::scoped_actor self{engine_.system()};
  auto dir = work_ / "files";
  fs::create_directories(dir);
  { std::ofstream{dir / "taken"} << "old"; }
  auto with = [&](auto change) {
    auto doc = file_document("new.txt", dir, "x");
    change(doc.file);
    return doc;
  };
  std::vector<refusal> cases{
      {with([](file_spec& f) { f.name = "taken"; }), instance_error::file_already_exists},
      {with([](file_spec& f) { f.name = ".."; }), instance_error::file_name_invalid},
      {with([](file_spec& f) { f.name = "a/b"; }), instance_error::file_name_invalid},
      {with([](file_spec& f) { f.name = std::string(256, 'n'); }), instance_error::file_name_invalid},
      {with([](file_spec& f) { f.target_dir = "relative/dir"; }), instance_error::file_path_invalid},
      {with([&](file_spec& f) { f.target_dir = (dir / "taken").string(); }),
       instance_error::file_path_invalid},
      {with([](file_spec& f) { f.mode = "0999"; }), instance_error::file_authority_invalid},
      {with([](file_spec& f) { f.mode = "10000"; }), instance_error::file_authority_invalid},
      {with([](file_spec& f) { f.group = "no-such-group-broadside"; }),
       instance_error::user_group_not_exists},
      {with([](file_spec& f) { f.owner = "no-such-user-broadside"; }),
       instance_error::account_not_exists},
  };
  uint64_t n = 10;
  for (const auto& c : cases) {
    self->send(agent, request(self, c.doc, n++));
    accepted(self);
    auto r = result(self);
    EXPECT_EQ(r.outcome, run_outcome::not_started) << wire_name(c.error);
    EXPECT_EQ(wire_name(r.error), wire_name(c.error));
    EXPECT_FALSE(r.reason.empty());
  }
  EXPECT_EQ(read_text(dir / "taken"), "old");
  EXPECT_FALSE(fs::exists(dir / "new.txt"));
  EXPECT_EQ(std::distance(fs::directory_iterator{dir}, fs::directory_iterator{}), 1);
}

}  // namespace
}  // namespace broadside::test
