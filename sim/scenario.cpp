#include "sim/scenario.hpp"

#include "schedule/frequency.hpp"
#include "sim/splitmix.hpp"

#include <variant>

namespace broadside::sim {

uuid scenario_command_id(uint64_t seed, uint32_t n) {
  auto base = splitmix64(seed ^ 0xC0FFEEULL) + 2 * uint64_t{n};
  return make_uuid_v4(splitmix64(base), splitmix64(base + 1));
}

uuid scenario_run_id(uint64_t seed, uint32_t n, uint32_t repeat) {
  auto base = splitmix64(splitmix64(seed ^ 0x5C4ED01EULL) + n) + 2 * uint64_t{repeat};
  return make_uuid_v4(splitmix64(base), splitmix64(base + 1));
}

std::optional<schedule_problem> check_schedule(const timed_command& c) {
  if (!c.schedule)
    return std::nullopt;
  const auto& s = *c.schedule;
  auto parsed = schedule::parse_frequency(s.frequency, c.at_ms);
  if (const auto* error = std::get_if<schedule::frequency_error>(&parsed))
    return schedule_problem{"frequency", "\"" + s.frequency + "\" is " + std::string{wire_name(error->code)}
                                             + ": " + error->message};
  if (s.until_ms && *s.until_ms <= c.at_ms)
    return schedule_problem{"until_ms", std::to_string(*s.until_ms) + " is not after at_ms "
                                            + std::to_string(c.at_ms)};
  if (s.runs && *s.runs == 0)
    return schedule_problem{"runs", "0 is not a number of runs >= 1"};
  auto once = std::holds_alternative<schedule::at_frequency>(std::get<schedule::frequency>(parsed));
  if (!once && !s.until_ms && !s.runs)
    return schedule_problem{"", "a rate or cron frequency needs until_ms or runs: it never ends by itself"};
  return std::nullopt;
}

bool takes_duration(fault_action action) {
  switch (action) {
    case fault_action::reboot:
    case fault_action::agent_restart:
    case fault_action::agent_upgrade:
    case fault_action::block_network:
    case fault_action::deny_security_group:
    case fault_action::set_latency:
      return true;
    default:
      return false;
  }
}

bool timed_fault::lasts() const {
  if (action == fault_action::block_network || action == fault_action::deny_security_group
      || action == fault_action::set_latency)
    return duration_ms > 0;
  return takes_duration(action);
}

}  // namespace broadside::sim
