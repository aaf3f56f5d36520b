// `broadside worker`: runs the simulations of a `broadside sweep --serve`.

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
  auto colon = f.connect.rfind(':');
  auto port_text = colon == std::string::npos ? std::string{} : f.connect.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5
      || port_text.find_first_not_of("0123456789") != std::string::npos
      || std::stoul(port_text) > 65535)
    throw std::runtime_error("--connect " + f.connect + ": expected HOST:PORT");
  distributed::work_for_sweep(f.connect.substr(0, colon), static_cast<uint16_t>(std::stoul(port_text)),
                              f.jobs, self_sim_command(), std::cerr);
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
