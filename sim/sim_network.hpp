#pragma once

// The simulated network between the controller (command and invocation
// actors) and the simulated nodes. It is the node_transport invocations send
// through and the node_host nodes live on:
//   - it delays every message by the link's one-way latency,
//   - it drops messages while a node's link is blocked (a message already on
//     the wire still arrives), and wakes the node when the link is back,
//   - it passes the faults of the scenario on to the nodes, and notes what
//     they leave a node in (powered off, agent stopped or upgrading), which
//     the control plane would know: why an invocation could not reach it,
//   - it activates a node actor when a message is sent to a passive node, and
//     keeps every node's memory (lent to the node's actor while it is
//     active). A node never passivates
//     while a message is on its way to it, so nothing is lost. Passivated
//     actors wait in a pool to be bound to the next node activated.
// Thread-safe: on the real clock, actors call it from several threads. In
// virtual time one thread runs every actor, and it takes no locks.

#include "actors/node.hpp"
#include "messages/faults.hpp"
#include "runtime/context.hpp"
#include "runtime/node_transport.hpp"
#include "sim/node_model.hpp"

#include <caf/actor_system.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace broadside::sim {

class sim_network final : public runtime::node_transport, public node_host {
public:
  // `ctx` and `model` must outlive the network; the network must outlive
  // every actor that uses it.
  sim_network(caf::actor_system& sys, runtime::context& ctx, const fleet_model& model);
  ~sim_network() override;

  // -- runtime::node_transport ------------------------------------------------
  void send_to_node(caf::local_actor* self, uint32_t node, caf::mailbox_element_ptr msg) override;
  // InstanceNotRunning, ClientNotRunning, ClientIsUpgrading,
  // ClientNetworkBlocked, in that order of precedence, else DeliveryTimeout.
  instance_error unreachable(uint32_t node) const override;

  // -- node_host --------------------------------------------------------------
  bool send_to_controller(caf::local_actor* self, uint32_t node, const caf::actor& to,
                          invocation_serial serial, caf::mailbox_element_ptr msg) override;
  void arrived(uint32_t node) override;
  bool passivate(uint32_t node, caf::actor self) override;
  std::optional<node_binding> take_binding(uint32_t at) override;

  // Lets the pooled actors go; call before the actor system stops, which
  // waits for every actor.
  void release_pool();

  // -- faults (take effect at once) -------------------------------------------
  void inject(uint32_t node, node_fault fault);
  // `cause`: what an invocation that cannot reach the node is told.
  void set_link(uint32_t node, bool up,
                instance_error cause = instance_error::client_network_blocked);
  void set_latency(uint32_t node, std::optional<int32_t> one_way_ms);

  // -- statistics --------------------------------------------------------------
  size_t active_nodes() const;
  size_t peak_active_nodes() const;
  uint64_t activations() const;

private:
  static constexpr uint32_t none = UINT32_MAX;

  // What the faults left a node in, as inject() saw them pass (the node
  // actor keeps its own state in its memory, which it alone may touch).
  struct condition {
    bool powered = true;
    bool agent_running = true;
    bool upgrading = false;
  };

  // A node actor's place in the network, for its whole life: seats are
  // numbered in spawn order, and the actor is told its number.
  struct seat {
    // Weak while active: an active node is kept alive by its own timers and
    // the messages on their way to it, and the network never holds the last
    // reference. Pooled (passivated) actors are held by `parked`.
    caf::weak_actor_ptr handle;
    caf::actor parked;
    uint32_t pins = 0;  // messages on their way to the node
    int32_t latency_ms = 0;  // the node's own (model) latency, while active
    // The node it is activated as, until the actor takes it (claim).
    std::optional<node_binding> handoff;
  };

  // Locks mtx_ on the real clock only.
  std::unique_lock<std::mutex> guard() const;

  // A node's condition before any fault: as its model starts it.
  condition unfaulted(uint32_t node) const;

  // Returns the node's actor, activating it if needed, and pins it for one
  // message. Requires the guard.
  caf::actor pin(uint32_t node);
  bool blocked(uint32_t node) const;
  int32_t latency_ms(uint32_t node) const;

  caf::actor_system& sys_;
  runtime::context& ctx_;
  const fleet_model& model_;
  mutable std::mutex mtx_;
  std::vector<node_memory> memory_;  // every node's memory, by index (lent while active)
  std::vector<uint32_t> seat_of_;    // by node: the seat of its actor, or none (passive)
  std::vector<seat> seats_;
  std::vector<uint32_t> pool_;       // seats whose actors are passivated, to be bound again
  size_t active_ = 0;
  std::unordered_map<uint32_t, instance_error> blocked_;  // links down, and why
  std::unordered_map<uint32_t, condition> faulted_;  // nodes a node_fault reached
  std::unordered_map<uint32_t, int32_t> latency_override_;
  size_t peak_active_ = 0;
  uint64_t activations_ = 0;
};

}  // namespace broadside::sim
