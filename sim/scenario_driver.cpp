#include "sim/scenario_driver.hpp"

#include "actors/command.hpp"
#include "messages/atoms.hpp"
#include "messages/fleet.hpp"

#include <caf/send.hpp>

#include <algorithm>
#include <chrono>

namespace broadside::sim {

namespace {

using self_ptr = caf::stateful_actor<driver_state>*;

enum timeline_kind : int { send_due = 0, cancel_due = 1, fault_due = 2 };

// Wakes the driver `delay_ms` from now for timeline entry `index` of `kind`.
void after(self_ptr self, int64_t delay_ms, timeline_kind kind, uint32_t index) {
  self->delayed_send(self, std::chrono::milliseconds{delay_ms}, timer_atom::value, int{kind}, index);
}

void check_complete(sim_observations& out, const driver_state& st) {
  out.complete = out.commands_finished == st.plan->commands.size()
                 && out.faults_applied == st.faults->size();
  if (out.complete)
    out.changed.notify_all();
}

void to_node(driver_state& st, uint32_t node, node_fault_kind kind) {
  st.network->inject(node, node_fault{kind});
}

void apply(driver_state& st, const fault_event& e) {
  const auto& f = st.plan->faults[e.fault];
  auto node = e.node;
  auto end = e.end != 0;
  switch (f.action) {
    case fault_action::power_off:
      return to_node(st, node, node_fault_kind::power_off);
    case fault_action::power_on:
      return to_node(st, node, node_fault_kind::power_on);
    case fault_action::reboot:
      return to_node(st, node, end ? node_fault_kind::power_on : node_fault_kind::power_off);
    case fault_action::agent_stop:
      return to_node(st, node, node_fault_kind::agent_stop);
    case fault_action::agent_start:
      return to_node(st, node, node_fault_kind::agent_start);
    case fault_action::agent_upgrade:
      if (!end)
        return to_node(st, node, node_fault_kind::agent_upgrade);
      caf::anon_send(st.fleet, agent_version_changed{st.inventory->instance_id(node),
                                                     f.agent_version});
      return to_node(st, node, node_fault_kind::agent_start);
    case fault_action::agent_restart:
      return to_node(st, node, end ? node_fault_kind::agent_start : node_fault_kind::agent_stop);
    case fault_action::block_network:
      return st.network->set_link(node, end);
    case fault_action::unblock_network:
      return st.network->set_link(node, true);
    case fault_action::set_latency:
      return st.network->set_latency(node, end || f.latency_ms < 0
                                               ? std::nullopt
                                               : std::optional<int32_t>{f.latency_ms});
    case fault_action::release:
      to_node(st, node, node_fault_kind::power_off);
      caf::anon_send(st.fleet, deregister_node{st.inventory->instance_id(node), true});
      return;
    case fault_action::deregister:
      caf::anon_send(st.fleet, deregister_node{st.inventory->instance_id(node), false});
      return;
  }
}

// Arms the timer for the fault events of the next instant, if any.
void next_faults(self_ptr self) {
  auto& st = self->state;
  auto applied = st.out->faults_applied;
  if (applied < st.faults->size()) {
    auto due = st.start_ms + (*st.faults)[applied].at_ms;
    auto now = runtime::now_ms(self, *st.ctx);
    after(self, std::max<int64_t>(0, due - now), fault_due, 0);
  }
}

// Applies every fault event of the instant the timer was armed for.
void on_faults_due(self_ptr self) {
  auto& st = self->state;
  const auto& events = *st.faults;
  {
    std::lock_guard<std::mutex> guard{st.out->mtx};
    auto& i = st.out->faults_applied;
    auto t = events[i].at_ms;
    for (; i < events.size() && events[i].at_ms == t; ++i)
      apply(st, events[i]);
    check_complete(*st.out, st);
  }
  next_faults(self);
}

void on_timeline(self_ptr self, int kind, uint32_t index) {
  auto& st = self->state;
  switch (kind) {
    case send_due: {
      command_listener listener{caf::actor_cast<caf::actor>(self),
                                st.observer->listener(index, runtime::now_ms(self, *st.ctx)), {}};
      st.commands[index] = self->spawn(command_actor, st.ctx, st.fleet,
                                       st.plan->commands[index].command, listener);
      return;
    }
    case cancel_due:
      if (st.commands[index])
        self->send(st.commands[index], cancel_command{st.plan->commands[index].command.command_id, {}});
      return;
    case fault_due:
      return on_faults_due(self);
    default:
      return;
  }
}

void on_command_update(self_ptr self, const command_update& u) {
  auto& st = self->state;
  auto i = st.command_index.find(u.command_id);
  if (i == st.command_index.end())
    return;
  st.observer->on_command(i->second, u);
  std::lock_guard<std::mutex> guard{st.out->mtx};
  st.out->latest[i->second] = u;
  st.out->history.push_back(u);
  if (is_terminal(u.details)) {
    ++st.out->commands_finished;
    st.out->last_completion_ms = std::max(st.out->last_completion_ms, u.at_ms);
    check_complete(*st.out, st);
  }
}

}  // namespace

caf::behavior scenario_driver(self_ptr self, runtime::context* ctx, caf::actor fleet,
                              sim_network* network, const scenario* plan,
                              const fleet_inventory* inventory,
                              const std::vector<fault_event>* faults, sim_observations* out,
                              run_observer* observer) {
  runtime::count_unexpected(self, ctx);
  auto& st = self->state;
  st.ctx = ctx;
  st.fleet = std::move(fleet);
  st.network = network;
  st.plan = plan;
  st.inventory = inventory;
  st.faults = faults;
  st.start_ms = runtime::now_ms(self, *ctx);
  st.out = out;
  st.observer = observer;
  st.commands.resize(plan->commands.size());
  {
    std::lock_guard<std::mutex> guard{out->mtx};
    out->latest.resize(plan->commands.size());
    check_complete(*out, st);
  }
  for (uint32_t i = 0; i < plan->commands.size(); ++i) {
    const auto& c = plan->commands[i];
    st.command_index.emplace(c.command.command_id, i);
    // The driver starts at the scenario's time zero.
    after(self, c.at_ms, send_due, i);
    if (c.cancel_at_ms)
      after(self, *c.cancel_at_ms, cancel_due, i);
  }
  next_faults(self);
  return {
      [=](timer_atom, int kind, uint32_t index) { on_timeline(self, kind, index); },
      [=](const command_update& u) { on_command_update(self, u); },
  };
}

}  // namespace broadside::sim
