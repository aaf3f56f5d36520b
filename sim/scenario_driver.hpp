#pragma once

// The scenario driver: the actor that plays a scenario's timeline. At each
// command's time it spawns a command actor, at each cancel time it sends
// CancelCommand, and it walks the fault timeline with one timer, applying
// each event to the fleet, the network or the node. It listens to the
// commands and records what they report. It decides nothing about outcomes:
// those come from the actors.

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
struct sim_observations {
  std::vector<command_update> latest;   // per command, in scenario order
  std::vector<command_update> history;  // every command update, in order
  int64_t last_completion_ms = 0;
  uint32_t commands_finished = 0;
  size_t faults_applied = 0;  // fault events (one per node, and per end of a lasting fault)
  bool complete = false;     // every command finished and every fault event applied

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
  std::vector<caf::actor> commands;
  std::unordered_map<uuid, uint32_t> command_index;
  static inline const char* name = "scenario_driver";
};

caf::behavior scenario_driver(caf::stateful_actor<driver_state>* self, runtime::context* ctx,
                              caf::actor fleet, sim_network* network, const scenario* plan,
                              const fleet_inventory* inventory,
                              const std::vector<fault_event>* faults, sim_observations* out,
                              run_observer* observer);

}  // namespace broadside::sim
