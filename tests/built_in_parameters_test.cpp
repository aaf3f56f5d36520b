// The instance's side of Cloud Assistant's built-in parameters: it fills in
// {{ACS::InstanceId}} and {{ACS::InstanceName}} (any case, spaces inside the
// braces) and refuses a script with another {{ACS::...}} left; placeholders
// that are not built-ins are text. In simulation, a node refuses the same.

#include "actors/built_in_parameters.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

const instance_identity me{"i-0123456789abcdef0", "web-1"};

TEST(BuiltInParameters, TheInstanceFillsInItsIdAndName) {
  EXPECT_EQ(fill_instance_parameters("echo {{ACS::InstanceId}}/{{ acs::INSTANCENAME }}!", me),
            "echo i-0123456789abcdef0/web-1!");
  EXPECT_EQ(fill_instance_parameters("echo {{ other }} {{ACS::InstanceId", me),
            "echo {{ other }} {{ACS::InstanceId")
      << "a placeholder that is not a built-in, and an unclosed one, are text";
  EXPECT_EQ(fill_instance_parameters("", me), "");
}

TEST(BuiltInParameters, AnyOtherBuiltInIsRefused) {
  EXPECT_FALSE(fill_instance_parameters("echo {{ACS::InstanceId}} {{ACS::Hostname}}", me));
  EXPECT_FALSE(fill_instance_parameters("{{acs::invokeid}}", me))
      << "the service fills that one in: left over, the instance does not know it";
}

TEST(BuiltInParameters, ASimulatedNodeRefusesAScriptWithAnUnknownBuiltIn) {
  auto s = test::uniform_fleet(2, {});
  for (const auto* line : {"echo {{ACS::InstanceId}} {{ACS::InstanceName}}", "echo {{ACS::Zone}}"}) {
    auto c = test::command_to_all("100%", "100%");
    c.command.command_id = make_uuid_v4(s.commands.size() + 1, 9);
    c.command.commands = {line};
    c.command.cloud_assistant.enable_parameter = true;
    s.commands.push_back(c);
  }
  auto r = test::run(s);
  ASSERT_EQ(r.commands.size(), 2u);
  for (const auto& u : r.invocations) {
    if (!is_terminal(u.details))
      continue;
    bool unknown = u.command_id == s.commands[1].command.command_id;
    EXPECT_EQ(u.details, unknown ? invocation_details::failed : invocation_details::success);
    EXPECT_EQ(u.error, unknown ? instance_error::invalid_system_built_in_parameter
                               : instance_error::none);
  }
}

}  // namespace
}  // namespace broadside
