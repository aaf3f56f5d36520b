#pragma once

// The node actor: one simulated managed node, machine and agent together. It
// runs what it is asked to (taking exec_ms of its clock), answers with its
// exit code and output, enforces executionTimeout, and never runs the same
// command twice: it remembers every command it has seen, as the real agent
// keeps its orchestration records on disk.
//
// A powered-off machine or a stopped agent answers nothing; scripts running
// when either goes down die, and the agent reports them Failed when it starts
// again. The node's network link is not its own: its host (the simulated
// network) delays its messages and may refuse them while the link is down,
// in which case the node keeps the result and sends it on link_up.
//
// Node actors are activated on demand and passivated when idle, so a
// million-node fleet holds only the busy nodes as actors; node_memory is what
// survives passivation (the agent's disk plus the machine's power state). A
// passivated actor is not destroyed: its host keeps it and binds it to the
// next node it activates (a node_binding the actor takes from its host when
// the first message of the activation arrives), which costs far less than
// spawning an actor and tearing one down.
//
// Accepts: run_request, cancel_run (from invocations, via the network),
// node_fault, link_up_atom (from the host), its own timers.

#include "actors/instance_environment.hpp"
#include "messages/faults.hpp"
#include "messages/run.hpp"
#include "runtime/context.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace broadside {

// How a simulated node behaves when it runs a script.
struct node_params {
  bool online = true;  // false: powered off from the start, never answers
  int64_t exec_ms = 1'000;
  int32_t exit_code = 0;
  std::string standard_output;
  std::string standard_error;
  // -1: a run writes standard_output. Otherwise it writes exactly this many
  // bytes: standard_output (or a filler line when empty) repeated.
  int64_t output_bytes = -1;
  // Its logons and containers (shared by its group); null: neither.
  std::shared_ptr<const instance_environment> environment;
};

// What a run of a node with `p` writes to its standard output.
std::string standard_output_of(const node_params& p);

enum class run_phase : uint8_t {
  running,    // started; if the agent is down, it died and is owed a report
  finished,   // ended with an outcome
  cancelled,  // cancelled before it ever started: never start it
};

struct run_record {
  uuid command_id;
  run_phase phase = run_phase::running;
  run_outcome outcome = run_outcome::exited;
  instance_error error = instance_error::none;  // once it ended, or what killed it
  int32_t exit_code = -1;
  int64_t start_ms = -1;
  int64_t end_ms = -1;
  caf::actor_addr owed_to;  // set while the invocation still waits for the result
  invocation_serial owed_serial = 0;
};

struct node_memory {
  bool fresh = true;  // never activated: take power state from node_params
  bool powered = true;
  bool agent_running = true;
  std::vector<run_record> runs;
  // The paths SendFile wrote: a simulated node keeps no files, only enough to
  // refuse a second send without Overwrite (FileAlreadyExists). Made by the
  // first send: a million nodes that are sent none pay a pointer each.
  std::unique_ptr<std::set<std::string>> files;
};

// What makes a node actor node `index`. It starts every activation: the
// spawn argument of a new actor, or what a passivated one takes from its
// host (node_host::take_binding) before it handles the activation's first
// message. Never a message, never leaves the process.
struct node_binding {
  uint32_t index = 0;
  node_params params;
  // The node's memory stays with the host, which lends it to the actor
  // bound to the node: nothing is copied at activation or passivation.
  node_memory* memory = nullptr;
};

// What the node needs from the simulated network it lives on.
class node_host {
public:
  virtual ~node_host() = default;

  // Sends `msg` (from `self`: see runtime::envelope) to `to`, the invocation
  // numbered `serial`, over the node's link, after the link's latency.
  // Returns false (and sends nothing) while the link is down.
  virtual bool send_to_controller(caf::local_actor* self, uint32_t node, const caf::actor& to,
                                  invocation_serial serial, caf::mailbox_element_ptr msg) = 0;

  // Every message the host delivered to the node must be acknowledged on
  // arrival: the host does not let a node passivate with messages under way.
  virtual void arrived(uint32_t node) = 0;

  // The node is idle. If nothing is on its way to it, the host takes the
  // actor `self` back and returns true: the actor is no longer node `node`
  // (its memory stays with the host) and waits for its next node_binding.
  // Otherwise false.
  virtual bool passivate(uint32_t node, caf::actor self) = 0;

  // A passivated actor's next node: the binding the host left for the actor
  // in `seat` when it activated a node with it, before sending it the
  // activation's first message. Empty if the actor has not been activated
  // again (a timer of its previous node arrived).
  virtual std::optional<node_binding> take_binding(uint32_t seat) = 0;
};

struct node_state {
  runtime::context* ctx = nullptr;
  node_host* host = nullptr;
  uint32_t seat = 0;         // the actor's place on its host (for take_binding)
  bool bound = false;        // is node `index` (else passivated)
  uint32_t index = 0;
  node_params params;
  node_memory* memory = nullptr;  // the host's, while bound
  // Bumped whenever running scripts die and at every (re)binding, so that a
  // timer of an earlier life, or of an earlier node, is recognised as stale.
  uint32_t life = 0;
  uint32_t live_runs = 0;    // scripts running right now
  static inline const char* name = "node";
};

caf::behavior node_actor(caf::stateful_actor<node_state>* self, runtime::context* ctx,
                         node_host* host, uint32_t seat, node_binding first);

}  // namespace broadside
