#include "sim/simulation.hpp"

#include "actors/command.hpp"
#include "actors/fleet.hpp"
#include "runtime/process_stats.hpp"
#include "sim/scenario_driver.hpp"
#include "sim/sim_network.hpp"

#include <caf/detail/scope_guard.hpp>
#include <caf/send.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace broadside::sim {

sim_report run_simulation(const scenario& plan, const sim_options& options) {
  size_t sent_once = 0;
  for (const auto& c : plan.commands) {
    if (auto problem = check_send_command(c.command))
      throw std::invalid_argument(*problem);
    if (auto problem = check_schedule(c))
      throw std::invalid_argument(problem->key + (problem->key.empty() ? "" : ": ") + problem->what);
    sent_once += c.schedule ? 0 : 1;
  }
  fleet_inventory inventory;
  fleet_model model;
  for (const auto& g : plan.fleet) {
    auto first = inventory.add_group(g.inventory);
    model.add(first, g.inventory.count, g.behaviour, g.environment);
  }
  auto faults = fault_timeline(plan, inventory);

  runtime::context ctx;
  ctx.tracer = options.tracer;
  ctx.delivery = plan.delivery;
  ctx.max_targets_per_command = plan.max_targets_per_command;
  sim_observations seen;
  std::unique_ptr<sim_network> network;
  std::unique_ptr<run_observer> observer;
  // Declared after everything the actors point to, so it stops them first.
  runtime::engine engine{{options.clock, 0}};
  ctx.epoch_ms = engine.epoch_ms();
  ctx.clock = engine.clock();
  network = std::make_unique<sim_network>(engine.system(), ctx, model);
  ctx.transport = network.get();
  // The engine waits for every actor when it stops: the pooled node actors
  // must be let go first, however the run ends.
  auto release_pool = caf::detail::make_scope_guard([&] { network->release_pool(); });
  observer = std::make_unique<run_observer>(sent_once, inventory, engine.epoch_ms(),
                                            options.on_invocation, options.collect_invocations);

  auto started = std::chrono::steady_clock::now();
  auto& sys = engine.system();
  auto fleet = sys.spawn(fleet_actor, &ctx, inventory);
  auto driver = sys.spawn(scenario_driver, &ctx, fleet, network.get(), &plan, &inventory, &faults,
                          &seen, observer.get());
  if (engine.virtual_time()) {
    std::function<void()> progress;
    if (options.progress)
      progress = [&] {
        auto [finished, targets] = observer->progress();
        auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
        options.progress({engine.now_ms(), finished, targets, engine.events(), wall.count()});
      };
    engine.run([&] { return seen.complete; }, options.horizon_ms, progress);
  } else {
    std::unique_lock<std::mutex> guard{seen.mtx};
    auto limit = options.horizon_ms == INT64_MAX ? std::chrono::hours{24}
                                                 : std::chrono::milliseconds{options.horizon_ms};
    seen.changed.wait_for(guard, limit, [&] { return seen.complete; });
  }
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  caf::anon_send_exit(driver, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(fleet, caf::exit_reason::user_shutdown);

  std::lock_guard<std::mutex> guard{seen.mtx};
  sim_report report;
  report.commands = seen.latest;
  report.origins = seen.origins;
  report.command_history = seen.history;
  auto observed = observer->results_at(engine.now_ms());
  report.invocations = std::move(observed.updates);
  report.outcomes = std::move(observed.commands);
  report.timeline = std::move(observed.timeline);
  report.complete = seen.commands_done();
  report.end_ms = seen.last_completion_ms;
  report.events = engine.events();
  report.wall_s = wall;
  report.peak_rss_mb = runtime::peak_rss_mb();
  report.node_activations = network->activations();
  report.peak_active_nodes = network->peak_active_nodes();
  report.unexpected_messages = ctx.unexpected_messages.load();
  return report;
}

}  // namespace broadside::sim
