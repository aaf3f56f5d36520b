#include "distributed/sweep_coordinator.hpp"

#include "distributed/sweep_messages.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include <algorithm>
#include <deque>
#include <optional>

namespace broadside::distributed {

namespace {

using nlohmann::ordered_json;

struct worker_slot {
  caf::actor handle;
  uint32_t number = 0;  // in joining order, for the log
  uint32_t jobs = 1;
  std::vector<uint32_t> running;
};

// What the coordinator leaves behind for serve_sweep.
struct sweep_outcome {
  std::vector<ordered_json> rows;
  std::optional<std::string> error;
};

struct coordinator_state {
  const std::vector<sim::sweep_run>* runs = nullptr;
  const std::vector<sim::sweep_param>* params = nullptr;
  std::ostream* log = nullptr;
  sweep_outcome* out = nullptr;
  std::deque<uint32_t> queue;
  std::vector<worker_slot> workers;
  uint32_t joined = 0;
  size_t rows_in = 0;
  static inline const char* name = "sweep_coordinator";
};

using self_ptr = caf::stateful_actor<coordinator_state>*;

worker_slot* find_worker(self_ptr self, const caf::actor_addr& addr) {
  auto& ws = self->state.workers;
  auto i = std::find_if(ws.begin(), ws.end(), [&](const worker_slot& w) { return w.handle.address() == addr; });
  return i == ws.end() ? nullptr : &*i;
}

// The worker that sent the current message, if it is running `run` (which
// it then no longer is).
worker_slot* finisher(self_ptr self, uint32_t run) {
  auto* w = find_worker(self, caf::actor_cast<caf::actor_addr>(self->current_sender()));
  if (!w)
    return nullptr;
  auto i = std::find(w->running.begin(), w->running.end(), run);
  if (i == w->running.end())
    return nullptr;
  w->running.erase(i);
  return w;
}

void dispatch(self_ptr self) {
  auto& st = self->state;
  for (auto& w : st.workers) {
    while (w.running.size() < w.jobs && !st.queue.empty()) {
      auto run = st.queue.front();
      st.queue.pop_front();
      w.running.push_back(run);
      self->send(w.handle, sweep_task{run, (*st.runs)[run].scenario});
      *st.log << "run " << run << " sent to worker " << w.number << std::endl;
    }
  }
}

void finish(self_ptr self) {
  for (const auto& w : self->state.workers)
    self->send(w.handle, sweep_over_atom::value);
  self->quit();
}

caf::behavior coordinator(self_ptr self, const std::vector<sim::sweep_run>* runs,
                          const std::vector<sim::sweep_param>* params, std::ostream* log,
                          sweep_outcome* out) {
  auto& st = self->state;
  st.runs = runs;
  st.params = params;
  st.log = log;
  st.out = out;
  for (uint32_t r = 0; r < runs->size(); ++r)
    st.queue.push_back(r);
  self->set_down_handler([=](caf::down_msg& msg) {
    auto& s = self->state;
    auto* w = find_worker(self, msg.source);
    if (!w)
      return;
    std::string requeued;
    // Back to the front of the queue, in run order.
    for (auto i = w->running.rbegin(); i != w->running.rend(); ++i) {
      s.queue.push_front(*i);
      requeued = " " + std::to_string(*i) + requeued;
    }
    *s.log << "worker " << w->number << " lost"
           << (requeued.empty() ? "" : "; runs queued again:" + requeued) << std::endl;
    s.workers.erase(s.workers.begin() + (w - s.workers.data()));
    dispatch(self);
  });
  return {
      [=](sweep_join_atom, uint32_t jobs) {
        auto& s = self->state;
        auto handle = caf::actor_cast<caf::actor>(self->current_sender());
        if (!handle || find_worker(self, handle.address()))
          return;
        self->monitor(handle);
        s.workers.push_back({handle, ++s.joined, std::max(1u, jobs), {}});
        *s.log << "worker " << s.joined << " joined (jobs " << s.workers.back().jobs << ")"
               << std::endl;
        dispatch(self);
      },
      [=](const sweep_result& r) {
        auto& s = self->state;
        auto* w = finisher(self, r.run);
        if (!w)
          return;
        const auto& run = (*s.runs)[r.run];
        try {
          s.out->rows[r.run] = sim::sweep_row(run, *s.params, ordered_json::parse(r.summary));
        } catch (const nlohmann::json::exception& e) {
          s.out->error = sim::describe_run(run, *s.params) + ": worker " + std::to_string(w->number)
                         + " sent no summary: " + e.what();
          finish(self);
          return;
        }
        ++s.rows_in;
        *s.log << "run " << r.run << " done by worker " << w->number << " (" << s.rows_in << "/"
               << s.runs->size() << ")" << std::endl;
        if (s.rows_in == s.runs->size())
          finish(self);
        else
          dispatch(self);
      },
      [=](const sweep_failure& f) {
        auto& s = self->state;
        auto* w = finisher(self, f.run);
        if (!w)
          return;
        s.out->error = sim::describe_run((*s.runs)[f.run], *s.params) + " on worker "
                       + std::to_string(w->number) + ": " + f.error;
        finish(self);
      },
  };
}

}  // namespace

std::vector<ordered_json> serve_sweep(const std::vector<sim::sweep_run>& runs,
                                      const std::vector<sim::sweep_param>& params,
                                      const serve_options& options, std::ostream& log) {
  caf::actor_system_config cfg;
  configure_sweep_network(cfg);
  caf::actor_system sys{cfg};
  sweep_outcome out;
  out.rows.resize(runs.size());
  auto coord = sys.spawn(coordinator, &runs, &params, &log, &out);
  auto port = sys.middleman().publish(coord, options.port, options.bind.c_str());
  if (!port) {
    caf::anon_send_exit(coord, caf::exit_reason::user_shutdown);
    throw sim::sweep_error("cannot serve on " + options.bind + ":" + std::to_string(options.port)
                           + ": " + sys.render(port.error()));
  }
  log << "broadside sweep: serving " << runs.size() << " runs on " << options.bind << ":" << *port
      << std::endl;
  caf::scoped_actor self{sys};
  self->wait_for(coord);
  if (out.error)
    throw sim::sweep_error(*out.error);
  return std::move(out.rows);
}

}  // namespace broadside::distributed
