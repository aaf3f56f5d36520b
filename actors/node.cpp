#include "actors/node.hpp"

#include "actors/built_in_parameters.hpp"
#include "actors/file_problem.hpp"
#include "actors/script_text.hpp"
#include "messages/atoms.hpp"

#include <algorithm>
#include <string>

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<node_state>*;

int64_t now(self_ptr self) { return runtime::now_ms(self, *self->state.ctx); }

// `event`: text, or a function building it (called only when tracing).
template <class Event>
void trace(self_ptr self, Event&& event) {
  auto& st = self->state;
  if (st.ctx->tracer)
    runtime::record(*st.ctx, now(self), runtime::node_subject(st.index),
                    runtime::event_text(std::forward<Event>(event)));
}

using runtime::short_id;

bool answering(const node_state& st) { return st.memory->powered && st.memory->agent_running; }

run_record* find_run(node_state& st, const uuid& command_id) {
  auto& runs = st.memory->runs;
  auto i = std::find_if(runs.begin(), runs.end(),
                        [&](const run_record& r) { return r.command_id == command_id; });
  return i == runs.end() ? nullptr : &*i;
}

run_result result_of(const node_state& st, const run_record& rec, invocation_serial serial) {
  run_result r;
  r.command_id = rec.command_id;
  r.serial = serial;
  r.outcome = rec.phase == run_phase::cancelled ? run_outcome::cancelled : rec.outcome;
  r.exit_code = rec.exit_code;
  r.start_ms = rec.start_ms;
  r.end_ms = rec.end_ms;
  r.error = rec.error;
  r.reason = reason_of(r.outcome, r.error);
  if (r.outcome == run_outcome::exited || r.outcome == run_outcome::execution_timed_out)
    r.standard_output = standard_output_of(st.params);
  if (r.outcome == run_outcome::exited)
    r.standard_error = st.params.standard_error;
  return r;
}

bool send(self_ptr self, const caf::actor& to, invocation_serial serial,
          caf::mailbox_element_ptr msg) {
  auto& st = self->state;
  return st.host->send_to_controller(self, st.index, to, serial, std::move(msg));
}

// Sends the result of `rec` to the invocation waiting for it, if the node can.
void report(self_ptr self, run_record& rec) {
  auto& st = self->state;
  if (!rec.owed_to || !answering(st))
    return;
  auto to = caf::actor_cast<caf::actor>(rec.owed_to);
  if (!to || send(self, to, rec.owed_serial, runtime::envelope(self, result_of(st, rec, rec.owed_serial))))
    rec.owed_to = caf::actor_addr{};
}

void end_run(self_ptr self, run_record& rec, run_outcome outcome, int32_t exit_code) {
  rec.phase = run_phase::finished;
  rec.outcome = outcome;
  rec.exit_code = exit_code;
  rec.end_ms = now(self);
  if (rec.error == instance_error::none)  // else what killed it, which kill_runs noted
    rec.error = error_of(outcome, exit_code);
  trace(self, [&] { return "run-end " + short_id(rec.command_id) + " exit=" + std::to_string(exit_code); });
  report(self, rec);
}

// Records the run of `req` as begun now and acknowledges it.
run_record& begin_run(self_ptr self, const run_request& req,
                      instance_error error = instance_error::none) {
  auto& st = self->state;
  auto t = now(self);
  st.memory->runs.push_back(run_record{req.command_id, run_phase::running, run_outcome::exited,
                                      error, -1, t, -1,
                                      caf::actor_cast<caf::actor_addr>(req.reply_to), req.serial});
  send(self, req.reply_to, req.serial,
       runtime::envelope(self, run_accepted{req.command_id, req.serial, req.attempt, t}));
  return st.memory->runs.back();
}

// A run the instance refuses before starting it, with its ErrorCode.
void refuse(self_ptr self, const run_request& req, instance_error error) {
  end_run(self, begin_run(self, req, error), run_outcome::not_started, -1);
}

// What the node finds wrong with Cloud Assistant content (Base64 or with
// built-ins), as the agent would; none otherwise. Plain scripts are not
// read: the API has refused the empty and oversized ones, and a simulated
// node's output does not come from its script.
instance_error content_problem(const run_document& doc) {
  if (doc.encoding != content_encoding::base64 && !doc.enable_parameter)
    return instance_error::none;
  auto text = script_text(doc, {});
  auto* problem = std::get_if<script_problem>(&text);
  return problem ? problem->error : instance_error::none;
}

// Why the instance will not start the run, as its agent would find before
// starting it: its content, then its environment. None if it will.
instance_error refusal_of(const node_params& p, const run_document& doc) {
  if (auto problem = content_problem(doc); problem != instance_error::none)
    return problem;
  return environment_problem(p.environment.get(), doc);
}

