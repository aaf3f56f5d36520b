#include "sim/scenario_driver.hpp"

#include "actors/command.hpp"
#include "actors/schedule_actor.hpp"
#include "messages/atoms.hpp"
#include "messages/fleet.hpp"
#include "messages/schedule.hpp"
#include "schedule/frequency.hpp"

#include <caf/send.hpp>

#include <algorithm>
#include <chrono>

namespace broadside::sim {

namespace {

using self_ptr = caf::stateful_actor<driver_state>*;

enum timeline_kind : int { send_due = 0, cancel_due = 1, fault_due = 2, until_due = 3 };

// Wakes the driver `delay_ms` from now for timeline entry `index` of `kind`.
void after(self_ptr self, int64_t delay_ms, timeline_kind kind, uint32_t index) {
  self->delayed_send(self, std::chrono::milliseconds{delay_ms}, timer_atom::value, int{kind}, index);
}

void check_complete(sim_observations& out, const driver_state& st) {
  out.complete = out.commands_done() && out.faults_applied == st.faults->size();
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
    case fault_action::kill_scripts:
      return to_node(st, node, node_fault_kind::kill_scripts);
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
    case fault_action::allow_security_group:
      return st.network->set_link(node, true);
    case fault_action::deny_security_group:
      return st.network->set_link(node, end, instance_error::security_group_rule_denied);
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

// Spawns the command actor of report slot `slot`.
void start_command(self_ptr self, uint32_t slot, const send_command& spec) {
  auto& st = self->state;
  command_listener listener{caf::actor_cast<caf::actor>(self),
                            st.observer->listener(slot, runtime::now_ms(self, *st.ctx)), {}};
  st.commands[slot] = self->spawn(command_actor, st.ctx, st.fleet, spec, listener);
}

// The schedule of scenario command `i` is over: no run starts from now on.
// `stop`: tell its actor (StopInvocation); otherwise it ended by itself.
void close_schedule(self_ptr self, uint32_t i, bool stop) {
  auto& p = self->state.plan_commands[i];
  if (p.schedule_over)
    return;
  p.schedule_over = true;
  if (stop && p.schedule)
    self->send(p.schedule, stop_schedule{});
  p.schedule = nullptr;
  std::lock_guard<std::mutex> guard{self->state.out->mtx};
  --self->state.out->schedules_open;
  check_complete(*self->state.out, self->state);
}

void start_schedule(self_ptr self, uint32_t i) {
  auto& st = self->state;
  auto& p = st.plan_commands[i];
  if (p.schedule_over)
    return;
  auto now = runtime::now_ms(self, *st.ctx);
  auto parsed = schedule::parse_frequency(st.plan->commands[i].schedule->frequency, now);
  if (const auto* error = std::get_if<schedule::frequency_error>(&parsed)) {
    // Only on the real clock: in virtual time the file was checked at the
    // same instant (check_schedule).
    runtime::record(*st.ctx, now, st.name,
                    "commands[" + std::to_string(i) + "] not scheduled: " + error->message);
    return close_schedule(self, i, false);
  }
  p.schedule = self->spawn<caf::linked>(schedule_actor, st.ctx,
                                        std::get<schedule::frequency>(std::move(parsed)),
                                        caf::actor_cast<caf::actor>(self));
  st.schedule_of.emplace(p.schedule.id(), i);
}

// StopInvocation for a periodic command: the schedule stops and the runs
// still in progress are cancelled.
void stop_invocation(self_ptr self, uint32_t i) {
  auto& st = self->state;
  close_schedule(self, i, true);
  for (auto slot : st.plan_commands[i].runs)
    if (st.commands[slot])
      self->send(st.commands[slot], cancel_command{st.out->latest[slot].command_id, {}});
}

void on_timeline(self_ptr self, int kind, uint32_t i) {
  if (kind == fault_due)
    return on_faults_due(self);
  auto& st = self->state;
  const auto& planned = st.plan->commands[i];
  auto slot = st.plan_commands[i].slot;
  switch (kind) {
    case send_due:
      if (planned.schedule)
        return start_schedule(self, i);
      return start_command(self, slot, planned.command);
    case cancel_due:
      if (planned.schedule)
        return stop_invocation(self, i);
      if (st.commands[slot])
        self->send(st.commands[slot], cancel_command{planned.command.command_id, {}});
      return;
    case until_due:
      return close_schedule(self, i, true);
    default:
      return;
  }
}

// The scenario command whose schedule actor sent the current message.
std::optional<uint32_t> sending_schedule(self_ptr self) {
  auto& st = self->state;
  const auto& sender = self->current_sender();
  auto found = sender ? st.schedule_of.find(sender->id()) : st.schedule_of.end();
  if (found == st.schedule_of.end())
    return std::nullopt;
  return found->second;
}

// A fire starts one run: the scheduled command again, with an id of its own.
void on_fire(self_ptr self, const schedule_fire& fire) {
  auto& st = self->state;
  auto i = sending_schedule(self);
  if (!i || st.plan_commands[*i].schedule_over)
    return;
  const auto& planned = st.plan->commands[*i];
  const auto& when = *planned.schedule;
  // A fire at until_ms itself may come before the until timer stops it.
  if (when.until_ms && fire.at_ms >= st.start_ms + *when.until_ms)
    return;
  auto spec = planned.command;
  spec.command_id = scenario_run_id(st.plan->seed, *i, fire.repeat);
  spec.cloud_assistant.frequency = when.frequency;  // what the run asks of the agent
  uint32_t slot;
  {
    std::lock_guard<std::mutex> guard{st.out->mtx};
    slot = static_cast<uint32_t>(st.out->latest.size());
    st.out->latest.emplace_back().command_id = spec.command_id;
    st.out->origins.push_back({*i, fire.repeat});
    check_complete(*st.out, st);
  }
  st.commands.emplace_back();
  st.command_index.emplace(spec.command_id, slot);
  st.plan_commands[*i].runs.push_back(slot);
  start_command(self, slot, spec);
  if (when.runs && fire.repeat >= *when.runs)
    close_schedule(self, *i, true);
}

void on_schedule_ended(self_ptr self) {
  if (auto i = sending_schedule(self))
    close_schedule(self, *i, false);
}

void on_command_update(self_ptr self, const command_update& u) {
  auto& st = self->state;
  auto i = st.command_index.find(u.command_id);
  if (i == st.command_index.end())
    return;
  st.observer->on_command(i->second, u);
  if (is_terminal(u.details))
    st.commands[i->second] = nullptr;  // it has quit: let it go
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
  st.plan_commands.resize(plan->commands.size());
  {
    std::lock_guard<std::mutex> guard{out->mtx};
    for (uint32_t i = 0; i < plan->commands.size(); ++i) {
      const auto& c = plan->commands[i];
      if (c.schedule) {
        ++out->schedules_open;
        continue;
      }
      st.plan_commands[i].slot = static_cast<uint32_t>(out->latest.size());
      st.command_index.emplace(c.command.command_id, st.plan_commands[i].slot);
      out->latest.emplace_back();
      out->origins.push_back({i, 0});
    }
    st.commands.resize(out->latest.size());
    check_complete(*out, st);
  }
  for (uint32_t i = 0; i < plan->commands.size(); ++i) {
    const auto& c = plan->commands[i];
    // The driver starts at the scenario's time zero.
    after(self, c.at_ms, send_due, i);
    if (c.cancel_at_ms)
      after(self, *c.cancel_at_ms, cancel_due, i);
    if (c.schedule && c.schedule->until_ms)
      after(self, *c.schedule->until_ms, until_due, i);
  }
  next_faults(self);
  return {
      [=](timer_atom, int kind, uint32_t index) { on_timeline(self, kind, index); },
      [=](const command_update& u) { on_command_update(self, u); },
      [=](const schedule_fire& fire) { on_fire(self, fire); },
      [=](const schedule_ended&) { on_schedule_ended(self); },
  };
}

}  // namespace broadside::sim
