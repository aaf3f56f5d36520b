#include "actors/instance_environment.hpp"

namespace broadside {

namespace {

// The agent's default directory for a named user is its home (the agent's
// own work directory, which always exists, when none is named).
std::string home_of(const std::string& user) { return user == "root" ? "/root" : "/home/" + user; }

}  // namespace

instance_error environment_problem(const instance_environment* env, const run_document& doc) {
  static const instance_environment nothing_modelled;
  const auto& e = env ? *env : nothing_modelled;
  if (!doc.container_id.empty() || !doc.container_name.empty()) {
    auto problem = container_target_problem(doc.container_id, doc.container_name);
    if (problem != instance_error::none)
      return problem;
    if (!e.container_runtime_reachable)
      return instance_error::container_connect_failed;
    return container_resolution_problem(e.containers, doc.container_id, doc.container_name);
  }
  if (e.windows)
    return windows_logon_problem(*e.windows, doc.username, doc.windows_password_name);
  const auto& user = doc.username;
  if (!user.empty() && user != "root" && e.users && e.users->count(user) == 0)
    return instance_error::account_not_exists;
  if (!e.directories)
    return instance_error::none;
  if (!doc.working_directory.empty())
    return e.directories->count(doc.working_directory) ? instance_error::none
                                                       : instance_error::directory_not_exists;
  if (user.empty() || e.directories->count(home_of(user)))
    return instance_error::none;
  return instance_error::default_working_directory_not_available;
}

}  // namespace broadside
