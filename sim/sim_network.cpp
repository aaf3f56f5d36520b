#include "sim/sim_network.hpp"

#include "messages/atoms.hpp"

#include <caf/send.hpp>

#include <algorithm>
#include <chrono>

namespace broadside::sim {

sim_network::sim_network(caf::actor_system& sys, runtime::context& ctx, const fleet_model& model)
    : sys_(sys), ctx_(ctx), model_(model), memory_(model.size()), seat_of_(model.size(), none) {}

sim_network::~sim_network() = default;

std::unique_lock<std::mutex> sim_network::guard() const {
  if (ctx_.clock)
    return std::unique_lock<std::mutex>{mtx_, std::defer_lock};
  return std::unique_lock<std::mutex>{mtx_};
}

caf::actor sim_network::pin(uint32_t node) {
  caf::actor handle;
  auto at = seat_of_[node];
  if (at != none) {
    handle = caf::actor_cast<caf::actor>(seats_[at].handle.lock());
    if (!handle)  // the actor is gone (the system is stopping): so is its seat
      --active_;
  }
  if (!handle) {
    auto described = model_.describe(node);
    node_binding binding{node, std::move(described.params), &memory_[node]};
    if (pool_.empty()) {
      at = static_cast<uint32_t>(seats_.size());
      handle = sys_.spawn<caf::lazy_init>(node_actor, &ctx_, static_cast<node_host*>(this), at,
                                          std::move(binding));
      seats_.push_back(seat{caf::actor_cast<caf::weak_actor_ptr>(handle), {}, 0, 0, std::nullopt});
    } else {
      // The actor takes it when the first message sent to it arrives.
      at = pool_.back();
      pool_.pop_back();
      handle = std::move(seats_[at].parked);
      seats_[at].handoff = std::move(binding);
    }
    seat_of_[node] = at;
    seats_[at].pins = 0;
    seats_[at].latency_ms = described.latency_ms;
    ++activations_;
    peak_active_ = std::max(peak_active_, ++active_);
  }
  ++seats_[at].pins;
  return handle;
}

// Both sets are nearly always empty: skip hashing then.
bool sim_network::blocked(uint32_t node) const {
  return !blocked_.empty() && blocked_.count(node) > 0;
}

int32_t sim_network::latency_ms(uint32_t node) const {
  if (!latency_override_.empty())
    if (auto i = latency_override_.find(node); i != latency_override_.end())
      return i->second;
  auto at = seat_of_[node];
  return at != none ? seats_[at].latency_ms : model_.latency_ms(node);
}

void sim_network::send_to_node(caf::local_actor* self, uint32_t node,
                               caf::mailbox_element_ptr msg) {
  caf::actor handle;
  int32_t delay = 0;
  {
    auto lock = guard();
    if (node >= memory_.size() || blocked(node))
      return;
    handle = pin(node);
    delay = latency_ms(node);
  }
  runtime::send_after(self, ctx_, handle, delay, std::move(msg));
}

sim_network::condition sim_network::unfaulted(uint32_t node) const {
  condition c;
  c.powered = model_.describe(node).params.online;
  return c;
}

instance_error sim_network::unreachable(uint32_t node) const {
  auto lock = guard();
  if (node >= memory_.size())
    return instance_error::delivery_timeout;
  auto i = faulted_.find(node);
  auto c = i != faulted_.end() ? i->second : unfaulted(node);
  if (!c.powered)
    return instance_error::instance_not_running;
  if (!c.agent_running)
    return c.upgrading ? instance_error::client_is_upgrading : instance_error::client_not_running;
  if (auto b = blocked_.find(node); b != blocked_.end())
    return b->second;
  return instance_error::delivery_timeout;
}

bool sim_network::send_to_controller(caf::local_actor* self, uint32_t node, const caf::actor& to,
                                     invocation_serial serial, caf::mailbox_element_ptr msg) {
  int32_t delay = 0;
  {
    auto lock = guard();
    if (blocked(node))
      return false;
    delay = latency_ms(node);
  }
  runtime::send_after(self, ctx_, to, delay, std::move(msg), serial);
  return true;
}

void sim_network::arrived(uint32_t node) {
  auto lock = guard();
  if (auto at = seat_of_[node]; at != none && seats_[at].pins > 0)
    --seats_[at].pins;
}

bool sim_network::passivate(uint32_t node, caf::actor self) {
  auto lock = guard();
  auto at = seat_of_[node];
  if (at == none || seats_[at].pins > 0)
    return false;
  seat_of_[node] = none;
  --active_;
  seats_[at].parked = std::move(self);
  pool_.push_back(at);
  return true;
}

std::optional<node_binding> sim_network::take_binding(uint32_t at) {
  auto lock = guard();
  std::optional<node_binding> binding;
  binding.swap(seats_[at].handoff);
  return binding;
}

void sim_network::release_pool() {
  std::vector<caf::actor> pooled;
  {
    auto lock = guard();
    for (auto at : pool_)
      pooled.push_back(std::move(seats_[at].parked));
    pool_.clear();
  }
}

void sim_network::inject(uint32_t node, node_fault fault) {
  caf::actor handle;
  {
    auto lock = guard();
    if (node >= memory_.size())
      return;
    auto& c = faulted_.try_emplace(node, unfaulted(node)).first->second;
    switch (fault.kind) {
      case node_fault_kind::power_off:
        c.powered = false;
        break;
      case node_fault_kind::power_on:  // the agent starts at boot
        c = condition{};
        break;
      case node_fault_kind::agent_stop:
      case node_fault_kind::agent_upgrade:
        c.agent_running = false;
        c.upgrading = fault.kind == node_fault_kind::agent_upgrade;
        break;
      case node_fault_kind::agent_start:
        c.agent_running = true;
        c.upgrading = false;
        break;
      case node_fault_kind::kill_scripts:
        break;  // the machine and the agent stay as they are
    }
    handle = pin(node);
  }
  caf::anon_send(handle, fault);
}

void sim_network::set_link(uint32_t node, bool up, instance_error cause) {
  caf::actor handle;
  {
    auto lock = guard();
    if (node >= memory_.size())
      return;
    if (!up) {
      blocked_[node] = cause;
      return;
    }
    if (blocked_.erase(node) == 0)
      return;
    handle = pin(node);
  }
  caf::anon_send(handle, link_up_atom::value);
}

void sim_network::set_latency(uint32_t node, std::optional<int32_t> one_way_ms) {
  auto lock = guard();
  if (one_way_ms)
    latency_override_[node] = *one_way_ms;
  else
    latency_override_.erase(node);
}

size_t sim_network::active_nodes() const {
  auto lock = guard();
  return active_;
}

size_t sim_network::peak_active_nodes() const {
  auto lock = guard();
  return peak_active_;
}

uint64_t sim_network::activations() const {
  auto lock = guard();
  return activations_;
}

}  // namespace broadside::sim
