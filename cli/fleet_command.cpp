// `broadside fleet up`: a controller and N local agent processes on
// 127.0.0.1, for demos and tests. Stays in the foreground; SIGINT or SIGTERM
// stops the agents and the controller.

#include "cli/endpoint.hpp"
#include "cli/stop_signal.hpp"
#include "cli/subcommand.hpp"

#include "distributed/controller_process.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

extern char** environ;

namespace broadside::cli {

namespace {

struct fleet_flags {
  uint32_t agents = 3;
  std::string listen = "127.0.0.1:7300";
  std::string work_dir = "broadside-fleet";
  std::string tags;
  std::string shell = "bash";
};

// Agent k: mi-<17 hex digits of k + 1>.
std::string agent_id(uint32_t k) {
  char id[32];
  std::snprintf(id, sizeof id, "mi-%017x", k + 1);
  return id;
}

pid_t start_agent(const std::string& controller, uint32_t k, const fleet_flags& f) {
  auto dir = std::filesystem::absolute(f.work_dir) / agent_id(k);
  // Without --tags, half the fleet is web and half db: something to target.
  auto tags = f.tags.empty() ? std::string{k % 2 == 0 ? "role=web" : "role=db"} : f.tags;
  tags += ",index=" + std::to_string(k);
  std::vector<std::string> args{"broadside", "agent",  "--connect", controller,
                                "--id",      agent_id(k), "--tags",  tags,
                                "--work-dir", dir.string(), "--shell",  f.shell};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start agent " + agent_id(k));
  return pid;
}

int run_fleet_up(const fleet_flags& f) {
  auto at = parse_endpoint("--listen", f.listen);
  stop_on_signals();
  distributed::controller_process controller{{at.host, at.port, {}}};
  auto where = at.host + ":" + std::to_string(controller.port());
  std::cout << "broadside fleet: controller on " << where << std::endl;
  std::vector<pid_t> agents;
  for (uint32_t k = 0; k < f.agents; ++k)
    agents.push_back(start_agent(where, k, f));
  const auto& stop = stop_on_signals();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (!stop && controller.nodes() < f.agents && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  if (controller.nodes() == f.agents)
    std::cout << "broadside fleet: " << f.agents << " agents up" << std::endl;
  else
    std::cerr << "broadside fleet: only " << controller.nodes() << " of " << f.agents
              << " agents connected" << std::endl;
  wait_for_stop();
  for (auto pid : agents)
    ::kill(pid, SIGTERM);
  for (auto pid : agents)
    ::waitpid(pid, nullptr, 0);
  return 0;
}

}  // namespace

subcommand add_fleet_command(CLI::App& parent) {
  auto f = std::make_shared<fleet_flags>();
  auto* fleet = parent.add_subcommand("fleet", "Local fleets of real agents");
  fleet->require_subcommand(1);
  auto* up = fleet->add_subcommand("up", "Start a controller and N local agents (foreground)");
  up->add_option("--agents", f->agents, "How many agents")->capture_default_str()->check(CLI::PositiveNumber);
  up->add_option("--listen", f->listen, "The controller's HOST:PORT")->capture_default_str();
  up->add_option("--work-dir", f->work_dir, "Where the agents keep their ledgers and scripts")
      ->capture_default_str();
  up->add_option("--shell", f->shell, "What the agents run scripts with (SHELL -c SCRIPT)")
      ->capture_default_str();
  up->add_option("--tags", f->tags, "Tags of every agent, KEY=VALUE,... (default: role=web / role=db)");
  return {fleet, [f] { return run_fleet_up(*f); }};
}

}  // namespace broadside::cli
