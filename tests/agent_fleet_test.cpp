// Commands on real agents through the controller's side — fleet, agent gate,
// agent sessions and the agent network — driven by the same command and
// invocation actors as the simulation, on the real clock, in one process.

#include "actors/agent.hpp"
#include "actors/controller.hpp"
#include "actors/command.hpp"
#include "actors/fleet.hpp"
#include "messages/atoms.hpp"
#include "runtime/agent_network.hpp"
#include "runtime/engine.hpp"

#include <gtest/gtest.h>

#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace broadside::test {
namespace {

namespace fs = std::filesystem;

std::string instance(int k) {
  char id[32];
  std::snprintf(id, sizeof id, "mi-%017x", k);
  return id;
}

class AgentFleet : public ::testing::Test {
protected:
  AgentFleet() {
    ctx_.epoch_ms = engine_.epoch_ms();
    ctx_.transport = &network_;
    ctx_.delivery.first_ack_wait_ms = 300;  // redeliver quickly: the tests wait for it
    ctx_.delivery.max_ack_wait_ms = 600;
    work_ = fs::temp_directory_path()
            / ("broadside-fleet-" + std::to_string(::getpid()) + "-"
               + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
    fs::create_directories(work_);
    fleet_ = engine_.system().spawn(fleet_actor, &ctx_, fleet_inventory{});
    gate_ = engine_.system().spawn(controller_actor, &ctx_, fleet_, &network_, hello_listener{});
  }

  ~AgentFleet() override {
    for (auto& [id, a] : agents_)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(gate_, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(fleet_, caf::exit_reason::user_shutdown);
    network_.clear();
    fs::remove_all(work_);
  }

  // Starts agent `k` (again: same id, same disk) and connects it.
  void connect(int k, std::map<std::string, std::string> tags) {
    agent_config c;
    c.work_dir = work_ / instance(k);
    c.kill_grace_ms = 300;
    auto agent = engine_.system().spawn(agent_actor, &ctx_, c);
    agents_[k] = agent;
    caf::scoped_actor self{engine_.system()};
    node_info info{instance(k), platform_type::linux_os, "3.3.0.0", std::move(tags)};
    self->request(gate_, std::chrono::seconds{10}, agent_hello{info, agent})
        .receive([](uint32_t) {}, [](caf::error& e) { ADD_FAILURE() << to_string(e); });
  }

  // The agent process dies (and its scripts with it).
  void kill_agent(int k) {
    caf::scoped_actor self{engine_.system()};
    self->monitor(agents_[k]);
    caf::anon_send_exit(agents_[k], caf::exit_reason::kill);
    self->receive([](const caf::down_msg&) {});
    agents_.erase(k);
  }

  send_command command(std::vector<std::string> commands, std::string max_concurrency = "50",
                       std::string max_errors = "0") {
    send_command c;
    c.command_id = make_uuid_v4(static_cast<uint64_t>(++commands_), 9);
    c.targets = {{"InstanceIds", {"*"}}};
    c.document_name = "AWS-RunShellScript";
    c.commands = std::move(commands);
    c.max_concurrency = std::move(max_concurrency);
    c.max_errors = std::move(max_errors);
    c.delivery_timeout_ms = 20'000;
    c.execution_timeout_ms = 20'000;
    return c;
  }

  struct outcome {
    command_update last;
    std::map<uint32_t, invocation_update> finals;  // by node
  };

  // Sends `c` and waits for the command to end (or `wait` to pass).
  outcome run(send_command c, std::chrono::seconds wait = std::chrono::seconds{30}) {
    auto seen = std::make_shared<std::pair<std::mutex, std::map<uint32_t, invocation_update>>>();
    caf::scoped_actor self{engine_.system()};
    command_listener listener{caf::actor{self}, [seen](const invocation_update& u, auto) {
                                std::lock_guard<std::mutex> guard{seen->first};
                                if (is_terminal(u.details))
                                  seen->second[u.node] = u;
                              },
                              {}};
    self->spawn(command_actor, &ctx_, fleet_, std::move(c), listener);
    outcome out;
    bool done = false;
    while (!done)
      self->receive(
          [&](const command_update& u) {
            out.last = u;
            done = is_terminal(u.details);
          },
          caf::after(wait) >> [&] {
            ADD_FAILURE() << "the command did not end";
            done = true;
          });
    std::lock_guard<std::mutex> guard{seen->first};
    out.finals = seen->second;
    return out;
  }

  std::string marker() const { return (work_ / "marker").string(); }

  std::vector<std::string> marker_lines() const {
    std::ifstream in{marker()};
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  }

  void await_marker(size_t n) const {
    for (int i = 0; i < 500 && marker_lines().size() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }

  runtime::engine engine_{{runtime::clock_kind::real_time, 2}};
  runtime::agent_network network_;
  runtime::context ctx_;
  fs::path work_;
  caf::actor fleet_;
  caf::actor gate_;
  std::map<int, caf::actor> agents_;
  int commands_ = 0;
};

TEST_F(AgentFleet, ACommandRunsOnTheAgentsItsTagsSelect) {
  connect(0, {{"role", "web"}});
  connect(1, {{"role", "web"}});
  connect(2, {{"role", "db"}});
  auto c = command({"echo hello"});
  c.targets = {{"tag:role", {"web"}}};
  auto out = run(c);
  EXPECT_EQ(wire_name(out.last.details), "Success");
  EXPECT_EQ(out.last.counts.target_count, 2u);
  ASSERT_EQ(out.finals.size(), 2u);
  for (const auto& [node, u] : out.finals) {
    EXPECT_EQ(u.details, invocation_details::success);
    EXPECT_EQ(u.standard_output, "hello\n");
    EXPECT_EQ(u.response_code, 0);
  }
}

TEST_F(AgentFleet, NeverMoreThanMaxConcurrencyRunAtOnce) {
  for (int k = 0; k < 6; ++k)
    connect(k, {});
  auto out = run(command({"echo \"start $(date +%s%N)\" >> " + marker(), "sleep 0.2",
                          "echo \"end $(date +%s%N)\" >> " + marker()},
                         "2"));
  EXPECT_EQ(wire_name(out.last.details), "Success");
  // Replay the timestamps: the number running never exceeds 2.
  std::vector<std::pair<long long, int>> events;
  for (const auto& line : marker_lines()) {
    auto space = line.find(' ');
    events.emplace_back(std::stoll(line.substr(space + 1)), line.rfind("start", 0) == 0 ? 1 : -1);
  }
  std::sort(events.begin(), events.end());
  int running = 0, most = 0;
  for (auto [t, d] : events)
    most = std::max(most, running += d);
  EXPECT_EQ(events.size(), 12u);
  EXPECT_EQ(most, 2);
}

TEST_F(AgentFleet, MaxErrorsHaltsTheCommandAndUnsentTargetsAreTerminated) {
  for (int k = 0; k < 6; ++k)
    connect(k, {});
  auto out = run(command({"exit 1"}, "1", "1"));
  EXPECT_EQ(wire_name(out.last.details), "Failed");
  EXPECT_EQ(out.last.counts.error_count, 2u);
  auto terminated = out.last.by_details[static_cast<size_t>(invocation_details::terminated)];
  EXPECT_EQ(terminated, 4u);
}

TEST_F(AgentFleet, AnAgentKilledMidRunAndRestartedReportsClientRestartedAndRunsNothingTwice) {
  connect(0, {});
  auto seen = std::async(std::launch::async, [&] {
    return run(command({"echo ran >> " + marker(), "sleep 30"}));
  });
  await_marker(1);
  kill_agent(0);
  connect(0, {});  // the same node, a new life: the session sends the request again
  auto out = seen.get();
  ASSERT_EQ(out.finals.size(), 1u);
  const auto& u = out.finals.begin()->second;
  EXPECT_EQ(u.details, invocation_details::failed);
  EXPECT_EQ(wire_name(u.error), "ClientRestarted");
  EXPECT_NE(u.reason.find("ClientRestarted"), std::string::npos) << u.reason;
  EXPECT_EQ(marker_lines().size(), 1u);
}

// The one that stays down: the service knows only that its agent's
// connection is gone (ClientNotOnline).
TEST_F(AgentFleet, AnAgentDownWhenSentRunsItOnceWhenItComesBackAnotherStaysDown) {
  connect(0, {});
  connect(1, {});
  kill_agent(0);
  kill_agent(1);
  auto c = command({"echo ran >> " + marker()});
  c.delivery_timeout_ms = 3'000;
  c.deadline = deadline_mode::per_invocation;
  auto seen = std::async(std::launch::async, [&] { return run(c); });
  std::this_thread::sleep_for(std::chrono::milliseconds{800});
  connect(0, {});
  auto out = seen.get();
  ASSERT_EQ(out.finals.size(), 2u);
  EXPECT_EQ(out.finals[0].details, invocation_details::success);
  EXPECT_EQ(out.finals[1].details, invocation_details::delivery_timed_out);
  EXPECT_EQ(wire_name(out.finals[1].error), "ClientNotOnline");
  EXPECT_EQ(out.finals[0].error, instance_error::none);
  EXPECT_EQ(marker_lines().size(), 1u);
}

// What keeps a real agent from starting a run reaches the invocation as its
// ErrorCode; the script never runs.
TEST_F(AgentFleet, ARunTheAgentCannotStartFailsWithItsErrorCode) {
  connect(0, {});
  auto missing_dir = command({"echo ran >> " + marker()});
  missing_dir.working_directory = "/nonexistent/broadside";
  auto unknown_user = command({"echo ran >> " + marker()});
  unknown_user.username = "no-such-user-broadside";
  auto bad_base64 = command({"not base64!"});
  bad_base64.encoding = content_encoding::base64;
  std::vector<std::string> codes;
  for (const auto& c : {missing_dir, unknown_user, bad_base64}) {
    auto out = run(c);
    ASSERT_EQ(out.finals.size(), 1u);
    EXPECT_EQ(out.finals[0].details, invocation_details::failed);
    codes.emplace_back(wire_name(out.finals[0].error));
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"DirectoryNotExists", "AccountNotExists",
                                             "CommandContentDecodeError"}));
  EXPECT_TRUE(marker_lines().empty());
}

TEST_F(AgentFleet, PingStatusFollowsTheAgentsConnectionAndHeartbeats) {
  auto describe = [&] {
    caf::scoped_actor self{engine_.system()};
    instance_information out;
    self->request(fleet_, std::chrono::seconds{10}, describe_instances{{instance(0)}})
        .receive(
            [&](const std::vector<instance_information>& found) {
              ASSERT_EQ(found.size(), 1u);
              out = found[0];
            },
            [](caf::error& e) { ADD_FAILURE() << to_string(e); });
    return out;
  };
  auto await_status = [&](ping_status want) {
    for (int i = 0; i < 200 && describe().status != want; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    return describe();
  };
  connect(0, {{"role", "web"}});
  for (int i = 0; i < 200 && describe().last_ping_ms < 0; ++i)  // the session's first ping
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  auto online = describe();
  EXPECT_EQ(wire_name(online.status), "Online");
  EXPECT_GT(online.last_ping_ms, 1'600'000'000'000);
  EXPECT_EQ(online.info.tags.at("role"), "web");

  std::this_thread::sleep_for(std::chrono::milliseconds{20});
  caf::anon_send(gate_, heartbeat_atom::value, uint32_t{0});
  for (int i = 0; i < 200 && describe().last_ping_ms == online.last_ping_ms; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  EXPECT_GT(describe().last_ping_ms, online.last_ping_ms);

  kill_agent(0);
  EXPECT_EQ(wire_name(await_status(ping_status::connection_lost).status), "ConnectionLost");
  connect(0, {{"role", "web"}});
  EXPECT_EQ(wire_name(await_status(ping_status::online).status), "Online");
}

}  // namespace
}  // namespace broadside::test
