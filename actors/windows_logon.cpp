#include "actors/windows_logon.hpp"

#include <algorithm>
#include <cctype>

namespace broadside {

namespace {

bool is_system(std::string_view user) {
  constexpr std::string_view system = "system";
  return user.size() == system.size()
         && std::equal(user.begin(), user.end(), system.begin(), [](char a, char b) {
              return std::tolower(static_cast<unsigned char>(a)) == b;
            });
}

}  // namespace

instance_error windows_logon_problem(const windows_logon& instance, std::string_view username,
                                     std::string_view password_name) {
  if (username.empty() || is_system(username))
    return instance_error::none;
  // No parameter named: there is no password to log on with.
  if (password_name.empty())
    return instance_error::user_or_password_invalid;
  if (instance.instance_role.empty())
    return instance_error::instance_role_invalid;
  const std::string* password = nullptr;
  if (instance.parameters) {
    auto found = instance.parameters->find(password_name);
    if (found != instance.parameters->end())
      password = &found->second;
  }
  if (!password)
    return instance_error::query_parameter_store_failed;
  auto account = instance.accounts.find(username);
  if (account == instance.accounts.end() || account->second != *password)
    return instance_error::user_or_password_invalid;
  return instance_error::none;
}

}  // namespace broadside
