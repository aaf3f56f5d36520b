#include "distributed/agent_process.hpp"

#include "messages/atoms.hpp"
#include "messages/controller.hpp"
#include "runtime/engine.hpp"

#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <chrono>
#include <thread>

namespace broadside::distributed {

void run_agent(const agent_options& options, const std::atomic<bool>& stop, std::ostream& log) {
  runtime::engine engine{{runtime::clock_kind::real_time, 1, true}};
  runtime::context ctx;
  ctx.epoch_ms = engine.epoch_ms();
  auto& sys = engine.system();
  auto agent = sys.spawn(agent_actor, &ctx, options.config);
  caf::scoped_actor self{sys};
  auto where = options.host + ":" + std::to_string(options.port);
  bool told_waiting = false;
  while (!stop) {
    auto controller = sys.middleman().remote_actor(options.host, options.port);
    if (!controller) {
      if (!told_waiting)
        log << "broadside agent " << options.info.instance_id << ": cannot reach " << where
            << " (" << sys.render(controller.error()) << "), retrying" << std::endl;
      told_waiting = true;
      std::this_thread::sleep_for(std::chrono::milliseconds{options.retry_ms});
      continue;
    }
    told_waiting = false;
    bool hello = false;
    uint32_t node = 0;
    self->request(*controller, std::chrono::seconds{10}, agent_hello{options.info, agent})
        .receive(
            [&](uint32_t index) {
              hello = true;
              node = index;
              log << "broadside agent " << options.info.instance_id << ": connected to " << where
                  << " as node " << index << std::endl;
            },
            [&](caf::error& err) {
              log << "broadside agent " << options.info.instance_id << ": hello failed: "
                  << sys.render(err) << std::endl;
            });
    if (!hello) {
      std::this_thread::sleep_for(std::chrono::milliseconds{options.retry_ms});
      continue;
    }
    self->monitor(*controller);
    bool lost = false;
    auto beat = std::chrono::steady_clock::now();
    while (!stop && !lost) {
      self->receive([&](const caf::down_msg&) { lost = true; },
                    caf::after(std::chrono::milliseconds{200}) >> [] {});
      if (std::chrono::steady_clock::now() - beat >= std::chrono::milliseconds{options.heartbeat_ms}) {
        beat = std::chrono::steady_clock::now();
        self->send(*controller, heartbeat_atom::value, node);
      }
    }
    if (lost)
      log << "broadside agent " << options.info.instance_id << ": lost " << where << std::endl;
  }
  caf::anon_send_exit(agent, caf::exit_reason::user_shutdown);
}

}  // namespace broadside::distributed
