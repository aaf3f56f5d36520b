#include "messages/run.hpp"

namespace broadside {

std::string_view reason_of(run_outcome o, instance_error error) noexcept {
  switch (o) {
    case run_outcome::execution_timed_out:
      return "the command did not finish within its executionTimeout and was stopped";
    case run_outcome::cancelled:
      return "cancelled";
    case run_outcome::interrupted:
      return error == instance_error::instance_restarted
                 ? "the machine restarted while the command was running (InstanceRestarted)"
                 : "the agent restarted while the command was running (ClientRestarted)";
    case run_outcome::exited:
    case run_outcome::not_started:
      return "";
  }
  return "";
}

instance_error error_of(run_outcome o, int32_t exit_code) noexcept {
  switch (o) {
    case run_outcome::exited:
      return exit_code == 0 ? instance_error::none : instance_error::exit_code_nonzero;
    case run_outcome::execution_timed_out:
      return instance_error::execution_timeout;
    case run_outcome::cancelled:
      return instance_error::none;
    case run_outcome::interrupted:
      return instance_error::client_restarted;
    case run_outcome::not_started:
      return instance_error::execution_exception;
  }
  return instance_error::none;
}

}  // namespace broadside
