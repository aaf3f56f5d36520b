#pragma once

// The scenario driver: the actor that plays a scenario's timeline. At each
// command's time it spawns a command actor (or, for a periodic command, a
// schedule actor, and a command actor at each of its fires), at each cancel
// time it sends CancelCommand (and stops the schedule), and it walks the
// fault timeline with one timer, applying each event to the fleet, the
// network or the node. It listens to the commands and records what they
// report. It decides nothing about outcomes: those come from the actors.

#include "sim/fault_timeline.hpp"
#include "sim/run_observer.hpp"
#include "sim/scenario.hpp"
#include "sim/sim_network.hpp"

#include "messages/events.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace broadside::sim {

// What the driver observed. Written by the driver actor; read by its owner
// once done() (the mutex guards it on the real clock).
// Commands are in report order: the scenario's commands sent once, in file
// order, then the runs of schedules in the order they start.
struct sim_observations {
  std::vector<command_update> latest;   // per command
  std::vector<command_origin> origins;  // per command
  std::vector<command_update> history;  // every command update, in order
  int64_t last_completion_ms = 0;
  uint32_t commands_finished = 0;
  uint32_t schedules_open = 0;  // periodic commands not yet ended or stopped
  size_t faults_applied = 0;  // fault events (one per node, and per end of a lasting fault)
  bool complete = false;     // every command finished and every fault event applied

  // Every schedule is over and every command it started, and every other
  // command, is terminal.
  bool commands_done() const {
    return schedules_open == 0 && commands_finished == latest.size();
  }

  std::mutex mtx;
  std::condition_variable changed;
};

struct driver_state {
  runtime::context* ctx = nullptr;
  caf::actor fleet;
  sim_network* network = nullptr;
  const scenario* plan = nullptr;
  const fleet_inventory* inventory = nullptr;  // the fleet as declared: instance ids
  const std::vector<fault_event>* faults = nullptr;
  int64_t start_ms = 0;
  sim_observations* out = nullptr;
  run_observer* observer = nullptr;
  // Per scenario command: its report slot (sent once) or its schedule.
  struct planned {
    uint32_t slot = 0;
    caf::actor schedule;         // while it runs
    bool schedule_over = false;  // ended, stopped, or failed to start
    std::vector<uint32_t> runs;  // report slots of its runs
  };
  std::vector<planned> plan_commands;
  std::vector<caf::actor> commands;  // per report slot, until it is terminal
  std::unordered_map<uuid, uint32_t> command_index;        // report slot
  std::unordered_map<caf::actor_id, uint32_t> schedule_of;  // scenario command
  static inline const char* name = "scenario_driver";
};

caf::behavior scenario_driver(caf::stateful_actor<driver_state>* self, runtime::context* ctx,
                              caf::actor fleet, sim_network* network, const scenario* plan,
                              const fleet_inventory* inventory,
                              const std::vector<fault_event>* faults, sim_observations* out,
                              run_observer* observer);

}  // namespace broadside::sim
