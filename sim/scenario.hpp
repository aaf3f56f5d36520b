#pragma once

// A simulation as data: a fleet of node groups, the commands sent to it at
// given virtual times, and the faults that happen to it. Built in code by
// tests and benchmarks, or loaded from JSON (scenario_json.hpp).

#include "actors/fleet_inventory.hpp"
#include "messages/send_command.hpp"
#include "runtime/context.hpp"
#include "sim/node_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace broadside::sim {

struct fleet_group {
  node_group inventory;    // count, ids, platform, tags
  node_behaviour behaviour;
  // Windows logons (role, accounts, the scenario's parameter store) and
  // containers of the group's instances; null: neither.
  std::shared_ptr<const instance_environment> environment;
};

// A command run on a schedule (Cloud Assistant's RepeatMode Period): every
// fire of `frequency` sends the command again, as a command of its own. A
// rate or cron schedule needs until_ms or runs, or it would never end.
struct command_schedule {
  std::string frequency;             // Cloud Assistant's Frequency: rate(1h), at(...), cron
  std::optional<int64_t> until_ms;   // stopped then: no run starts at or after it
  std::optional<uint32_t> runs;      // stopped after this many runs
};

struct timed_command {
  int64_t at_ms = 0;
  send_command command;
  // For a schedule, StopInvocation: the schedule stops and its runs in
  // progress are cancelled.
  std::optional<int64_t> cancel_at_ms;
  std::optional<command_schedule> schedule;  // the command's id is then the schedule's
};

// What a command of the run's outputs is: scenario command `command`, or
// run `repeat` (from 1) of its schedule. repeat 0: a command sent once.
struct command_origin {
  uint32_t command = 0;
  uint32_t repeat = 0;
};

// Why a command's schedule cannot run: the command's key at fault (empty:
// the command as a whole) and what is wrong with it.
struct schedule_problem {
  std::string key;
  std::string what;
};

// Checks what can be checked before the run: the frequency parses (with the
// command's at_ms, in virtual time since the Unix epoch, as its creation
// time; an error names the agent's ErrorCode), a rate or cron schedule has
// until_ms or runs, until_ms lies after at_ms. nullopt for a command without
// a schedule.
std::optional<schedule_problem> check_schedule(const timed_command& c);

enum class fault_action {
  power_off,
  power_on,
  reboot,          // power_off, then power_on after duration_ms
  agent_stop,
  agent_start,
  agent_restart,   // agent_stop, then agent_start after duration_ms
  agent_upgrade,   // agent_restart; the agent comes back as agent_version
  block_network,   // unblocked after duration_ms, if not 0
  unblock_network,
  deny_security_group,   // block_network, caused by a security group rule
  allow_security_group,  // unblock_network
  kill_scripts,    // the scripts running die of a signal the agent did not send
  set_latency,     // one-way latency_ms (negative: the model's); restored after duration_ms, if not 0
  deregister,      // no longer a managed node
  release,         // the instance is deleted: powered off and deregistered
};

// Whether the action takes a duration_ms: reboot, agent_restart and
// agent_upgrade always end after it (0: at once); block_network and
// set_latency end after it if it is not 0.
bool takes_duration(fault_action action);

// A fault hits the nodes of one selector (instance_ids, targets or all), or a
// share or count of them drawn from the seed; each at at_ms, or each at its
// own time drawn from at_ms..to_ms.
struct timed_fault {
  int64_t at_ms = 0;
  fault_action action = fault_action::power_off;
  std::vector<std::string> instance_ids;
  int64_t duration_ms = 0;
  int32_t latency_ms = -1;
  std::vector<target_selector> targets;  // as a command's Targets
  bool all = false;
  std::optional<int64_t> to_ms;
  std::optional<double> share;  // 0..1 of the selected nodes, rounded down
  std::optional<uint32_t> count;
  std::string agent_version;    // agent_upgrade

  // Whether the fault ends on its own: two events per node, its start and
  // its end, duration_ms later.
  bool lasts() const;
};

struct scenario {
  uint64_t seed = 1;
  std::vector<fleet_group> fleet;
  std::vector<timed_command> commands;
  std::vector<timed_fault> faults;
  runtime::delivery_policy delivery;
  // The quota of targets per command; a command above it is RateExceeded.
  uint32_t max_targets_per_command = 50'000'000;
};

// The id of command `n` of a scenario with `seed`, when it names none.
uuid scenario_command_id(uint64_t seed, uint32_t n);

// The id of run `repeat` (from 1) of the schedule of command `n`.
uuid scenario_run_id(uint64_t seed, uint32_t n, uint32_t repeat);

}  // namespace broadside::sim
