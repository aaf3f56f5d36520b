// Real processes through the runner: exit codes, bounded output, working
// directories, and timeouts that leave nothing of the process group behind.

#include "runtime/process_runner.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

namespace broadside::test {
namespace {

using runtime::process_end;
using runtime::process_request;
using runtime::process_result;
using runtime::process_runner;
using runtime::start_failure;

process_request shell(std::string script, int64_t timeout_ms = 10'000) {
  process_request r;
  r.argv = {"sh", "-c", std::move(script)};
  r.timeout_ms = timeout_ms;
  r.kill_grace_ms = 300;
  return r;
}

// Runs `req` to its end; also returns the process group it ran in.
process_result run(process_request req, pid_t* group = nullptr) {
  boost::asio::io_context io;
  process_runner runner{io};
  process_result out;
  bool done = false;
  auto id = runner.start(std::move(req), [&](auto, process_result r) {
    out = std::move(r);
    done = true;
  });
  if (group)
    *group = runner.group_of(id);
  io.run();
  EXPECT_TRUE(done);
  EXPECT_EQ(runner.running(), 0u);
  return out;
}

// What `ps` shows of a process group, zombies (already dead) left out.
std::string live_members(pid_t group) {
  std::string out;
  if (auto* p = ::popen("ps -eo pgid=,stat=,pid=,args=", "r")) {
    char line[512];
    while (std::fgets(line, sizeof line, p)) {
      std::istringstream fields{line};
      long pgid = 0;
      std::string stat;
      fields >> pgid >> stat;
      if (pgid == group && !stat.empty() && stat[0] != 'Z')
        out += line;
    }
    ::pclose(p);
  }
  return out;
}

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path()
             / ("broadside-runner-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(ProcessRunner, ReportsTheExitCodeAndBothStreams) {
  auto r = run(shell("echo hello; echo oops >&2; exit 3"));
  EXPECT_EQ(r.end, process_end::exited);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.standard_output, "hello\n");
  EXPECT_EQ(r.standard_error, "oops\n");
  EXPECT_EQ(r.stdout_dropped, 0u);
}

TEST(ProcessRunner, KeepsTheHeadOfEachStreamAndCountsTheRest) {
  auto req = shell("head -c 100000 /dev/zero | tr '\\0' a; head -c 9000 /dev/zero | tr '\\0' b >&2");
  req.stdout_limit = 24'000;
  req.stderr_limit = 8'000;
  auto r = run(req);
  EXPECT_EQ(r.end, process_end::exited);
  EXPECT_EQ(r.standard_output, std::string(24'000, 'a'));
  EXPECT_EQ(r.stdout_dropped, 76'000u);
  EXPECT_EQ(r.standard_error, std::string(8'000, 'b'));
  EXPECT_EQ(r.stderr_dropped, 1'000u);
}

TEST(ProcessRunner, NeverCutsACharacterInTwo) {
  auto req = shell("printf 'ab\\303\\251cd'");  // "abécd": é is two bytes
  req.stdout_limit = 3;
  auto r = run(req);
  EXPECT_EQ(r.standard_output, "ab");
  EXPECT_EQ(r.stdout_dropped, 4u);
}

TEST(ProcessRunner, RunsInTheWorkingDirectory) {
  auto dir = temp_dir();
  auto req = shell("pwd");
  req.working_directory = dir.string();
  auto r = run(req);
  EXPECT_EQ(r.standard_output, dir.string() + "\n");
  std::filesystem::remove_all(dir);
}

TEST(ProcessRunner, AMissingWorkingDirectoryOrProgramFailsToStart) {
  auto req = shell("true");
  req.working_directory = "/nonexistent/broadside";
  auto r = run(req);
  EXPECT_EQ(r.end, process_end::failed_to_start);
  EXPECT_EQ(r.failure, start_failure::no_working_directory);

  process_request missing;
  missing.argv = {"/nonexistent/broadside-program"};
  r = run(missing);
  EXPECT_EQ(r.end, process_end::failed_to_start);
  EXPECT_EQ(r.failure, start_failure::no_program);
}

TEST(ProcessRunner, ATimeoutEndsTheProcessAndItsChildren) {
  pid_t group = -1;
  auto started = std::chrono::steady_clock::now();
  auto r = run(shell("sleep 600 & sleep 600", 300), &group);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.end, process_end::timed_out);
  EXPECT_LT(took, std::chrono::seconds{5});
  ASSERT_GT(group, 0);
  EXPECT_EQ(live_members(group), "");
}

TEST(ProcessRunner, AChildIgnoringTermIsKilledAfterTheGracePeriod) {
  pid_t group = -1;
  auto started = std::chrono::steady_clock::now();
  auto r = run(shell("trap '' TERM; sleep 600 & sleep 600", 200), &group);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.end, process_end::timed_out);
  EXPECT_GE(took, std::chrono::milliseconds{200 + 300});
  EXPECT_EQ(live_members(group), "");
}

TEST(ProcessRunner, StopEndsARun) {
  boost::asio::io_context io;
  process_runner runner{io};
  process_result out;
  auto id = runner.start(shell("sleep 600"), [&](auto, process_result r) { out = std::move(r); });
  auto group = runner.group_of(id);
  boost::asio::steady_timer later{io, std::chrono::milliseconds{50}};
  later.async_wait([&](auto) { runner.stop(id); });
  io.run();
  EXPECT_EQ(out.end, process_end::stopped);
  EXPECT_EQ(live_members(group), "");
}

TEST(ProcessRunner, ARunEndsWithItsProcessNotWithWhatItLeftInTheBackground) {
  pid_t group = -1;
  auto started = std::chrono::steady_clock::now();
  auto r = run(shell("sleep 30 & echo started"), &group);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.end, process_end::exited);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.standard_output, "started\n");
  EXPECT_LT(took, std::chrono::seconds{5});
  // The background sleep lives on, as with a real agent.
  EXPECT_NE(live_members(group).find("sleep 30"), std::string::npos);
  ::kill(-group, SIGKILL);
}

TEST(ProcessRunner, ASignalItWasNotSentIsReportedAsSuch) {
  auto r = run(shell("kill -9 $$"));
  EXPECT_EQ(r.end, process_end::killed);
  EXPECT_EQ(r.exit_code, 128 + 9);
}

}  // namespace
}  // namespace broadside::test
