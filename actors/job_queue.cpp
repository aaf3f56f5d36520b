#include "actors/job_queue.hpp"

#include <string>
#include <utility>

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<job_queue_state>*;
using entry = job_queue_state::entry;

// (ack_due_atom, job index << 32 | dispatch number): the job's dispatch has
// waited out the acknowledgement timeout. (job_due_atom, job index): the job
// has waited out its timeout. Stale ones (the job moved on) are recognised on
// arrival: on the real clock timers cannot be called off.
using ack_due_atom = caf::atom_constant<caf::atom("bsackdue")>;
using job_due_atom = caf::atom_constant<caf::atom("bsjobdue")>;

int64_t now(self_ptr self) { return runtime::now_ms(self, *self->state.ctx); }

template <class Event>
void trace(self_ptr self, const entry& e, Event&& event) {
  auto& st = self->state;
  if (st.ctx->tracer)
    runtime::record(*st.ctx, now(self), "job " + to_string(e.record.id),
                    runtime::event_text(std::forward<Event>(event)));
}

void set_status(self_ptr self, entry& e, job_status s) {
  e.record.status = s;
  trace(self, e, wire_name(s));
}

uint32_t index_of(const job_queue_state& st, const entry& e) {
  return static_cast<uint32_t>(&e - st.jobs.data());
}

uuid add_job(self_ptr self, job_data data) {
  auto& st = self->state;
  uuid id;
  do {
    auto hi = st.ids();  // two statements: argument evaluation order is unspecified
    auto lo = st.ids();
    id = make_uuid_v4(hi, lo);
  } while (st.index.count(id) != 0);
  auto n = static_cast<uint32_t>(st.jobs.size());
  auto& e = st.jobs.emplace_back();
  e.record.id = id;
  e.record.data = std::move(data);
  e.record.created_ms = now(self);
  st.index.emplace(id, n);
  st.queued[e.record.data.action_type].insert(n);
  e.deadline_timer = runtime::set_timer(self, *st.ctx, e.record.created_ms + st.options.job_timeout_ms,
                                        job_due_atom::value, n);
  set_status(self, e, job_status::queued);
  return id;
}

bool matches(const job_data& data, const std::map<std::string, std::string>& query) {
  for (const auto& [key, value] : query) {
    auto it = data.configuration.find(key);
    if (it == data.configuration.end() || it->second != value)
      return false;
  }
  return true;
}

job dispatch(self_ptr self, entry& e) {
  auto& st = self->state;
  e.record.nonce = std::to_string(++st.last_nonce);
  ++e.dispatches;
  set_status(self, e, job_status::dispatched);
  auto payload = uint64_t{index_of(st, e)} << 32 | e.dispatches;
  e.ack_timer = runtime::set_timer(self, *st.ctx, now(self) + st.options.ack_timeout_ms,
                                   ack_due_atom::value, payload);
  return {e.record.id, e.record.data, e.record.nonce};
}

caf::result<polled_jobs> poll(self_ptr self, const poll_for_jobs& p) {
  auto& st = self->state;
  auto type = st.queued.find(p.action_type);
  if (type == st.queued.end())
    return make_job_error(job_error::action_type_not_found,
                          "ActionType (" + std::string{wire_name(p.action_type.category)} + ", "
                              + std::string{wire_name(p.action_type.owner)} + ", "
                              + p.action_type.provider + ", " + p.action_type.version
                              + ") does not exist");
  polled_jobs out;
  auto& waiting = type->second;
  for (auto n = waiting.begin(); n != waiting.end() && out.jobs.size() < p.max_batch_size;) {
    auto& e = st.jobs[*n];
    if (!matches(e.record.data, p.query)) {
      ++n;
      continue;
    }
    out.jobs.push_back(dispatch(self, e));
    n = waiting.erase(n);
  }
  return out;
}

entry* find(self_ptr self, const uuid& id) {
  auto& st = self->state;
  auto it = st.index.find(id);
  return it == st.index.end() ? nullptr : &st.jobs[it->second];
}

caf::error not_found(const uuid& id) {
  return make_job_error(job_error::job_not_found, "Job " + to_string(id) + " not found");
}

