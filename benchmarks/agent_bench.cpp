// agent_bench: real runs through the whole stack against a shell doing the
// same work, in the same run on the same machine. `runs` commands of `true`,
// each to one local agent, `concurrency` of them in flight (a client over
// loopback -> the controller -> the agent process -> bash), against
// `seq runs | xargs -P concurrency -n 1 sh -c true` (the baseline)
// and the same with `bash -c true` (the shell the agent runs: what remains
// is orchestration). Prints one JSON document.
//
//   agent_bench --broadside PATH [--runs 2000] [--concurrency 64]

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
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using namespace broadside;
using clock_type = std::chrono::steady_clock;

const std::string agent_id = "mi-0000000000000b0b0";

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

double run_through_agent(const std::string& host, uint16_t port, uint32_t runs,
                         uint32_t concurrency) {
  runtime::engine engine{{runtime::clock_kind::real_time, 1, true}};
  auto& sys = engine.system();
  auto controller = sys.middleman().remote_actor(host, port);
  if (!controller)
    throw std::runtime_error("cannot reach the controller: " + sys.render(controller.error()));
  caf::scoped_actor self{sys};
  uint32_t sent = 0, ended = 0, failed = 0;
  auto submit = [&] {
    send_command c;
    c.command_id = make_uuid_v4(++sent, 0xbe4c);
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

}  // namespace

int main(int argc, char** argv) {
  std::string broadside;
  uint32_t runs = 2000, concurrency = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--broadside")
      broadside = argv[i + 1];
    else if (flag == "--runs")
      runs = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else if (flag == "--concurrency")
      concurrency = static_cast<uint32_t>(std::stoul(argv[i + 1]));
  }
  if (broadside.empty()) {
    std::cerr << "usage: agent_bench --broadside PATH [--runs 2000] [--concurrency 64]\n";
    return 2;
  }
  auto work = std::filesystem::temp_directory_path() / ("agent-bench-" + std::to_string(::getpid()));
  distributed::controller_process controller{{"127.0.0.1", 0, {}}};
  auto where = "127.0.0.1:" + std::to_string(controller.port());
  auto agent = spawn({broadside, "agent", "--connect", where, "--id", agent_id, "--work-dir",
                      (work / "agent").string()});
  int rc = 0;
  try {
    for (int i = 0; i < 600 && controller.nodes() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    if (controller.nodes() == 0)
      throw std::runtime_error("the agent did not connect");
    auto engine_s = run_through_agent("127.0.0.1", controller.port(), runs, concurrency);
    auto xargs_s = run_with_xargs(runs, concurrency, "sh");
    auto xargs_bash_s = run_with_xargs(runs, concurrency, "bash");
    nlohmann::ordered_json out;
    out["benchmark"] = "agent";
    out["machine"] = bench::machine();
    out["runs"] = runs;
    out["concurrency"] = concurrency;
    out["broadside_wall_s"] = engine_s;
    out["xargs_wall_s"] = xargs_s;
    out["xargs_bash_wall_s"] = xargs_bash_s;
    out["ratio"] = engine_s / xargs_s;
    out["ratio_same_shell"] = engine_s / xargs_bash_s;
    out["overhead_us_per_run"] = (engine_s - xargs_bash_s) / runs * 1e6;
    std::cout << out.dump(2) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "agent_bench: " << e.what() << std::endl;
    rc = 1;
  }
  ::kill(agent, SIGTERM);
  ::waitpid(agent, nullptr, 0);
  std::filesystem::remove_all(work);
  return rc;
}
