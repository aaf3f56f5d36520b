#include "actors/invocation.hpp"

#include "messages/atoms.hpp"
#include "messages/fleet.hpp"
#include "messages/run.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<invocation_state>*;

// `event`: text, or a function building it (called only when tracing).
template <class Event>
void trace(self_ptr self, Event&& event) {
  auto& st = self->state;
  if (st.ctx->tracer)
    runtime::record(*st.ctx, runtime::now_ms(self, *st.ctx),
                    runtime::invocation_subject(st.spec.command_id, st.spec.target),
                    runtime::event_text(std::forward<Event>(event)));
}

invocation_update make_update(self_ptr self, invocation_details d) {
  auto& st = self->state;
  invocation_update u;
  u.command_id = st.spec.command_id;
  u.target = st.spec.target;
  u.node = st.spec.node.node;
  u.details = d;
  u.at_ms = runtime::now_ms(self, *st.ctx);
  u.attempts = st.attempts;
  u.sent_ms = st.spec.sent_ms;
  return u;
}

// A non-terminal change, reported to the command.
void set_details(self_ptr self, invocation_details d) {
  auto& st = self->state;
  if (st.details == d)
    return;
  st.details = d;
  trace(self, wire_name(d));
  self->send(st.command, make_update(self, d));
}

// Takes the result's texts. `error`: the ErrorCode of an end the invocation
// decides itself; a result brings the node's.
void finish(self_ptr self, invocation_details d, run_result* result = nullptr,
            std::string reason = {}, instance_error error = instance_error::none) {
  auto& st = self->state;
  st.details = d;
  auto u = make_update(self, d);
  u.reason = std::move(reason);
  u.error = error;
  if (result) {
    u.error = result->error;
    u.response_code = result->exit_code;
    u.start_ms = result->start_ms;
    u.end_ms = result->end_ms;
    u.standard_output = std::move(result->standard_output);
    u.standard_error = std::move(result->standard_error);
    u.output_dropped = result->output_dropped;
    if (u.reason.empty())
      u.reason = std::move(result->reason);
  }
  trace(self, wire_name(d));
  runtime::cancel(*st.ctx, st.armed);
  st.armed_ms = INT64_MAX;
  self->send(st.command, std::move(u));
}

invocation_details details_of(const run_result& r) {
  switch (r.outcome) {
    case run_outcome::exited:
      return r.exit_code == 0 ? invocation_details::success : invocation_details::failed;
    case run_outcome::execution_timed_out:
      return invocation_details::execution_timed_out;
    case run_outcome::cancelled:
      return invocation_details::cancelled;
    case run_outcome::interrupted:
    case run_outcome::not_started:
      return invocation_details::failed;
  }
  return invocation_details::failed;
}

// One timer at a time, at the earliest deadline still pending. Timers cannot
// be cancelled, so an early one that fires finds nothing due and re-arms.
// Until the node acknowledges, the ack wait is always the nearest deadline.
void rearm(self_ptr self) {
  auto& st = self->state;
  auto due = st.spec.expires_ms;
  if (!st.delivered) {
    due = std::min(due, st.spec.deliver_by_ms);
    if (!st.lookup_pending && st.next_attempt_ms > 0)
      due = std::min(due, st.next_attempt_ms);
  }
  if (due >= st.armed_ms)
    return;
  runtime::cancel(*st.ctx, st.armed);
  st.armed_ms = due;
  auto serial = st.spec.serial;
  st.armed = runtime::set_timer(self, *st.ctx, due, timer_atom::value, serial, serial);
}

// Sends the next attempt, if the node can still take the document.
void deliver(self_ptr self, const node_status& node) {
  auto& st = self->state;
  if (is_terminal(st.details) || st.cancel_requested)
    return;
  if (!node.managed)
    return finish(self, invocation_details::undeliverable, nullptr, "the node is not a managed node",
                  node.unmanaged);
  if ((st.spec.document->platforms & platform_bit(node.platform)) == 0)
    return finish(self, invocation_details::invalid_platform, nullptr,
                  "the document does not run on " + std::string{wire_name(node.platform)},
                  instance_error::command_not_applicable);
  if (node.agent_outdated)
    return finish(self, invocation_details::failed, nullptr,
                  "the agent must be upgraded to "
                      + std::string{minimum_agent_version(st.spec.document->needs, node.platform)}
                      + " or later for this command",
                  instance_error::client_need_upgrade);
  ++st.attempts;
  st.next_attempt_ms = runtime::now_ms(self, *st.ctx) + st.ack_wait_ms;
  st.ack_wait_ms = std::min(st.ack_wait_ms * 2, st.ctx->delivery.max_ack_wait_ms);
  run_request request{st.spec.command_id, st.attempts, caf::actor_cast<caf::actor>(self),
                      st.spec.serial, st.spec.document, st.spec.deliver_by_ms};
  st.ctx->transport->send_to_node(self, node.node, runtime::envelope(self, std::move(request)));
  trace(self, [&] {
    return "attempt " + std::to_string(st.attempts) + ", next in "
           + std::to_string(st.next_attempt_ms - runtime::now_ms(self, *st.ctx)) + " ms";
  });
  rearm(self);
}