caf::result<job_status> acknowledge(self_ptr self, const acknowledge_job& a) {
  auto* e = find(self, a.job_id);
  if (!e)
    return not_found(a.job_id);
  // A queued job has no valid nonce; one dispatched again has a new one.
  if (e->record.nonce.empty() || e->record.nonce != a.nonce)
    return make_job_error(job_error::invalid_nonce,
                          "Nonce " + a.nonce + " is not valid for job " + to_string(a.job_id));
  if (e->record.status == job_status::dispatched) {
    runtime::cancel(*self->state.ctx, e->ack_timer);
    set_status(self, *e, job_status::in_progress);
  }
  // Acknowledged again, or after the job ended: its status, which tells the
  // worker whether to go on.
  return e->record.status;
}

// The job a result is for, if it may take one: only InProgress jobs do.
caf::expected<entry*> reportable(self_ptr self, const uuid& id) {
  auto* e = find(self, id);
  if (!e)
    return not_found(id);
  if (e->record.status != job_status::in_progress)
    return make_job_error(job_error::invalid_job_state,
                          "Job " + to_string(id) + " is " + std::string{wire_name(e->record.status)}
                              + ", not InProgress");
  return e;
}

void finish(self_ptr self, entry& e, job_status s) {
  runtime::cancel(*self->state.ctx, e.deadline_timer);
  set_status(self, e, s);
}

caf::result<job_success_recorded> succeed(self_ptr self, put_job_success_result& r) {
  auto found = reportable(self, r.job_id);
  if (!found)
    return std::move(found.error());
  auto& e = **found;
  e.record.revision = std::move(r.revision);
  e.record.execution = std::move(r.execution);
  e.record.output_variables = std::move(r.output_variables);
  finish(self, e, job_status::succeeded);
  job_success_recorded out;
  if (!r.continuation_token.empty()) {
    // The action goes on: a new job with the same data and the worker's
    // token, for the next poll (codepipeline-job-worker.md, 3.1.5).
    auto data = e.record.data;  // a copy: `e` may move when the new job is added
    data.continuation_token = std::move(r.continuation_token);
    out.continued = true;
    out.continuation_job_id = add_job(self, std::move(data));
  }
  return out;
}

caf::result<job_status> fail(self_ptr self, put_job_failure_result& r) {
  auto found = reportable(self, r.job_id);
  if (!found)
    return std::move(found.error());
  auto& e = **found;
  trace(self, e, [&] { return "failure " + std::string{wire_name(r.failure.type)}; });
  e.record.failure = std::move(r.failure);
  finish(self, e, job_status::failed);
  return e.record.status;
}

void on_ack_due(self_ptr self, uint64_t payload) {
  auto& st = self->state;
  auto& e = st.jobs[payload >> 32];
  if (e.record.status != job_status::dispatched || e.dispatches != (payload & 0xFFFF'FFFF))
    return;
  e.record.nonce.clear();
  st.queued[e.record.data.action_type].insert(index_of(st, e));
  trace(self, e, "not acknowledged in time");
  set_status(self, e, job_status::queued);
}

void on_job_due(self_ptr self, uint64_t n) {
  auto& st = self->state;
  auto& e = st.jobs[n];
  if (is_terminal(e.record.status))
    return;
  if (e.record.status == job_status::queued)
    st.queued[e.record.data.action_type].erase(static_cast<uint32_t>(n));
  runtime::cancel(*st.ctx, e.ack_timer);
  set_status(self, e, job_status::timed_out);
}

}  // namespace

caf::behavior job_queue_actor(self_ptr self, runtime::context* ctx, job_queue_options options) {
  auto& st = self->state;
  runtime::count_unexpected(self, ctx);
  st.ctx = ctx;
  st.options = options;
  st.ids.seed(options.id_seed);
  return {
      [=](create_job& c) { return add_job(self, std::move(c.data)); },
      [=](const poll_for_jobs& p) { return poll(self, p); },
      [=](const acknowledge_job& a) { return acknowledge(self, a); },
      [=](const get_job_details& g) -> caf::result<job_record> {
        if (auto* e = find(self, g.job_id))
          return e->record;
        return not_found(g.job_id);
      },
      [=](put_job_success_result& r) { return succeed(self, r); },
      [=](put_job_failure_result& r) { return fail(self, r); },
      [=](ack_due_atom, uint64_t payload) -> runtime::no_reply {
        on_ack_due(self, payload);
        return {};
      },
      [=](job_due_atom, uint64_t n) -> runtime::no_reply {
        on_job_due(self, n);
        return {};
      },
  };
}

}  // namespace broadside
