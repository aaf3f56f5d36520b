// A simulated Windows instance logs the document's user on as Cloud
// Assistant's agent does: the password from Parameter Store, read with the
// instance's RAM role; each missing piece has its own ErrorCode.

#include "actors/windows_logon.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace broadside
