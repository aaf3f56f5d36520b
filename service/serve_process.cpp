#include "service/serve_process.hpp"

#include "actors/command_library.hpp"
#include "actors/command_registry.hpp"
#include "actors/controller.hpp"
#include "actors/fleet.hpp"
#include "actors/job_queue.hpp"
#include "api/actor_call.hpp"
#include "api/auth/credentials.hpp"
#include "api/aws_json_endpoint.hpp"
#include "api/broadside_jobs_api.hpp"
#include "api/cloud_assistant_api.hpp"
#include "api/codepipeline_api.hpp"
#include "api/rpc_endpoint.hpp"
#include "api/service_metrics.hpp"
#include "api/ssm_api.hpp"
#include "messages/atoms.hpp"
#include "runtime/agent_network.hpp"
#include "runtime/engine.hpp"
#include "runtime/http_server.hpp"
#include "sim/sim_network.hpp"
#include "storage/managed_node_store.hpp"

#include <caf/io/middleman.hpp>
#include <caf/send.hpp>

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <random>

namespace broadside::service {

std::vector<sim::fleet_group> embedded_fleet(uint32_t nodes) {
  std::vector<sim::fleet_group> groups;
  uint32_t first = 1;
  for (const char* role : {"web", "db"}) {
    sim::fleet_group g;
    g.inventory.count = role[0] == 'w' ? (nodes + 1) / 2 : nodes / 2;
    g.inventory.id_base = first;
    g.inventory.tags = {{"role", role}};
    first += g.inventory.count;
    sim::distributed_behaviour b;
    b.seed = sim::group_seed(1, static_cast<uint32_t>(groups.size()));
    b.latency_ms = {sim::distribution::shape::uniform, 0, 0, 5, 40, {}};
    b.exec_ms = {sim::distribution::shape::uniform, 0, 0, 200, 2'000, {}};
    b.exit_code = {sim::distribution::shape::choice, 0, 0, 0, 1, {{0, 19.0}, {1, 20.0}}};
    b.standard_output = "hello from a simulated node\n";
    g.behaviour = b;
    if (g.inventory.count > 0)
      groups.push_back(std::move(g));
  }
  return groups;
}

struct serve_process::impl {
  explicit impl(serve_options o) : options(std::move(o)) {}

  serve_options options;
  api::credentials keys;
  bool generated = false;
  fleet_inventory inventory;
  sim::fleet_model model;
  runtime::context ctx;
  std::mutex ids_mutex;
  std::mt19937_64 ids{std::random_device{}()};
  std::shared_ptr<spdlog::logger> log =
      std::make_shared<spdlog::logger>("serve", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  api::service_metrics metrics;
  // Declared before the engine: replies still in flight when the engine
  // stops reach a live endpoint.
  std::unique_ptr<api::aws_json_endpoint> endpoint;
  std::unique_ptr<api::rpc_endpoint> rpc;
  // Used by the registry and the job queue: they outlive the engine, and the
  // database outlives its stores.
  std::unique_ptr<storage::database> database;
  std::unique_ptr<storage::command_store> command_store;
  std::unique_ptr<storage::job_store> job_store;
  std::unique_ptr<storage::saved_command_store> saved_commands;
  std::unique_ptr<storage::managed_node_store> managed_nodes;  // with agents
  std::unique_ptr<runtime::engine> engine;
  std::unique_ptr<sim::sim_network> network;   // simulated nodes, or
  std::unique_ptr<runtime::agent_network> agents;  // real agents
  caf::actor controller;                           // where agents say hello
  std::optional<uint16_t> agents_port;
  caf::actor fleet;
  caf::actor registry;
  caf::actor job_queue;
  caf::actor library;  // Cloud Assistant's saved commands
  // The services and their bridges go before the engine stops (api/actor_call.hpp).
  std::unique_ptr<api::ssm_api> ssm;
  std::unique_ptr<api::codepipeline_api> codepipeline;
  std::unique_ptr<api::broadside_jobs_api> jobs;
  std::unique_ptr<api::cloud_assistant_api> cloud_assistant;
  std::unique_ptr<api::api_bridge> metrics_bridge;
  std::unique_ptr<runtime::http_server> server;

  // GET /metrics: the request counters and the registry's figures of the moment.
  void serve_metrics(runtime::http_responder respond) {
    api::call_actor<registry_stats>(
        *metrics_bridge, registry, registry_stats_atom::value,
        [respond](api::aws_result page) {
          runtime::http_response r;
          if (auto* e = std::get_if<api::api_error>(&page)) {
            r.status = e->http_status;
            r.body = e->message;
          } else {
            r.headers = {{"Content-Type", "text/plain; version=0.0.4"}};
            r.body = std::get<nlohmann::json>(page).get<std::string>();
          }
          respond(std::move(r));
        },
        [this](const registry_stats& stats) -> api::aws_result { return metrics.render(stats); },
        [](const caf::error& e, caf::actor_system& sys) {
          return api::api_error{"InternalServerError", sys.render(e), 500};
        });
  }
};

serve_process::serve_process(serve_options options) : impl_(std::make_unique<impl>(std::move(options))) {
  auto& s = *impl_;
  const auto& file = s.options.credentials_file;
  if (!std::filesystem::exists(file)) {
    api::write_credentials_file(file, api::generate_key());
    s.generated = true;
  }
  s.keys = api::credentials::read_file(file);
  for (const auto& g : s.options.fleet)
    s.model.add(s.inventory.add_group(g.inventory), g.inventory.count, g.behaviour);

  auto with_agents = s.options.agents_port.has_value();
  s.engine = std::make_unique<runtime::engine>(
      runtime::engine::options{runtime::clock_kind::real_time, 1, with_agents});
  auto& sys = s.engine->system();
  s.ctx.epoch_ms = s.engine->epoch_ms();
  if (!s.options.database.empty()) {
    s.database = std::make_unique<storage::database>(s.options.database);
    s.command_store = std::make_unique<storage::command_store>(*s.database);
    s.job_store = std::make_unique<storage::job_store>(*s.database);
    s.saved_commands = std::make_unique<storage::saved_command_store>(*s.database);
  }
  if (with_agents) {
    // The fleet starts with the agents that registered before (ConnectionLost
    // until they reconnect); others register when they say hello.
    s.agents = std::make_unique<runtime::agent_network>();
    s.ctx.transport = s.agents.get();
    fleet_inventory known;
    hello_listener on_hello;
    if (s.database) {
      s.managed_nodes = std::make_unique<storage::managed_node_store>(*s.database);
      for (const auto& n : s.managed_nodes->load()) {
        auto node = known.add_node(n.info);
        known.set_boot_id(node, n.info.boot_id);
        known.ping({node, ping_status::connection_lost, n.registered_ms});
      }
      on_hello = [store = s.managed_nodes.get()](const node_info& info, int64_t at_ms) {
        store->save({info, at_ms});
      };
    }
    s.fleet = sys.spawn(fleet_actor, &s.ctx, std::move(known));
    s.controller = sys.spawn(controller_actor, &s.ctx, s.fleet, s.agents.get(), std::move(on_hello));
    auto port = sys.middleman().publish(s.controller, *s.options.agents_port,
                                        s.options.host.c_str(), true);
    if (!port)
      throw std::runtime_error("cannot listen for agents on " + s.options.host + ":"
                               + std::to_string(*s.options.agents_port) + ": "
                               + sys.render(port.error()));
    s.agents_port = *port;
  } else {
    s.network = std::make_unique<sim::sim_network>(sys, s.ctx, s.model);
    s.ctx.transport = s.network.get();
    s.fleet = sys.spawn(fleet_actor, &s.ctx, s.inventory);
  }
  s.registry = sys.spawn(command_registry, &s.ctx, s.fleet, s.command_store.get());
  s.job_queue = sys.spawn(job_queue_actor, &s.ctx,
                          job_queue_options{60'000, 24 * 3'600'000, std::random_device{}()},
                          s.job_store.get());
  auto new_id = [&s] {
    std::lock_guard<std::mutex> guard{s.ids_mutex};
    return make_uuid_v4(s.ids(), s.ids());
  };
  s.ssm = std::make_unique<api::ssm_api>(sys, s.registry, s.fleet, new_id);
  s.library = sys.spawn(command_library, s.saved_commands.get());
  s.cloud_assistant =
      std::make_unique<api::cloud_assistant_api>(sys, s.registry, s.fleet, s.library, new_id);
  s.codepipeline = std::make_unique<api::codepipeline_api>(sys, s.job_queue);
  s.jobs = std::make_unique<api::broadside_jobs_api>(sys, s.job_queue);
  s.metrics_bridge = std::make_unique<api::api_bridge>(sys);
  auto on_answer = [&s](const api::request_record& r) {
    s.metrics.record(r);
    if (s.options.log_requests)
      s.log->info("request op={} code={} status={} ms={:.3f} client={}",
                  r.operation.empty() ? "-" : r.operation,
                  r.error_code.empty() ? "OK" : r.error_code, r.status, r.seconds * 1000, r.client);
  };
  s.endpoint = std::make_unique<api::aws_json_endpoint>(
      s.keys,
      std::vector<api::aws_json_service*>{s.ssm.get(), s.codepipeline.get(), s.jobs.get()},
      on_answer, [] { return static_cast<int64_t>(std::time(nullptr)); });
  s.rpc = std::make_unique<api::rpc_endpoint>(s.keys, *s.cloud_assistant, on_answer, [] {
    using namespace std::chrono;
    return static_cast<int64_t>(
        duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
  });
  runtime::http_server_options http;
  http.host = s.options.host;
  http.port = s.options.port;
  http.threads = s.options.http_threads;
  http.read_timeout = s.options.request_timeout;
  s.server = std::make_unique<runtime::http_server>(
      http, [&s](runtime::http_request request, runtime::http_responder respond) {
        if (request.method == "GET" && request.target == "/metrics")
          return s.serve_metrics(std::move(respond));
        if (api::rpc_endpoint::is_rpc_request(request))
          return s.rpc->handle(std::move(request), std::move(respond));
        s.endpoint->handle(std::move(request), std::move(respond));
      });
}

serve_process::~serve_process() {
  auto& s = *impl_;
  s.server.reset();
  s.ssm.reset();
  s.codepipeline.reset();
  s.jobs.reset();
  s.cloud_assistant.reset();
  s.metrics_bridge.reset();
  caf::anon_send_exit(s.registry, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(s.job_queue, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(s.library, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(s.fleet, caf::exit_reason::user_shutdown);
  if (s.controller)
    caf::anon_send_exit(s.controller, caf::exit_reason::user_shutdown);
  if (s.agents)
    s.agents->clear();
  if (s.network)
    s.network->release_pool();
  // Commands still running hold timers up to their expiry: the service does
  // not wait for them when it stops.
  s.engine->system().await_actors_before_shutdown(false);
  s.engine.reset();
}

uint16_t serve_process::port() const { return impl_->server->port(); }

bool serve_process::generated_credentials() const { return impl_->generated; }

std::optional<uint16_t> serve_process::agents_port() const { return impl_->agents_port; }

}  // namespace broadside::service
