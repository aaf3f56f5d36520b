// `broadside worker`: runs the simulations of a `broadside sweep --serve`.

#include "cli/endpoint.hpp"
#include "cli/subcommand.hpp"

#include "distributed/sweep_worker.hpp"

#include <iostream>
#include <memory>

namespace broadside::cli {

namespace {

struct worker_flags {
  std::string connect;
  uint32_t jobs = 1;
};

int run_worker(const worker_flags& f) {
  auto at = parse_endpoint("--connect", f.connect);
  distributed::work_for_sweep(at.host, at.port, f.jobs, self_sim_command(), std::cerr);
  return 0;
}

}  // namespace

subcommand add_worker_command(CLI::App& parent) {
  auto f = std::make_shared<worker_flags>();
  auto* cmd = parent.add_subcommand("worker", "Run the simulations of a `broadside sweep --serve`");
  cmd->add_option("--connect", f->connect, "The sweep's HOST:PORT")->required();
  cmd->add_option("--jobs", f->jobs, "Simulations at a time")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  return {cmd, [f] { return run_worker(*f); }};
}

}  // namespace broadside::cli
