#pragma once

// How a simulated Windows instance runs a script as the document's Username,
// as Cloud Assistant's agent does for any user but System: it reads the
// user's password from Parameter Store (the parameter WindowsPasswordName),
// with the RAM role attached to the instance, then logs the user on. Each
// step has its ErrorCode: InstanceRoleInvalid, QueryParameterStoreFailed,
// UserOrPasswordInvalid. Only simulated nodes have Windows: the real agent
// runs on Linux.

#include "messages/instance_error.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace broadside {

using parameter_store = std::map<std::string, std::string, std::less<>>;

struct windows_logon {
  std::string instance_role;                          // attached RAM role; empty: none
  std::map<std::string, std::string, std::less<>> accounts;  // local user -> password
  std::shared_ptr<const parameter_store> parameters;  // the region's encrypted parameters
};

// Why `instance` cannot run a script as `username` with the password named
// `password_name`; none if it can (no user, or System, needs no logon).
instance_error windows_logon_problem(const windows_logon& instance, std::string_view username,
                                     std::string_view password_name);

}  // namespace broadside