void start_run(self_ptr self, const run_request& req) {
  auto& st = self->state;
  if (auto problem = refusal_of(st.params, *req.document); problem != instance_error::none)
    return refuse(self, req, problem);
  auto t = begin_run(self, req).start_ms;
  ++st.live_runs;
  auto run_ms = std::min(st.params.exec_ms, req.document->execution_timeout_ms);
  auto token = (uint64_t{st.life} << 32) | (st.memory->runs.size() - 1);
  runtime::set_timer(self, *st.ctx, t + run_ms, timer_atom::value, token);
  trace(self, [&] { return "run-start " + short_id(req.command_id); });
}

// SendFile: done at once, judged as the real agent judges it where no file
// system is needed (actors/file_problem.hpp).
void send_file(self_ptr self, const run_request& req) {
  auto& st = self->state;
  if (!st.memory->files)
    st.memory->files = std::make_unique<std::set<std::string>>();
  if (auto fault = sent_file_problem(req.document->file, *st.memory->files))
    return refuse(self, req, fault->error);
  end_run(self, begin_run(self, req), run_outcome::exited, 0);
}

void on_request(self_ptr self, const run_request& req) {
  auto& st = self->state;
  if (!answering(st))
    return trace(self, [&] {
      return std::string{st.memory->powered ? "agent down" : "powered off"} + ", ignored "
             + short_id(req.command_id);
    });
  auto* rec = find_run(st, req.command_id);
  if (!rec) {
    // "If this time is reached and the command hasn't already started
    // running, it won't run."
    if (now(self) > req.deliver_by_ms)
      return trace(self, [&] { return "too-late " + short_id(req.command_id); });
    return is_file_document(*req.document) ? send_file(self, req) : start_run(self, req);
  }
  // A redelivery: answer with what this node already knows, never run again.
  static constexpr std::string_view phases[] = {"running", "finished", "cancelled"};
  trace(self, [&] {
    return "redelivered " + short_id(req.command_id) + ", already "
           + std::string{phases[static_cast<size_t>(rec->phase)]} + ": answered, not run";
  });
  if (rec->phase != run_phase::cancelled)
    send(self, req.reply_to, req.serial,
         runtime::envelope(self, run_accepted{req.command_id, req.serial, req.attempt,
                                              rec->start_ms}));
  if (rec->phase != run_phase::running)
    send(self, req.reply_to, req.serial, runtime::envelope(self, result_of(st, *rec, req.serial)));
}

void on_run_done(self_ptr self, uint64_t token) {
  auto& st = self->state;
  if (static_cast<uint32_t>(token >> 32) != st.life)
    return;  // this script died with an earlier life of the agent
  auto& rec = st.memory->runs[static_cast<size_t>(token & 0xFFFFFFFFu)];
  if (rec.phase != run_phase::running)
    return;  // cancelled meanwhile
  --st.live_runs;
  auto elapsed = now(self) - rec.start_ms;
  if (elapsed < st.params.exec_ms)
    end_run(self, rec, run_outcome::execution_timed_out, -1);
  else
    end_run(self, rec, run_outcome::exited, st.params.exit_code);
}

void on_cancel(self_ptr self, const cancel_run& c) {
  auto& st = self->state;
  if (!answering(st))
    return;
  auto* rec = find_run(st, c.command_id);
  if (!rec) {
    st.memory->runs.push_back(run_record{c.command_id, run_phase::cancelled, run_outcome::cancelled,
                                        instance_error::none, -1, -1, -1, caf::actor_addr{}, 0});
    trace(self, [&] { return "cancel-before-start " + short_id(c.command_id); });
    send(self, c.reply_to, c.serial,
         runtime::envelope(self, result_of(st, st.memory->runs.back(), c.serial)));
    return;
  }
  if (rec->phase == run_phase::running) {
    --st.live_runs;
    rec->owed_to = caf::actor_cast<caf::actor_addr>(c.reply_to);
    rec->owed_serial = c.serial;
    end_run(self, *rec, run_outcome::cancelled, -1);
    return;
  }
  send(self, c.reply_to, c.serial, runtime::envelope(self, result_of(st, *rec, c.serial)));
}

// Scripts die with the agent or the machine; their records stay "running"
// until the agent is back to report them, knowing which of the two killed
// them (ClientRestarted or InstanceRestarted): the first to go.
void kill_runs(self_ptr self, instance_error why) {
  auto& st = self->state;
  ++st.life;
  if (st.live_runs == 0)
    return;
  st.live_runs = 0;
  for (auto& rec : st.memory->runs)
    if (rec.phase == run_phase::running && rec.error == instance_error::none)
      rec.error = why;
}

