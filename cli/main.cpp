// broadside: the command line. Only entry points live here; the engine never
// includes this directory.

#include "cli/subcommand.hpp"

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  using namespace broadside;
  CLI::App app{"Broadside: send commands to fleets of machines and track every run to its end"};
  app.require_subcommand(1);
  std::vector<cli::subcommand> subcommands{
      cli::add_sim_command(app),   cli::add_sweep_command(app), cli::add_worker_command(app),
      cli::add_controller_command(app), cli::add_agent_command(app), cli::add_fleet_command(app),
      cli::add_run_command(app), cli::add_serve_command(app), cli::add_ssm_command(app),
      cli::add_jobs_command(app)};
  CLI11_PARSE(app, argc, argv);
  try {
    for (auto& s : subcommands)
      if (s.app->parsed())
        return s.run();
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "broadside: " << e.what() << std::endl;
    return 2;
  }
}
