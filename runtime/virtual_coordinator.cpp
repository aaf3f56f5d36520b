#include "runtime/virtual_coordinator.hpp"

#include <caf/actor_registry.hpp>
#include <caf/execution_unit.hpp>
#include <caf/intrusive_ptr.hpp>
#include <caf/logger.hpp>
#include <caf/scheduled_actor.hpp>

#include <algorithm>
#include <typeinfo>

namespace broadside::runtime {

virtual_coordinator::virtual_coordinator(caf::actor_system& sys) : abstract_coordinator(sys) {
  clock_.set_delivery(this);
}

virtual_coordinator::~virtual_coordinator() = default;

caf::actor_system::module* virtual_coordinator::make(caf::actor_system& sys,
                                                     caf::detail::type_list<>) {
  return new virtual_coordinator(sys);
}

void virtual_coordinator::start() {
  // No utility actors: the printer would need a thread of its own.
}

void virtual_coordinator::stop() {
  clock_.cancel_all();
  for (auto* job : ready_)
    caf::intrusive_ptr_release(job);
  ready_.clear();
}

void virtual_coordinator::enqueue(caf::resumable* job) { ready_.push_back(job); }

void virtual_coordinator::detach_logger() {
  // CAF records the running actor's id for its logger on every resume,
  // behind a lock and a hash map, unless the thread has no logger (12% of
  // a fanout's instructions). Debian's CAF logs nothing, so detach the
  // thread. Each spawn attaches it again: detach whenever the number of
  // running actors changed since the last look.
  if (auto running = system().registry().running(); running != running_) {
    running_ = running;
    caf::logger::set_current_actor_system(nullptr);
  }
}

void virtual_coordinator::run_ready() {
  while (!ready_.empty()) {
    auto* job = ready_.front();
    ready_.pop_front();
    detach_logger();
    ++messages_;
    if (handle_one(job))
      continue;
    // One message per resume keeps the interleaving fine-grained and makes
    // every resume one handled message.
    switch (job->resume(&unit_, 1)) {
      case caf::resumable::resume_later:
        ready_.push_back(job);
        break;
      case caf::resumable::done:
      case caf::resumable::awaiting_message:
        caf::intrusive_ptr_release(job);
        break;
      case caf::resumable::shutdown_execution_unit:
        break;
    }
  }
}

// CAF's queue code, inlined here, trips GCC's null-dereference analysis.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
bool virtual_coordinator::handle_one(caf::resumable* job) {
  if (job->subtype() != caf::resumable::scheduled_actor)
    return false;
  auto* self = static_cast<caf::scheduled_actor*>(job);
  auto& mailbox = self->mailbox();
  mailbox.fetch_more();
  auto& normal = self->get_normal_queue();
  if (normal.total_task_size() != 1 || !normal.cache().empty()
      || !self->get_urgent_queue().empty() || !self->get_upstream_queue().empty()
      || !self->get_downstream_queue().empty() || !self->stream_managers().empty())
    return false;
  auto msg = normal.take_front();
  switch (self->activate(&unit_, *msg)) {
    case caf::scheduled_actor::activation_result::terminated:
      caf::intrusive_ptr_release(job);
      return true;
    case caf::scheduled_actor::activation_result::skipped:
      self->push_to_cache(std::move(msg));
      break;
    case caf::scheduled_actor::activation_result::success:
    case caf::scheduled_actor::activation_result::dropped:
      break;
  }
  // As resume ends: wait for the next message, or stay ready for the ones
  // that arrived meanwhile.
  if (mailbox.try_block())
    caf::intrusive_ptr_release(job);
  else
    ready_.push_back(job);
  return true;
}
#pragma GCC diagnostic pop

caf::scheduled_actor* virtual_coordinator::as_scheduled(caf::abstract_actor* actor) {
  const std::type_info* type = &typeid(*actor);
  auto known = std::find_if(kinds_.begin(), kinds_.end(),
                            [type](const auto& k) { return k.first == type; });
  if (known == kinds_.end())
    known = kinds_.emplace(kinds_.end(), type,
                           dynamic_cast<caf::scheduled_actor*>(actor) != nullptr);
  return known->second ? static_cast<caf::scheduled_actor*>(actor) : nullptr;
}

void virtual_coordinator::deliver(caf::strong_actor_ptr to, caf::mailbox_element_ptr msg) {
  // The clock fires only when no actor is ready, so an idle receiver would
  // be enqueued, scheduled and resumed for this one message right away:
  // handing it over directly is the same step without the mailbox's and the
  // scheduler's work (a third of a fanout's instructions).
  auto* self = as_scheduled(to->get());
  if (self && self->mailbox().blocked() && self->mailbox().queue().empty()) {
    detach_logger();
    ++messages_;
    if (self->activate(&unit_, *msg) != caf::scheduled_actor::activation_result::skipped)
      return;
  }
  to->enqueue(std::move(msg), nullptr);
}

bool virtual_coordinator::run(const std::function<bool()>& done, int64_t horizon_ms) {
  for (;;) {
    run_ready();
    if (!clock_.has_pending())
      return true;
    if (done && done())
      return false;
    switch (clock_.fire_next(horizon_ms)) {
      case virtual_clock::fired::delivered:
        ++timers_;
        break;
      case virtual_clock::fired::dropped:
        break;
      case virtual_clock::fired::beyond_horizon:
        return false;
    }
  }
}

}  // namespace broadside::runtime
