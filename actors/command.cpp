#include "actors/command.hpp"

#include "actors/invocation.hpp"
#include "messages/atoms.hpp"
#include "messages/fleet.hpp"
#include "messages/limit.hpp"
#include "schedule/frequency.hpp"

#include <unordered_set>
#include <vector>

namespace broadside {

namespace {

// In Cloud Assistant the agent keeps a periodic task's schedule, so the
// newer kinds of frequency need a newer agent; each run here asks for it.
agent_feature agent_needs(const send_command& spec) {
  const auto& frequency = spec.cloud_assistant.frequency;
  return !frequency.empty() && schedule::needs_newer_agent(frequency)
             ? agent_feature::schedule_expressions
             : agent_feature::none;
}

using self_ptr = caf::stateful_actor<command_state>*;

int64_t now(self_ptr self) { return runtime::now_ms(self, *self->state.ctx); }

// `event`: text, or a function building it (called only when tracing).
template <class Event>
void trace(self_ptr self, Event&& event) {
  auto& st = self->state;
  if (st.ctx->tracer)
    runtime::record(*st.ctx, now(self), runtime::command_subject(st.spec.command_id),
                    runtime::event_text(std::forward<Event>(event)));
}

uint32_t target_count(const command_state& st) { return static_cast<uint32_t>(st.targets.size()); }

command_update snapshot(self_ptr self) {
  auto& st = self->state;
  command_update u;
  u.command_id = st.spec.command_id;
  u.details = st.details;
  if (st.tally) {
    u.counts = st.tally->counts();
    u.by_details = st.tally->by_details();
  } else {
    u.counts.target_count = target_count(st);
  }
  u.requested_ms = st.requested_ms;
  u.at_ms = now(self);
  return u;
}

void announce(self_ptr self, command_details d) {
  auto& st = self->state;
  st.details = d;
  trace(self, wire_name(d));
  if (st.listener.actor)
    self->send(st.listener.actor, snapshot(self));
}

// Re-derives StatusDetails from the invocations and tells the listener if it
// changed (or always, if `force`); quits once it is terminal.
void publish(self_ptr self, bool force = false) {
  auto& st = self->state;
  auto d = st.tally->details(st.cancel_requested);
  if (force || d != st.details)
    announce(self, d);
  if (!is_terminal(d))
    return;
  // On the real clock an idle invocation actor's timers cannot be called
  // off and would keep it (and the actor system) alive until they fire.
  for (const auto& invocation : st.idle)
    self->send_exit(invocation, caf::exit_reason::user_shutdown);
  self->quit();
}

void forward(self_ptr self, const invocation_update& u, invocation_details previous) {
  auto& st = self->state;
  if (st.listener.invocations)
    st.listener.invocations(u, previous);
}

// A change the command decides itself (sent, Terminated, never-sent and
// timed out or cancelled); invocations report their own.
void set(self_ptr self, uint32_t t, invocation_details d) {
  auto& st = self->state;
  auto& rec = st.targets[t];
  auto previous = rec.details;
  st.tally->move(previous, d);
  rec.details = d;
  if (st.ctx->tracer)
    runtime::record(*st.ctx, now(self), runtime::invocation_subject(st.spec.command_id, t),
                    wire_name(d));
  if (st.listener.invocations) {
    invocation_update u;
    u.command_id = st.spec.command_id;
    u.target = t;
    u.node = rec.node.node;
    u.details = d;
    u.at_ms = now(self);
    if (d == invocation_details::in_progress)
      u.sent_ms = u.at_ms;
    if (d == invocation_details::delivery_timed_out)  // never sent: no node to blame
      u.error = instance_error::delivery_timeout;
    forward(self, u, previous);
  }
}

// Ends every target that was never sent with `d`.
void close_unsent(self_ptr self, invocation_details d) {
  auto& st = self->state;
  for (auto t = st.next; t < target_count(st); ++t)
    if (st.targets[t].details == invocation_details::pending)
      set(self, t, d);
  st.next = target_count(st);
}

void launch(self_ptr self, uint32_t t) {
  auto& st = self->state;
  auto sent = now(self);
  auto from = st.spec.deadline == deadline_mode::command ? st.requested_ms : sent;
  invocation_spec spec{st.spec.command_id,
                       t,
                       st.targets[t].node,
                       st.inventory_version,
                       st.document,
                       sent,
                       from + st.spec.delivery_timeout_ms,
                       from + st.spec.delivery_timeout_ms + st.spec.execution_timeout_ms};
  // Exactly one actor id drawn per invocation, spawned or not: serials then
  // order simultaneous events as if every invocation had its own actor.
  // Linked: a command stopped before its end (its service stops) takes its
  // invocations with it.
  caf::actor worker;
  if (st.idle.empty()) {
    worker = self->spawn<caf::lazy_init + caf::linked>(invocation_actor, st.ctx,
                                         caf::actor_cast<caf::actor>(self), st.fleet);
    spec.serial = worker.id();
  } else {
    worker = std::move(st.idle.back());
    st.idle.pop_back();
    spec.serial = self->system().next_actor_id();
  }
  self->send(worker, std::move(spec));
  st.targets[t].invocation = std::move(worker);
  ++st.in_flight;
  set(self, t, invocation_details::in_progress);
}

// Sends to unsent targets while the window has room; in target order.
void dispatch(self_ptr self) {
  auto& st = self->state;
  while (!st.halted && !st.cancel_requested && st.in_flight < st.window
         && st.next < target_count(st)) {
    auto t = st.next++;
    if (st.targets[t].details == invocation_details::pending)
      launch(self, t);
  }
}

void halt(self_ptr self) {
  auto& st = self->state;
  st.halted = true;
  trace(self, [&] {
    return "halted: ErrorCount " + std::to_string(st.tally->counts().error_count)
           + " exceeds MaxErrors";
  });
  close_unsent(self, invocation_details::terminated);
}

void cancel_target(self_ptr self, uint32_t t) {
  auto& st = self->state;
  if (st.targets[t].details == invocation_details::pending) {
    set(self, t, invocation_details::cancelled);
  } else if (const auto& invocation = st.targets[t].invocation) {
    self->send(invocation, cancel_atom::value);
  }
}

void cancel_all(self_ptr self) {
  auto& st = self->state;
  trace(self, "cancel requested");
  close_unsent(self, invocation_details::cancelled);
  for (const auto& target : st.targets)  // in target order
    if (target.invocation)
      self->send(target.invocation, cancel_atom::value);
}

void start(self_ptr self, resolved_targets resolved) {
  auto& st = self->state;
  st.resolved = true;
  st.inventory_version = resolved.inventory_version;
  st.targets.reserve(resolved.nodes.size());
  for (auto node : resolved.nodes)
    st.targets.push_back({node, invocation_details::pending, {}});
  auto n = target_count(st);
  trace(self, [n] { return "resolved " + std::to_string(n) + " targets"; });
  if (st.listener.resolved)
    st.listener.resolved(resolved.instance_ids);
  if (n > st.ctx->max_targets_per_command) {
    st.tally.emplace(0, 0);
    announce(self, command_details::rate_exceeded);
    self->quit();
    return;
  }
  st.max_concurrency = resolve_max_concurrency(*parse_max_concurrency(st.spec.max_concurrency), n);
  st.tally.emplace(n, resolve_max_errors(*parse_max_errors(st.spec.max_errors), n));
  st.window = st.spec.ramp == ramp_mode::none ? st.max_concurrency : 1;
  if (n > 0 && st.spec.deadline == deadline_mode::command) {
    auto deadline = st.requested_ms + st.spec.delivery_timeout_ms;
    self->scheduled_send(self, runtime::to_time_point(deadline, *st.ctx), timer_atom::value, 0);
  }
  if (st.cancel_requested)
    cancel_all(self);
  dispatch(self);
  publish(self, true);
}

void on_update(self_ptr self, const invocation_update& u) {
  auto& st = self->state;
  if (!st.resolved || u.target >= target_count(st) || is_terminal(st.targets[u.target].details))
    return;
  auto& rec = st.targets[u.target];
  auto previous = rec.details;
  st.tally->move(previous, u.details);
  rec.details = u.details;
  forward(self, u, previous);
  if (is_terminal(u.details)) {
    if (rec.invocation) {
      st.idle.push_back(std::move(rec.invocation));
      --st.in_flight;
    }
    if (!st.halted && st.tally->errors_exceeded())
      halt(self);
    if (st.spec.ramp == ramp_mode::exponential && st.window < st.max_concurrency)
      ++st.window;
    dispatch(self);
  }
  publish(self);
}

// The command-wide delivery deadline: what was never sent will not be.
void on_deadline(self_ptr self) {
  auto& st = self->state;
  if (st.next < target_count(st)) {
    trace(self, "delivery deadline");
    close_unsent(self, invocation_details::delivery_timed_out);
  }
  publish(self);
}

void on_cancel(self_ptr self, const cancel_command& c) {
  auto& st = self->state;
  if (st.cancel_requested)
    return;
  if (c.instance_ids.empty()) {
    st.cancel_requested = true;
    if (st.resolved) {
      cancel_all(self);
      publish(self);
    }
    return;
  }
  self->request(st.fleet, caf::infinite, resolve_targets{c.instance_ids, {}})
      .then([=](const resolved_targets& named) {
        auto& s = self->state;
        if (!s.resolved)
          return;
        std::unordered_set<uint32_t> nodes;
        for (const auto& n : named.nodes)
          nodes.insert(n.node);
        for (uint32_t t = 0; t < target_count(s); ++t)
          if (nodes.count(s.targets[t].node.node))
            cancel_target(self, t);
        publish(self);
      },
      [=](const caf::error& err) {
        trace(self, "cancel failed to resolve its nodes: " + self->system().render(err));
      });
}

}  // namespace

std::optional<std::string> check_send_command(const send_command& cmd) {
  if (!find_document(cmd.document_name))
    return "document " + cmd.document_name + " is not known";
  if (cmd.commands.empty())
    return "the document parameter commands is empty";
  if (!parse_max_concurrency(cmd.max_concurrency))
    return "MaxConcurrency " + cmd.max_concurrency + " is not a count >= 1 or a percentage 1%..100%";
  if (!parse_max_errors(cmd.max_errors))
    return "MaxErrors " + cmd.max_errors + " is not a count >= 0 or a percentage 0%..100%";
  if (cmd.delivery_timeout_ms <= 0)
    return "the delivery timeout must be positive";
  if (cmd.execution_timeout_ms <= 0)
    return "executionTimeout must be positive";
  return std::nullopt;
}

caf::behavior command_actor(self_ptr self, runtime::context* ctx, caf::actor fleet,
                            send_command spec, command_listener listener) {
  auto& st = self->state;
  runtime::count_unexpected(self, ctx);
  st.ctx = ctx;
  st.fleet = std::move(fleet);
  st.listener = std::move(listener);
  st.spec = std::move(spec);
  st.requested_ms = now(self);
  if (auto problem = check_send_command(st.spec)) {
    trace(self, "rejected: " + *problem);
    st.tally.emplace(0, 0);
    announce(self, command_details::failed);
    self->quit();
    return {};
  }
  auto kind = *find_document(st.spec.document_name);
  st.document = shared_document{run_document{st.spec.document_name, std::string{kind.plugin},
                                              kind.platforms, st.spec.commands,
                                              st.spec.working_directory,
                                              st.spec.execution_timeout_ms, st.spec.username,
                                              st.spec.encoding, st.spec.file,
                                              agent_needs(st.spec),
                                              st.spec.cloud_assistant.windows_password_name,
                                              st.spec.cloud_assistant.enable_parameter,
                                              st.spec.cloud_assistant.container_id,
                                              st.spec.cloud_assistant.container_name}};
  trace(self, "requested");
  self->request(st.fleet, caf::infinite,
                resolve_targets{st.spec.instance_ids, st.spec.targets,
                                static_cast<bool>(st.listener.resolved), st.document->needs})
      .then([=](resolved_targets& resolved) { start(self, std::move(resolved)); },
            [=](const caf::error& err) {
              trace(self, "target resolution failed: " + self->system().render(err));
              self->state.tally.emplace(0, 0);
              announce(self, command_details::failed);
              self->quit();
            });
  return {
      [=](const invocation_update& u) -> runtime::no_reply {
        on_update(self, u);
        return {};
      },
      [=](const cancel_command& c) { on_cancel(self, c); },
      [=](timer_atom, int) { on_deadline(self); },
  };
}

}  // namespace broadside
