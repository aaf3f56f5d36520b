// A simulated Windows instance logs the document's user on as Cloud
// Assistant's agent does: the password from Parameter Store, read with the
// instance's RAM role; each missing piece has its own ErrorCode.

#include "actors/windows_logon.hpp"
#include "sim/scenario_json.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace broadside {
namespace {

windows_logon instance() {
  windows_logon w;
  w.instance_role = "EcsRoleForCloudAssistant";
  w.accounts = {{"deploy", "s3cret"}, {"other", "different"}};
  w.parameters = std::make_shared<const parameter_store>(parameter_store{{"deploy-password", "s3cret"}});
  return w;
}

TEST(WindowsLogon, SystemAndNoUserNeedNoLogon) {
  windows_logon bare;  // no role, no accounts, no store
  for (const char* user : {"", "System", "SYSTEM", "system"})
    EXPECT_EQ(windows_logon_problem(bare, user, ""), instance_error::none) << user;
}

TEST(WindowsLogon, TheUsersPasswordComesFromTheStoreThroughTheRole) {
  EXPECT_EQ(windows_logon_problem(instance(), "deploy", "deploy-password"), instance_error::none);
}

TEST(WindowsLogon, EachMissingPieceHasItsCode) {
  auto w = instance();
  EXPECT_EQ(windows_logon_problem(w, "deploy", ""), instance_error::user_or_password_invalid)
      << "no password to log on with";
  EXPECT_EQ(windows_logon_problem(w, "deploy", "no-such-parameter"),
            instance_error::query_parameter_store_failed);
  EXPECT_EQ(windows_logon_problem(w, "other", "deploy-password"),
            instance_error::user_or_password_invalid) << "the password is another user's";
  EXPECT_EQ(windows_logon_problem(w, "nobody-here", "deploy-password"),
            instance_error::user_or_password_invalid) << "no such account";
  auto no_store = w;
  no_store.parameters = nullptr;
  EXPECT_EQ(windows_logon_problem(no_store, "deploy", "deploy-password"),
            instance_error::query_parameter_store_failed);
  auto no_role = w;
  no_role.instance_role.clear();
  EXPECT_EQ(windows_logon_problem(no_role, "deploy", "deploy-password"),
            instance_error::instance_role_invalid)
      << "without a role the store cannot be read, whatever it holds";
}

// The same rules on simulated Windows nodes, from a scenario file: each group
// lacks one piece, and a run as the user gets the code for the piece missing.
TEST(WindowsLogon, SimulatedWindowsNodesRefuseTheRunsTheirLogonsFail) {
  auto s = sim::parse_scenario(nlohmann::json::parse(R"({
    "parameter_store": {"deploy-password": "s3cret"},
    "fleet": [
      {"id_base": 0, "platform": "Windows", "instance_role": "AliyunECSCloudAssistantRole",
       "windows_accounts": {"deploy": "s3cret"}},
      {"id_base": 1, "platform": "Windows", "windows_accounts": {"deploy": "s3cret"}},
      {"id_base": 2, "platform": "Windows", "instance_role": "AliyunECSCloudAssistantRole",
       "windows_accounts": {"deploy": "changed-since"}}
    ],
    "commands": [
      {"targets": [{"Key": "InstanceIds", "Values": ["*"]}], "max_errors": "100%",
       "document_name": "AWS-RunPowerShellScript", "username": "deploy",
       "windows_password_name": "deploy-password"},
      {"at_ms": 60000, "instance_ids": ["i-00000000000000000"], "document_name": "AWS-RunPowerShellScript",
       "username": "deploy", "windows_password_name": "no-such-parameter"},
      {"at_ms": 60000, "instance_ids": ["i-00000000000000001"], "document_name": "AWS-RunPowerShellScript",
       "username": "System"}
    ]})"));
  auto r = test::run(s);
  std::map<std::pair<uuid, uint32_t>, invocation_update> last;
  for (const auto& u : r.invocations)
    last[{u.command_id, u.target}] = u;
  auto error = [&](size_t command, uint32_t target) {
    return std::string{wire_name(last.at({s.commands[command].command.command_id, target}).error)};
  };
  EXPECT_EQ(last.at({s.commands[0].command.command_id, 0}).details, invocation_details::success);
  EXPECT_EQ(error(0, 1), "InstanceRoleInvalid");
  EXPECT_EQ(error(0, 2), "UserOrPasswordInvalid");
  EXPECT_EQ(error(1, 0), "QueryParameterStoreFailed");
  EXPECT_EQ(last.at({s.commands[2].command.command_id, 0}).details, invocation_details::success)
      << "System needs no logon, not even a role";
  EXPECT_EQ(last.at({s.commands[0].command.command_id, 1}).start_ms,
            last.at({s.commands[0].command.command_id, 1}).end_ms) << "refused, never run";

  EXPECT_THROW(sim::parse_scenario(nlohmann::json::parse(R"({
    "fleet": [{"platform": "Linux", "instance_role": "r"}], "commands": []})")),
               sim::scenario_error);
}

}  // namespace
}  // namespace broadside
