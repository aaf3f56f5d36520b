#include "sim/scenario_driver.hpp"

#include "actors/command.hpp"
#include "messages/atoms.hpp"
#include "messages/fleet.hpp"

#include <caf/send.hpp>

#include <chrono>

namespace broadside::sim {

namespace {

using self_ptr = caf::stateful_actor<driver_state>*;

enum timeline_kind : int { send_due = 0, cancel_due = 1, fault_due = 2 };

void at(self_ptr self, int64_t at_ms, timeline_kind kind, uint32_t index) {
  self->delayed_send(self, std::chrono::milliseconds{at_ms}, timer_atom::value, int{kind}, index);
}

void check_complete(sim_observations& out, const driver_state& st) {
  out.complete = out.commands_finished == st.plan->commands.size()
                 && out.faults_applied == st.faults->size();
  if (out.complete)
    out.changed.notify_all();
}

void node_fault_all(driver_state& st, const resolved_fault& f, node_fault_kind kind) {
  for (auto node : f.nodes)
    st.network->inject(node, node_fault{kind, f.fault.duration_ms});
}

void apply(self_ptr self, const resolved_fault& f) {
  auto& st = self->state;
  switch (f.fault.action) {
    case fault_action::power_off:
      return node_fault_all(st, f, node_fault_kind::power_off);
    case fault_action::power_on:
      return node_fault_all(st, f, node_fault_kind::power_on);
    case fault_action::reboot:
      return node_fault_all(st, f, node_fault_kind::reboot);
    case fault_action::agent_stop:
      return node_fault_all(st, f, node_fault_kind::agent_stop);
    case fault_action::agent_start:
      return node_fault_all(st, f, node_fault_kind::agent_start);
    case fault_action::agent_restart:
      return node_fault_all(st, f, node_fault_kind::agent_restart);
    case fault_action::block_network:
    case fault_action::unblock_network:
      for (auto node : f.nodes)
        st.network->set_link(node, f.fault.action == fault_action::unblock_network);
      return;
    case fault_action::set_latency:
      for (auto node : f.nodes)
        st.network->set_latency(node, f.fault.latency_ms < 0 ? std::nullopt
                                                             : std::optional<int32_t>{f.fault.latency_ms});
      return;
    case fault_action::release:
      node_fault_all(st, f, node_fault_kind::power_off);
      [[fallthrough]];
    case fault_action::deregister:
      for (const auto& id : f.fault.instance_ids)
        caf::anon_send(st.fleet, deregister_node{id});
      return;
  }
}

void on_timeline(self_ptr self, int kind, uint32_t index) {
  auto& st = self->state;
  switch (kind) {
    case send_due: {
      command_listener listener{caf::actor_cast<caf::actor>(self),
                                st.observer->listener(index, runtime::now_ms(self, *st.ctx))};
      st.commands[index] = self->spawn(command_actor, st.ctx, st.fleet,
                                       st.plan->commands[index].command, listener);
      return;
    }
    case cancel_due:
      if (st.commands[index])
        self->send(st.commands[index], cancel_command{st.plan->commands[index].command.command_id, {}});
      return;
    case fault_due: {
      apply(self, (*st.faults)[index]);
      std::lock_guard<std::mutex> guard{st.out->mtx};
      ++st.out->faults_applied;
      check_complete(*st.out, st);
      return;
    }
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
                              const std::vector<resolved_fault>* faults, sim_observations* out,
                              run_observer* observer) {
  runtime::count_unexpected(self, ctx);
  auto& st = self->state;
  st.ctx = ctx;
  st.fleet = std::move(fleet);
  st.network = network;
  st.plan = plan;
  st.faults = faults;
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
    at(self, c.at_ms, send_due, i);
    if (c.cancel_at_ms)
      at(self, *c.cancel_at_ms, cancel_due, i);
  }
  for (uint32_t j = 0; j < faults->size(); ++j)
    at(self, (*faults)[j].fault.at_ms, fault_due, j);
  return {
      [=](timer_atom, int kind, uint32_t index) { on_timeline(self, kind, index); },
      [=](const command_update& u) { on_command_update(self, u); },
  };
}

}  // namespace broadside::sim
