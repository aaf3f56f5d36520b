#include "actors/job_queue.hpp"

#include <caf/sec.hpp>

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

// Nonces the store reserves at a time: one fsync per this many dispatches.
constexpr uint64_t nonce_reservation = 1024;

// Tells the store of a change the API answers on (`tell(store)`), if there
// is a store. One that cannot take it makes the call an InternalFailure; the
// job keeps its new state in memory.
template <class Tell>
caf::error stored(self_ptr self, Tell&& tell) {
  auto* store = self->state.store;
  if (!store)
    return {};
  try {
    tell(*store);
    return {};
  } catch (const std::exception& e) {
    return caf::make_error(caf::sec::runtime_error,
                           std::string{"the job could not be stored: "} + e.what());
  }
}

// Tells the store of a change it may batch, which no call waits for.
void changed(self_ptr self, const entry& e) {
  if (auto* store = self->state.store) {
    try {
      store->job_changed(e.record);
    } catch (const std::exception&) {
      // Kept by the database: the next durable change reports it.
    }
  }
}

void arm_deadline(self_ptr self, entry& e) {
  auto& st = self->state;
  auto due_ms = e.record.created_ms + st.options.job_timeout_ms;
  e.deadline_timer =
      runtime::set_timer(self, *st.ctx, due_ms, job_due_atom::value, index_of(st, e));
}

// The current dispatch goes back to the queue if not acknowledged in time.
void arm_ack_timer(self_ptr self, entry& e) {
  auto& st = self->state;
  ++e.dispatches;
  auto payload = uint64_t{index_of(st, e)} << 32 | e.dispatches;
  e.ack_timer = runtime::set_timer(self, *st.ctx, now(self) + st.options.ack_timeout_ms,
                                   ack_due_atom::value, payload);
}

// The job is queued and waits for its timeout. The caller stores it.
const job_record& add_job(self_ptr self, job_data data) {
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
  arm_deadline(self, e);
  set_status(self, e, job_status::queued);
  return e.record;
}

caf::result<uuid> create(self_ptr self, job_data data) {
  const auto& r = add_job(self, std::move(data));
  if (auto err = stored(self, [&](storage::job_store& s) { s.job_created(r); }))
    return err;
  return r.id;
}

bool matches(const job_data& data, const std::map<std::string, std::string>& query) {
  for (const auto& [key, value] : query) {
    auto it = data.configuration.find(key);
    if (it == data.configuration.end() || it->second != value)
      return false;
  }
  return true;
}

// The next nonce, reserving more in the store when the reservation is used up.
caf::expected<std::string> next_nonce(self_ptr self) {
  auto& st = self->state;
  if (st.last_nonce == st.nonces_reserved) {
    auto reserve = st.last_nonce + nonce_reservation;
    if (auto err = stored(self, [&](storage::job_store& s) { s.nonces_reserved(reserve); }))
      return err;
    st.nonces_reserved = reserve;
  }
  return std::to_string(++st.last_nonce);
}

caf::expected<job> dispatch(self_ptr self, entry& e) {
  auto nonce = next_nonce(self);
  if (!nonce)
    return std::move(nonce.error());
  e.record.nonce = std::move(*nonce);
  set_status(self, e, job_status::dispatched);
  arm_ack_timer(self, e);
  changed(self, e);
  return job{e.record.id, e.record.data, e.record.nonce};
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
    auto dispatched = dispatch(self, e);
    if (!dispatched)
      return std::move(dispatched.error());
    out.jobs.push_back(std::move(*dispatched));
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
    if (auto err = stored(self, [&](storage::job_store& s) { s.job_reported(e->record); }))
      return err;
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
  auto& st = self->state;
  auto n = index_of(st, **found);
  auto& e = **found;
  e.record.revision = std::move(r.revision);
  e.record.execution = std::move(r.execution);
  e.record.output_variables = std::move(r.output_variables);
  finish(self, e, job_status::succeeded);
  job_success_recorded out;
  if (r.continuation_token.empty()) {
    if (auto err = stored(self, [&](storage::job_store& s) { s.job_reported(e.record); }))
      return err;
    return out;
  }
  // The action goes on: a new job with the same data and the worker's
  // token, for the next poll (codepipeline-job-worker.md, 3.1.5).
  auto data = e.record.data;  // a copy: `e` may move when the new job is added
  data.continuation_token = std::move(r.continuation_token);
  const auto& next = add_job(self, std::move(data));
  if (auto err = stored(self, [&](storage::job_store& s) {
        s.job_continued(st.jobs[n].record, next);
      }))
    return err;
  out.continued = true;
  out.continuation_job_id = next.id;
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
  if (auto err = stored(self, [&](storage::job_store& s) { s.job_reported(e.record); }))
    return err;
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
  changed(self, e);
}

void time_out(self_ptr self, entry& e) {
  auto& st = self->state;
  if (e.record.status == job_status::queued)
    st.queued[e.record.data.action_type].erase(index_of(st, e));
  runtime::cancel(*st.ctx, e.ack_timer);
  set_status(self, e, job_status::timed_out);
  changed(self, e);
}

void on_job_due(self_ptr self, uint64_t n) {
  auto& e = self->state.jobs[n];
  if (!is_terminal(e.record.status))
    time_out(self, e);
}

// The jobs an earlier life of the job source left, as they were: Queued ones
// in the queue, Dispatched ones with their nonce and a new acknowledgement
// timeout from now, every job not ended with its timeout from when it was
// queued (ended at once if that has passed). Nonces go on after the ones
// the earlier life may have handed out.
void recover(self_ptr self) {
  auto& st = self->state;
  auto stored_jobs = st.store->load();
  st.last_nonce = st.nonces_reserved = stored_jobs.nonces_reserved;
  for (auto& r : stored_jobs.jobs) {
    auto n = static_cast<uint32_t>(st.jobs.size());
    st.index.emplace(r.id, n);
    auto& e = st.jobs.emplace_back();
    e.record = std::move(r);
    auto& waiting = st.queued[e.record.data.action_type];  // a known type again
    if (is_terminal(e.record.status))
      continue;
    if (e.record.created_ms + st.options.job_timeout_ms <= now(self)) {
      time_out(self, e);
      continue;
    }
    arm_deadline(self, e);
    if (e.record.status == job_status::queued)
      waiting.insert(n);
    else if (e.record.status == job_status::dispatched)
      arm_ack_timer(self, e);
  }
}

}  // namespace

caf::behavior job_queue_actor(self_ptr self, runtime::context* ctx, job_queue_options options,
                              storage::job_store* store) {
  auto& st = self->state;
  runtime::count_unexpected(self, ctx);
  st.ctx = ctx;
  st.options = options;
  st.store = store;
  st.ids.seed(options.id_seed);
  if (store)
    recover(self);
  return {
      [=](create_job& c) { return create(self, std::move(c.data)); },
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
