// agent_bench: real runs through the whole stack against a shell doing the
// same work, in the same run on the same machine. `runs` commands of `true`,
// each to one local agent, `concurrency` of them in flight (a client over
// loopback -> the controller -> the agent process -> SHELL -c), against
// `seq runs | xargs -P concurrency -n 1 SHELL -c true`, for SHELL = sh (the
// issue's baseline, and what the real agents run) and bash (the agent's
// default): what the agent adds to the same shell is orchestration. Each
// pair is measured `repeat` times, alternating, and the best of each kept.
// Prints one JSON document.
//
//   agent_bench --broadside PATH [--runs 2000] [--concurrency 64] [--repeat 3]

#include "benchmarks/machine.hpp"
#include "distributed/controller_process.hpp"
#include "messages/controller.hpp"
#include "runtime/engine.hpp"

#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using namespace broadside;
using clock_type = std::chrono::steady_clock;


pid_t spawn(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (::posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

double run_through_agent(const std::string& host, uint16_t port, const std::string& agent_id,
                         uint32_t runs, uint32_t concurrency) {
  runtime::engine engine{{runtime::clock_kind::real_time, 1, true}};
  auto& sys = engine.system();
  auto controller = sys.middleman().remote_actor(host, port);
  if (!controller)
    throw std::runtime_error("cannot reach the controller: " + sys.render(controller.error()));
  caf::scoped_actor self{sys};
  uint32_t sent = 0, ended = 0, failed = 0;
  auto submit = [&] {
    send_command c;
    // Ids new in every call: an agent answers a command id it knows without running it.
    static uint64_t commands = 0;
    ++sent;
    c.command_id = make_uuid_v4(0xbe4c, ++commands);
    c.instance_ids = {agent_id};
    c.document_name = "AWS-RunShellScript";
    c.commands = {"true"};
    c.max_concurrency = "1";
    self->send(*controller, submit_command{std::move(c), caf::actor{self}});
  };
  auto started = clock_type::now();
  while (sent < std::min(runs, concurrency))
    submit();
  while (ended < runs)
    self->receive(
        [&](const command_update& u) {
          if (!is_terminal(u.details))
            return;
          ++ended;
          failed += u.details == command_details::success ? 0 : 1;
          if (sent < runs)
            submit();
        },
        [](const invocation_update&, const std::string&) {}, [](const uuid&) {},
        caf::after(std::chrono::seconds{60}) >> [] {
          throw std::runtime_error("no progress for 60 s");
        });
  auto wall = seconds_since(started);
  if (failed > 0)
    throw std::runtime_error(std::to_string(failed) + " runs did not succeed");
  return wall;
}

// CPU time (user + system) a process has used so far: "self" or a pid.
double cpu_seconds(const std::string& pid) {
  std::ifstream in{"/proc/" + pid + "/stat"};
  std::string line;
  std::getline(in, line);
  // Fields after "(comm)": state is the 3rd field, utime and stime the 14th and 15th.
  std::istringstream rest{line.substr(line.rfind(')') + 2)};
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i)
    if (i >= 14)
      ticks += std::stod(field);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double run_with_xargs(uint32_t runs, uint32_t concurrency, const std::string& shell) {
  auto started = clock_type::now();
  auto pid = spawn({"sh", "-c",
                    "seq " + std::to_string(runs) + " | xargs -P " + std::to_string(concurrency)
                        + " -n 1 " + shell + " -c true"});
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("xargs failed");
  return seconds_since(started);
}

// One agent running scripts with `shell`, connected to `controller`.
struct local_agent {
  local_agent(const std::string& broadside, const distributed::controller_process& controller,
              const std::filesystem::path& work, const std::string& shell, size_t index) {
    char text[32];
    std::snprintf(text, sizeof text, "mi-%017zx", 0xb0b0 + index);
    id = text;
    auto before = controller.nodes();
    pid = spawn({broadside, "agent", "--connect", "127.0.0.1:" + std::to_string(controller.port()),
                 "--id", id, "--shell", shell, "--work-dir", (work / shell).string()});
    for (int i = 0; i < 600 && controller.nodes() == before; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    if (controller.nodes() == before)
      throw std::runtime_error("the " + shell + " agent did not connect");
  }
  ~local_agent() {
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }
  std::string id;
  pid_t pid = -1;
};

struct best_of {
  double agent_s = 1e300, xargs_s = 1e300;
  // Summed over the rounds: CPU of the agent process (without its children,
  // the shells) and of this one (the client and the controller).
  double agent_cpu_s = 0, controller_cpu_s = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string broadside;
  uint32_t runs = 2000, concurrency = 64, repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--broadside")
      broadside = argv[i + 1];
    else if (flag == "--runs")
      runs = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else if (flag == "--concurrency")
      concurrency = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else if (flag == "--repeat")
      repeat = std::max(1u, static_cast<uint32_t>(std::stoul(argv[i + 1])));
  }
  if (broadside.empty()) {
    std::cerr << "usage: agent_bench --broadside PATH [--runs 2000] [--concurrency 64] [--repeat 3]\n";
    return 2;
  }
  auto work = std::filesystem::temp_directory_path() / ("agent-bench-" + std::to_string(::getpid()));
  const std::vector<std::string> shells{"sh", "bash"};
  int rc = 0;
  try {
    distributed::controller_process controller{{"127.0.0.1", 0, {}}};
    std::vector<std::unique_ptr<local_agent>> agents;
    for (size_t k = 0; k < shells.size(); ++k)
      agents.push_back(std::make_unique<local_agent>(broadside, controller, work, shells[k], k));
    std::vector<best_of> best(shells.size());
    for (uint32_t round = 0; round < repeat; ++round)
      for (size_t k = 0; k < shells.size(); ++k) {
        auto agent_pid = std::to_string(agents[k]->pid);
        auto agent_cpu = cpu_seconds(agent_pid), own_cpu = cpu_seconds("self");
        best[k].agent_s = std::min(best[k].agent_s,
                                   run_through_agent("127.0.0.1", controller.port(), agents[k]->id,
                                                     runs, concurrency));
        best[k].agent_cpu_s += cpu_seconds(agent_pid) - agent_cpu;
        best[k].controller_cpu_s += cpu_seconds("self") - own_cpu;
        best[k].xargs_s = std::min(best[k].xargs_s, run_with_xargs(runs, concurrency, shells[k]));
      }
    nlohmann::ordered_json out;
    out["benchmark"] = "agent";
    out["machine"] = bench::machine();
    out["runs"] = runs;
    out["concurrency"] = concurrency;
    out["repeat"] = repeat;
    for (size_t k = 0; k < shells.size(); ++k) {
      auto& b = best[k];
      out["shells"][shells[k]] = {{"broadside_wall_s", b.agent_s},
                                  {"xargs_wall_s", b.xargs_s},
                                  {"ratio", b.agent_s / b.xargs_s},
                                  {"overhead_us_per_run", (b.agent_s - b.xargs_s) / runs * 1e6},
                                  {"agent_cpu_us_per_run", b.agent_cpu_s / repeat / runs * 1e6},
                                  {"controller_cpu_us_per_run",
                                   b.controller_cpu_s / repeat / runs * 1e6}};
    }
    out["ratio"] = best[0].agent_s / best[0].xargs_s;  // the issue's: both with sh
    std::cout << out.dump(2) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "agent_bench: " << e.what() << std::endl;
    rc = 1;
  }
  std::filesystem::remove_all(work);
  return rc;
}
