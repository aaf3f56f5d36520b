#include "actors/agent.hpp"

#include "actors/agent_file.hpp"
#include "actors/agent_script.hpp"
#include "actors/container_target.hpp"
#include "messages/atoms.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/send.hpp>

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

// The end of a run, from the process host to its agent: never leaves the process.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::runtime::process_result)

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<agent_state>*;

// A run of this agent ended: (run_ended_atom, key, result).
using run_ended_atom = caf::atom_constant<caf::atom("bsrunend")>;

int64_t now(self_ptr self) { return runtime::now_ms(self, *self->state.ctx); }

void send_result(self_ptr self, agent_run& run) {
  if (!run.owed_to || !run.result)
    return;
  auto r = *run.result;
  r.serial = run.owed_serial;
  self->send(run.owed_to, std::move(r));
  run.owed_to = caf::actor{};
}

void accept(self_ptr self, const run_request& req, int64_t start_ms) {
  self->send(req.reply_to, run_accepted{req.command_id, req.serial, req.attempt, start_ms});
}

run_result ended(const uuid& command_id, run_outcome outcome, int32_t exit_code, int64_t start_ms,
                 int64_t end_ms) {
  run_result r;
  r.command_id = command_id;
  r.outcome = outcome;
  r.exit_code = exit_code;
  r.start_ms = start_ms;
  r.end_ms = end_ms;
  // This agent cannot tell its own restart from the machine's: the ledger
  // survives both (ClientRestarted).
  r.error = error_of(outcome, exit_code);
  r.reason = reason_of(outcome, r.error);
  return r;
}

// The invocation `to` (numbered `serial`) waits for this run's result.
void owe(agent_run& run, const caf::actor& to, invocation_serial serial) {
  run.owed_to = to;
  run.owed_serial = serial;
}

// A run that cannot start is over at once; the answer stays for redeliveries.
void refuse(self_ptr self, const run_request& req, instance_error error, std::string reason) {
  auto t = now(self);
  auto r = ended(req.command_id, run_outcome::not_started, -1, t, t);
  r.error = error;
  r.standard_error = reason;
  r.reason = std::move(reason);
  auto& run = self->state.runs[req.command_id];
  run.start_ms = t;
  run.result = std::move(r);
  owe(run, req.reply_to, req.serial);
  accept(self, req, t);
  send_result(self, run);
}

// How a script is started: `shell -c script`, as the document's user if one
// is named, by default in that user's home (as Cloud Assistant's agent does)
// or else in the agent's work directory.
struct script_launch {
  std::vector<std::string> argv;
  std::string default_directory;
};

// The launch, or why the script cannot run. The script travels as an
// argument (at most 24 KB after Base64, far below the kernel's limit):
// writing a file per run cost more than the rest of starting it.
std::variant<script_launch, script_problem> launch_of(const agent_config& config,
                                                      const std::string& user,
                                                      const std::string& script) {
  script_launch out{{}, config.work_dir.string()};
  if (!user.empty()) {
    auto* pw = ::getpwnam(user.c_str());
    if (!pw)
      return script_problem{instance_error::account_not_exists,
                            "the user " + user + " does not exist"};
    out.default_directory = pw->pw_dir;
    if (pw->pw_uid != ::geteuid()) {
      if (::geteuid() != 0)
        return script_problem{instance_error::execution_exception,
                              "the agent does not run as root and cannot run as " + user};
      out.argv = {"setpriv", "--reuid=" + std::to_string(pw->pw_uid),
                  "--regid=" + std::to_string(pw->pw_gid), "--init-groups", "--"};
    }
  }
  out.argv.insert(out.argv.end(), {config.shell, "-c", script});
  return out;
}

