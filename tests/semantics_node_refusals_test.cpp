// The codes a simulated node finds as its agent would, from a scenario file:
// Cloud Assistant content that does not decode or is empty, a user or
// directory the instance lacks, a container runtime that does not answer,
// and scripts killed from outside (the kill_scripts fault).

#include "sim/scenario_json.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace broadside::test {
namespace {

// Each command's last update for node 0.
std::map<uuid, invocation_update> finals(const sim::sim_report& r) {
  std::map<uuid, invocation_update> out;
  for (const auto& u : r.invocations)
    out[u.command_id] = u;
  return out;
}

std::string code(const std::map<uuid, invocation_update>& f, const sim::scenario& s, size_t k) {
  return std::string{wire_name(f.at(s.commands[k].command.command_id).error)};
}

TEST(NodeRefusals, UsersDirectoriesAndContentAsTheAgentJudgesThem) {
  auto s = sim::parse_scenario(nlohmann::json::parse(R"({
    "fleet": [{"count": 1, "users": ["deploy"], "directories": ["/srv/app", "/home/deploy"],
               "containers": [{"id": ")" + std::string(64, 'a') + R"(", "name": "web"}],
               "container_runtime_reachable": false}],
    "commands": [
      {"instance_ids": ["i-00000000000000000"], "username": "deploy", "working_directory": "/srv/app"},
      {"instance_ids": ["i-00000000000000000"], "username": "mallory"},
      {"instance_ids": ["i-00000000000000000"], "working_directory": "/no/such"},
      {"instance_ids": ["i-00000000000000000"], "username": "root"},
      {"instance_ids": ["i-00000000000000000"], "username": "deploy"},
      {"instance_ids": ["i-00000000000000000"]}
    ]})"));
  auto base64 = [](sim::timed_command c, std::string content) {
    c.command.encoding = content_encoding::base64;
    c.command.commands = {std::move(content)};
    return c;
  };
  s.commands.push_back(base64(s.commands[5], "not base64!"));
  s.commands.back().command.command_id = make_uuid_v4(6, 6);
  s.commands.push_back(base64(s.commands[5], "ICAK"));  // "  \n"
  s.commands.back().command.command_id = make_uuid_v4(7, 7);
  s.commands.push_back(s.commands[5]);
  s.commands.back().command.command_id = make_uuid_v4(8, 8);
  s.commands.back().command.cloud_assistant.container_name = "web";
  auto r = run(s);
  auto f = finals(r);
  EXPECT_EQ(f.at(s.commands[0].command.command_id).details, invocation_details::success);
  EXPECT_EQ(code(f, s, 1), "AccountNotExists");
  EXPECT_EQ(code(f, s, 2), "DirectoryNotExists");
  EXPECT_EQ(code(f, s, 3), "DefaultWorkingDirectoryNotAvailable") << "root's home, /root, is missing";
  EXPECT_EQ(f.at(s.commands[4].command.command_id).details, invocation_details::success)
      << "deploy's home is there";
  EXPECT_EQ(f.at(s.commands[5].command.command_id).details, invocation_details::success)
      << "no user: the agent's own directory";
  EXPECT_EQ(code(f, s, 6), "CommandContentDecodeError");
  EXPECT_EQ(code(f, s, 7), "InvalidCommandText");
  EXPECT_EQ(code(f, s, 8), "ContainerConnectFailed");
}

TEST(NodeRefusals, ScriptsKilledFromOutsideWereInterrupted) {
  auto s = sim::parse_scenario(nlohmann::json::parse(R"({
    "fleet": [{"count": 2, "behaviour": {"exec_ms": 60000}}],
    "commands": [{"targets": [{"Key": "InstanceIds", "Values": ["*"]}], "max_errors": "100%"}],
    "faults": [{"at_ms": 10000, "action": "kill_scripts", "instance_ids": ["i-00000000000000000"]}]
  })"));
  auto r = run(s);
  auto killed = final_of(r, 0);
  EXPECT_EQ(killed.details, invocation_details::failed);
  EXPECT_EQ(killed.response_code, 137);
  EXPECT_EQ(wire_name(killed.error), "ExecutionInterrupted");
  EXPECT_LT(killed.at_ms, 11'000) << "the agent, still up, reports it at once";
  EXPECT_EQ(final_of(r, 1).details, invocation_details::success);
}

}  // namespace
}  // namespace broadside::test
