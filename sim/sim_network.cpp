#include "sim/sim_network.hpp"

#include "messages/atoms.hpp"

#include <caf/send.hpp>

#include <algorithm>
#include <chrono>

namespace broadside::sim {

sim_network::sim_network(caf::actor_system& sys, runtime::context& ctx, const fleet_model& model)
    : sys_(sys), ctx_(ctx), model_(model), memory_(model.size()) {}

sim_network::~sim_network() = default;

caf::actor sim_network::pin(uint32_t node) {
  auto& s = active_[node];
  auto handle = caf::actor_cast<caf::actor>(s.handle.lock());
  if (!handle) {
    node_binding binding{node, model_.describe(node).params, std::move(memory_[node])};
    memory_[node] = node_memory{};
    if (pool_.empty()) {
      handle = sys_.spawn<caf::lazy_init>(node_actor, &ctx_, static_cast<node_host*>(this),
                                          std::move(binding));
    } else {
      // The actor takes it when the first message sent to it arrives.
      handle = std::move(pool_.back());
      pool_.pop_back();
      handoff_.insert_or_assign(handle->id(), std::move(binding));
    }
    s.handle = caf::actor_cast<caf::weak_actor_ptr>(handle);
    s.pins = 0;
    ++activations_;
    peak_active_ = std::max(peak_active_, active_.size());
  }
  ++s.pins;
  return handle;
}

int32_t sim_network::latency_ms(uint32_t node) const {
  auto i = latency_override_.find(node);
  return i != latency_override_.end() ? i->second : model_.latency_ms(node);
}

void sim_network::send_to_node(caf::local_actor* self, uint32_t node,
                               caf::mailbox_element_ptr msg) {
  caf::actor handle;
  int32_t delay = 0;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (node >= memory_.size() || blocked_.count(node))
      return;
    handle = pin(node);
    delay = latency_ms(node);
  }
  runtime::send_after(self, handle, delay, std::move(msg));
}

bool sim_network::send_to_controller(caf::local_actor* self, uint32_t node, const caf::actor& to,
                                     caf::mailbox_element_ptr msg) {
  int32_t delay = 0;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (blocked_.count(node))
      return false;
    delay = latency_ms(node);
  }
  runtime::send_after(self, to, delay, std::move(msg));
  return true;
}

void sim_network::arrived(uint32_t node) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (auto i = active_.find(node); i != active_.end() && i->second.pins > 0)
    --i->second.pins;
}

bool sim_network::passivate(uint32_t node, node_memory& memory, caf::actor self) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = active_.find(node);
  if (i == active_.end() || i->second.pins > 0)
    return false;
  active_.erase(i);
  memory_[node] = std::move(memory);
  pool_.push_back(std::move(self));
  return true;
}

std::optional<node_binding> sim_network::take_binding(caf::actor_id self) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = handoff_.find(self);
  if (i == handoff_.end())
    return std::nullopt;
  std::optional<node_binding> binding{std::move(i->second)};
  handoff_.erase(i);
  return binding;
}

void sim_network::release_pool() {
  std::vector<caf::actor> pool;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    pool.swap(pool_);
  }
}

void sim_network::inject(uint32_t node, node_fault fault) {
  caf::actor handle;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (node >= memory_.size())
      return;
    handle = pin(node);
  }
  caf::anon_send(handle, fault);
}

void sim_network::set_link(uint32_t node, bool up) {
  caf::actor handle;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (node >= memory_.size())
      return;
    if (!up) {
      blocked_.insert(node);
      return;
    }
    if (blocked_.erase(node) == 0)
      return;
    handle = pin(node);
  }
  caf::anon_send(handle, link_up_atom::value);
}

void sim_network::set_latency(uint32_t node, std::optional<int32_t> one_way_ms) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (one_way_ms)
    latency_override_[node] = *one_way_ms;
  else
    latency_override_.erase(node);
}

size_t sim_network::active_nodes() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return active_.size();
}

size_t sim_network::peak_active_nodes() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return peak_active_;
}

uint64_t sim_network::activations() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return activations_;
}

}  // namespace broadside::sim