void attempt(self_ptr self) {
  auto& st = self->state;
  // While the inventory is as it was when the command resolved its targets,
  // the resolved status is the fleet's answer: asking again changes nothing.
  // Agent updates do not move that version, so a run that needs a feature of
  // the agent asks each time.
  if (st.spec.document->needs == agent_feature::none
      && st.spec.inventory_version == st.ctx->inventory_version.load(std::memory_order_acquire))
    return deliver(self, st.spec.node);
  st.lookup_pending = true;
  auto serial = st.spec.serial;
  auto lookup = self->request(st.fleet, caf::infinite, node_lookup{st.spec.node.node, st.spec.document->needs});
  lookup.then(
      [=](const node_status& node) {
        if (self->state.spec.serial != serial)
          return;  // for an earlier invocation
        self->state.lookup_pending = false;
        deliver(self, node);
      },
      [=](const caf::error& err) {
        // The fleet did not answer: try again when the next attempt is due.
        auto& s = self->state;
        if (s.spec.serial != serial)
          return;
        s.lookup_pending = false;
        trace(self, "fleet lookup failed: " + self->system().render(err));
        s.next_attempt_ms = runtime::now_ms(self, *s.ctx) + s.ack_wait_ms;
        rearm(self);
      });
}

void on_timer(self_ptr self) {
  auto& st = self->state;
  auto now = runtime::now_ms(self, *st.ctx);
  if (st.armed_ms <= now)
    st.armed_ms = INT64_MAX;
  if (is_terminal(st.details))
    return;
  auto timed_out = st.cancel_requested ? invocation_details::cancelled
                                       : invocation_details::delivery_timed_out;
  // Never acknowledged: why the node could not be reached, as the service
  // knows it. Acknowledged: the agent went silent.
  auto why = [&] {
    // Acknowledged, then silent through the stop: the script may still run.
    if (st.cancel_requested)
      return st.delivered ? instance_error::termination_exception : instance_error::none;
    return st.delivered ? instance_error::client_not_response
                        : st.ctx->transport->unreachable(st.spec.node.node);
  };
  if (!st.delivered && now >= st.spec.deliver_by_ms)
    return finish(self, timed_out, nullptr, "not delivered before the delivery timeout", why());
  if (now >= st.spec.expires_ms)
    return finish(self, timed_out, nullptr, "no result from the node before the command expired",
                  why());
  if (!st.delivered && !st.lookup_pending && st.next_attempt_ms > 0 && now >= st.next_attempt_ms) {
    // The attempt went unanswered: the node is unavailable for now.
    if (st.cancel_requested)
      return finish(self, invocation_details::cancelled, nullptr, "cancelled before delivery");
    set_details(self, invocation_details::delayed);
    attempt(self);
    return;
  }
  rearm(self);
}

void on_cancel(self_ptr self) {
  auto& st = self->state;
  if (is_terminal(st.details) || st.cancel_requested)
    return;
  st.cancel_requested = true;
  if (st.attempts == 0)
    return finish(self, invocation_details::cancelled);
  // Best effort, so that a request still on its way is never started.
  st.ctx->transport->send_to_node(
      self, st.spec.node.node,
      runtime::envelope(self, cancel_run{st.spec.command_id, caf::actor_cast<caf::actor>(self),
                                         st.spec.serial}));
  if (st.details == invocation_details::delayed)
    return finish(self, invocation_details::cancelled);
  set_details(self, invocation_details::cancelling);
}

// Takes the next invocation: everything but the actor's links is reset.
void start(self_ptr self, invocation_spec spec) {
  auto& st = self->state;
  st.spec = std::move(spec);
  st.details = invocation_details::in_progress;
  st.delivered = false;
  st.cancel_requested = false;
  st.lookup_pending = false;
  st.attempts = 0;
  st.next_attempt_ms = 0;
  st.ack_wait_ms = st.ctx->delivery.first_ack_wait_ms;
  st.armed_ms = INT64_MAX;
  st.armed = {};
  // No timer yet: the attempt arms its ack wait, the nearest deadline.
  attempt(self);
}

}  // namespace

caf::behavior invocation_actor(self_ptr self, runtime::context* ctx, caf::actor command,
                               caf::actor fleet) {
  runtime::count_unexpected(self, ctx);
  auto& st = self->state;
  st.ctx = ctx;
  st.command = std::move(command);
  st.fleet = std::move(fleet);
  st.details = invocation_details::success;  // nothing to run yet
  // The command sends an invocation only after the last one's terminal
  // report, and a cancel only to a running one, so (messages between two
  // actors arriving in order) a cancel never meets the wrong invocation.
  // The node's answers and the actor's own timers may: they carry a serial.
  // The hottest handlers first: CAF tries them in order.
  return {
      [=](run_result& result) -> runtime::no_reply {
        auto& s = self->state;
        if (result.serial == s.spec.serial && !is_terminal(s.details))
          finish(self, details_of(result), &result);
        return {};
      },
      [=](const run_accepted& accepted) -> runtime::no_reply {
        auto& s = self->state;
        if (accepted.serial != s.spec.serial || is_terminal(s.details) || s.delivered)
          return {};
        s.delivered = true;
        if (s.details == invocation_details::delayed)
          set_details(self, invocation_details::in_progress);
        return {};
      },
      [=](invocation_spec& spec) -> runtime::no_reply {
        start(self, std::move(spec));
        return {};
      },
      [=](timer_atom, invocation_serial serial) -> runtime::no_reply {
        if (serial == self->state.spec.serial)
          on_timer(self);
        return {};
      },
      [=](cancel_atom) { on_cancel(self); },
  };
}

}  // namespace broadside
