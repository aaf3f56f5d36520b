#include "distributed/sweep_worker.hpp"

#include "distributed/sweep_messages.hpp"

#include <caf/actor_system.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>

namespace broadside::distributed {

namespace {

// One run, on a thread of its own (a detached actor): the simulation's child
// process is waited for there, never on CAF's scheduler threads.
void run_task(caf::blocking_actor* self, caf::actor worker, sweep_task task, sim::run_command command) {
  try {
    auto summary = sim::run_in_child(command, task.scenario);
    self->send(worker, sweep_result{task.run, summary.dump()});
  } catch (const std::exception& e) {
    self->send(worker, sweep_failure{task.run, e.what()});
  }
}

caf::behavior sweep_worker(caf::event_based_actor* self, caf::actor coordinator,
                           uint32_t jobs, sim::run_command command, std::ostream* log) {
  self->monitor(coordinator);
  self->set_down_handler([=](caf::down_msg&) {
    *log << "broadside worker: the coordinator went away" << std::endl;
    self->quit();
  });
  self->send(coordinator, sweep_join_atom::value, jobs);
  return {
      [=](const sweep_task& task) {
        self->spawn<caf::detached>(run_task, caf::actor_cast<caf::actor>(self), task, command);
      },
      [=](const sweep_result& r) { self->send(coordinator, r); },
      [=](const sweep_failure& f) { self->send(coordinator, f); },
      [=](sweep_over_atom) {
        *log << "broadside worker: the sweep is over" << std::endl;
        self->quit();
      },
  };
}

}  // namespace

void work_for_sweep(const std::string& host, uint16_t port, uint32_t jobs,
                    const sim::run_command& command, std::ostream& log) {
  caf::actor_system_config cfg;
  configure_sweep_network(cfg);
  caf::actor_system sys{cfg};
  auto coordinator = sys.middleman().remote_actor(host, port);
  if (!coordinator)
    throw sim::sweep_error("cannot connect to " + host + ":" + std::to_string(port) + ": "
                           + sys.render(coordinator.error()));
  log << "broadside worker: connected to " << host << ":" << port << " (jobs " << jobs << ")"
      << std::endl;
  auto worker = sys.spawn(sweep_worker, *coordinator, jobs, command, &log);
  caf::scoped_actor self{sys};
  self->wait_for(worker);
}

}  // namespace broadside::distributed