// Killed from outside, the scripts end at once as a shell reports a SIGKILL
// (137), and the agent, still up, reports them: ExecutionInterrupted.
void kill_scripts(self_ptr self) {
  auto& st = self->state;
  if (!answering(st) || st.live_runs == 0)
    return;  // a machine or agent that is down has no live scripts
  ++st.life;  // their timers are stale
  st.live_runs = 0;
  for (auto& rec : st.memory->runs)
    if (rec.phase == run_phase::running) {
      rec.error = instance_error::execution_interrupted;
      end_run(self, rec, run_outcome::exited, 128 + 9);
    }
}

void flush(self_ptr self) {
  for (auto& rec : self->state.memory->runs)
    if (rec.phase != run_phase::running)
      report(self, rec);
}

void agent_came_up(self_ptr self) {
  auto& st = self->state;
  trace(self, "agent-up");
  for (auto& rec : st.memory->runs)
    if (rec.phase == run_phase::running)
      end_run(self, rec, run_outcome::interrupted, -1);
  flush(self);
}

void power_off(self_ptr self) {
  auto& st = self->state;
  if (!st.memory->powered)
    return;
  st.memory->powered = false;
  kill_runs(self, instance_error::instance_restarted);
  trace(self, "power-off");
}

void power_on(self_ptr self) {
  auto& st = self->state;
  if (st.memory->powered)
    return;
  st.memory->powered = true;
  st.memory->agent_running = true;  // the agent starts at boot
  trace(self, "power-on");
  agent_came_up(self);
}

void agent_stop(self_ptr self) {
  auto& st = self->state;
  if (!st.memory->agent_running)
    return;
  st.memory->agent_running = false;
  if (st.memory->powered)
    kill_runs(self, instance_error::client_restarted);
  trace(self, "agent-stop");
}

void agent_start(self_ptr self) {
  auto& st = self->state;
  if (st.memory->agent_running)
    return;
  st.memory->agent_running = true;
  if (st.memory->powered)
    agent_came_up(self);
}

void on_fault(self_ptr self, const node_fault& f) {
  switch (f.kind) {
    case node_fault_kind::power_off:
      return power_off(self);
    case node_fault_kind::power_on:
      return power_on(self);
    case node_fault_kind::agent_stop:
    case node_fault_kind::agent_upgrade:
      return agent_stop(self);
    case node_fault_kind::agent_start:
      return agent_start(self);
    case node_fault_kind::kill_scripts:
      return kill_scripts(self);
  }
}

// Passivates the node once nothing is happening on it.
void settle(self_ptr self) {
  auto& st = self->state;
  if (st.bound && st.live_runs == 0
      && st.host->passivate(st.index, caf::actor_cast<caf::actor>(self))) {
    st.bound = false;
    st.params = {};
    st.memory = nullptr;
    ++st.life;
  }
}

void bind(self_ptr self, node_binding b) {
  auto& st = self->state;
  st.bound = true;
  st.index = b.index;
  st.params = std::move(b.params);
  st.memory = b.memory;
  st.live_runs = 0;
  ++st.life;
  if (st.memory->fresh) {
    st.memory->fresh = false;
    st.memory->powered = st.params.online;
  }
}

// A passivated actor takes its next node before anything else.
void claim(self_ptr self) {
  auto& st = self->state;
  if (st.bound)
    return;
  if (auto b = st.host->take_binding(st.seat))
    bind(self, std::move(*b));
}

}  // namespace

std::string standard_output_of(const node_params& p) {
  if (p.output_bytes < 0)
    return p.standard_output;
  static constexpr std::string_view filler = "simulated output line\n";
  std::string_view unit = p.standard_output.empty() ? filler : std::string_view{p.standard_output};
  auto size = static_cast<size_t>(p.output_bytes);
  std::string out;
  out.reserve(size);
  while (out.size() < size)
    out.append(unit.substr(0, size - out.size()));
  return out;
}

caf::behavior node_actor(self_ptr self, runtime::context* ctx, node_host* host, uint32_t seat,
                         node_binding first) {
  runtime::count_unexpected(self, ctx);
  auto& st = self->state;
  st.ctx = ctx;
  st.host = host;
  st.seat = seat;
  bind(self, std::move(first));
  // The hottest handlers first: CAF tries them in order.
  return {
      [=](const run_request& req) -> runtime::no_reply {
        claim(self);
        self->state.host->arrived(self->state.index);
        on_request(self, req);
        settle(self);
        return {};
      },
      [=](timer_atom, uint64_t token) -> runtime::no_reply {
        claim(self);
        on_run_done(self, token);
        settle(self);
        return {};
      },
      [=](const cancel_run& c) {
        claim(self);
        self->state.host->arrived(self->state.index);
        on_cancel(self, c);
        settle(self);
      },
      [=](const node_fault& f) {
        claim(self);
        self->state.host->arrived(self->state.index);
        on_fault(self, f);
        settle(self);
      },
      [=](link_up_atom) {
        claim(self);
        self->state.host->arrived(self->state.index);
        flush(self);
        settle(self);
      },
  };
}

}  // namespace broadside