bool is_directory(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

// SendFile: written at once (no process), then recorded as a run that
// started and finished, so that a restarted agent answers a redelivery
// without writing the file again.
void send_file(self_ptr self, const run_request& req) {
  if (auto problem = write_file(*req.document))
    return refuse(self, req, problem->error, problem->reason);
  auto& st = self->state;
  auto t = now(self);
  st.ledger->started(req.command_id, t, [] {});
  st.ledger->finished(req.command_id, run_outcome::exited, 0, t);
  auto& run = st.runs[req.command_id];
  run.start_ms = t;
  run.result = ended(req.command_id, run_outcome::exited, 0, t, t);
  owe(run, req.reply_to, req.serial);
  accept(self, req, t);
  send_result(self, run);
}

void start_run(self_ptr self, const run_request& req) {
  auto& st = self->state;
  const auto& doc = *req.document;
  if (is_file_document(doc))
    return send_file(self, req);
  auto script = script_of(doc, st.config.identity);
  if (auto* problem = std::get_if<script_problem>(&script))
    return refuse(self, req, problem->error, problem->reason);
  if (!doc.container_id.empty() || !doc.container_name.empty()) {
    auto problem = container_target_problem(doc.container_id, doc.container_name);
    if (problem != instance_error::none)
      return refuse(self, req, problem, "the container target is malformed");
    // This agent runs scripts on its machine only: it has no CRI runtime to
    // reach a container through.
    return refuse(self, req, instance_error::container_connect_failed,
                  "this agent cannot connect to containers (no container runtime interface)");
  }
  auto launch = launch_of(st.config, doc.username, std::get<std::string>(script));
  if (auto* problem = std::get_if<script_problem>(&launch))
    return refuse(self, req, problem->error, problem->reason);
  auto& how = std::get<script_launch>(launch);
  // A missing WorkingDir is the request's fault (DirectoryNotExists, found
  // when the process starts); a missing default is the instance's.
  if (doc.working_directory.empty() && !is_directory(how.default_directory))
    return refuse(self, req, instance_error::default_working_directory_not_available,
                  "the default working directory " + how.default_directory + " is not available");

  auto t = now(self);
  auto key = st.next_key++;
  auto& run = st.runs[req.command_id];
  run.key = key;
  run.start_ms = t;
  owe(run, req.reply_to, req.serial);
  st.by_key[key] = req.command_id;

  runtime::process_request p;
  p.argv = std::move(how.argv);
  p.working_directory =
      doc.working_directory.empty() ? std::move(how.default_directory) : doc.working_directory;
  p.timeout_ms = doc.execution_timeout_ms;
  p.kill_grace_ms = st.config.kill_grace_ms;
  p.stdout_limit = st.config.stdout_limit;
  p.stderr_limit = st.config.stderr_limit;
  auto me = caf::actor_cast<caf::actor>(self);
  // On disk before it runs: a restarted agent must know it started it.
  st.ledger->started(req.command_id, t, [host = st.host.get(), key, p = std::move(p), me]() mutable {
    host->start(key, std::move(p), [me, key](runtime::process_result r) {
      caf::anon_send(me, run_ended_atom::value, key, std::move(r));
    });
  });
  accept(self, req, t);
}

void on_run_ended(self_ptr self, uint64_t key, runtime::process_result& p) {
  auto& st = self->state;
  auto i = st.by_key.find(key);
  if (i == st.by_key.end())
    return;
  auto& run = st.runs[i->second];
  auto t = now(self);
  auto outcome = run_outcome::exited;
  switch (p.end) {
    case runtime::process_end::exited:
    case runtime::process_end::killed:
      break;
    case runtime::process_end::timed_out:
      outcome = run_outcome::execution_timed_out;
      break;
    case runtime::process_end::stopped:
      outcome = run_outcome::cancelled;
      break;
    case runtime::process_end::failed_to_start:
      outcome = run_outcome::not_started;
      break;
  }
  auto r = ended(i->second, outcome, p.exit_code, run.start_ms, t);
  if (outcome == run_outcome::not_started) {
    r.error = p.failure == runtime::start_failure::no_working_directory
                  ? instance_error::directory_not_exists
                  : instance_error::execution_exception;
    r.reason = p.error;
    p.standard_error = p.error;
  }
  if (p.end == runtime::process_end::killed) {
    // Killed from outside (the OOM killer, an operator): not the script's own exit.
    r.error = instance_error::execution_interrupted;
    r.reason = "the script was killed by signal " + std::to_string(p.exit_code - 128)
               + ", which the agent did not send";
  }
  r.standard_output = std::move(p.standard_output);
  r.standard_error = std::move(p.standard_error);
  r.output_dropped = p.stdout_dropped + p.stderr_dropped;
  st.ledger->finished(i->second, r.outcome, r.exit_code, t);
  run.key = 0;
  run.result = std::move(r);
  st.by_key.erase(i);
  send_result(self, run);
}

// What the agent knows of a command: from this life, or from the ledger of
// an earlier one (a run lost with it, or finished without its result being
// kept, or cancelled before it could start). Null for a command never seen.
agent_run* known_run(self_ptr self, const uuid& command_id) {
  auto& st = self->state;
  if (auto i = st.runs.find(command_id); i != st.runs.end())
    return &i->second;
  auto e = st.ledger->find(command_id);
  if (!e)
    return nullptr;
  auto& run = st.runs[command_id];
  run.start_ms = e->start_ms;
  run.result = e->finished
                   ? ended(command_id, e->outcome, e->exit_code, e->start_ms, e->end_ms)
                   : ended(command_id, run_outcome::interrupted, -1, e->start_ms, now(self));
  return &run;
}

void on_request(self_ptr self, const run_request& req) {
  auto* run = known_run(self, req.command_id);
  if (!run) {
    // "If this time is reached and the command hasn't already started
    // running, it won't run."
    if (now(self) > req.deliver_by_ms)
      return;
    return start_run(self, req);
  }
  // A redelivery: answer with what is known, never run again.
  auto cancelled_before_start = run->start_ms < 0;
  if (!cancelled_before_start)
    accept(self, req, run->start_ms);
  owe(*run, req.reply_to, req.serial);
  send_result(self, *run);
}

void on_cancel(self_ptr self, const cancel_run& c) {
  auto& st = self->state;
  auto* run = known_run(self, c.command_id);
  if (!run) {
    // Never to start: the ledger keeps that across restarts.
    auto t = now(self);
    st.ledger->finished(c.command_id, run_outcome::cancelled, -1, t);
    run = &st.runs[c.command_id];
    run->result = ended(c.command_id, run_outcome::cancelled, -1, -1, t);
  }
  owe(*run, c.reply_to, c.serial);
  if (run->result)
    return send_result(self, *run);
  st.host->stop(run->key);  // the result follows when the process is gone
}

}  // namespace

caf::behavior agent_actor(self_ptr self, runtime::context* ctx, agent_config config) {
  runtime::count_unexpected(self, ctx);
  auto& st = self->state;
  st.ctx = ctx;
  st.config = std::move(config);
  st.host = std::make_unique<runtime::process_host>();
  st.ledger = std::make_unique<runtime::run_ledger>(st.config.work_dir / "ledger");
  return {
      [=](const run_request& req) { on_request(self, req); },
      [=](const cancel_run& c) { on_cancel(self, c); },
      [=](run_ended_atom, uint64_t key, runtime::process_result& r) {
        on_run_ended(self, key, r);
      },
  };
}

}  // namespace broadside
