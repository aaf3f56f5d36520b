// broadside: the command line. Only entry points live here; the engine never
// includes this directory.

#include "sim/fanout.hpp"
#include "sim/scenario_json.hpp"
#include "sim/sim_summary.hpp"
#include "sim/simulation.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  using namespace broadside;
  CLI::App app{"Broadside: send commands to fleets of machines and track every run to its end"};
  app.require_subcommand(1);

  auto* sim_cmd = app.add_subcommand("sim", "Run a simulation in virtual time");
  std::string scenario_file;
  std::string trace_file;
  sim_cmd->add_option("--scenario", scenario_file, "Scenario file (JSON)");
  sim_cmd->add_option("--trace", trace_file, "Write the event trace to this file");
  bool check_only = false;
  sim_cmd->add_flag("--check", check_only, "Only validate the scenario file");

  auto* fanout_cmd = sim_cmd->add_subcommand("fanout", "The fanout reference scenario (fanout.md)");
  sim::fanout_params fp;
  uint32_t max_errors = 0;
  fanout_cmd->add_option("--nodes", fp.nodes, "Fleet size")->capture_default_str();
  fanout_cmd->add_option("--seed", fp.seed, "Seed")->capture_default_str();
  fanout_cmd->add_option("--max-concurrency", fp.max_concurrency, "Most invocations in flight")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  auto* max_errors_opt =
      fanout_cmd->add_option("--max-errors", max_errors, "Errors allowed before halting (default: N)");
  fanout_cmd->add_option("--offline-permille", fp.offline_permille, "Nodes that never answer, per mille")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  fanout_cmd->add_option("--fail-permille", fp.fail_permille, "Online nodes that exit 1, per mille")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  fanout_cmd->add_option("--delivery-timeout-ms", fp.delivery_timeout_ms, "Delivery timeout")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  CLI11_PARSE(app, argc, argv);

  try {
    std::ofstream trace_out;
    std::unique_ptr<runtime::trace> tracer;
    if (!trace_file.empty()) {
      trace_out.open(trace_file);
      if (!trace_out)
        throw std::runtime_error("cannot write " + trace_file);
      tracer = std::make_unique<runtime::trace>(trace_out);
    }
    sim::sim_options options;
    options.tracer = tracer.get();
    if (fanout_cmd->parsed()) {
      if (*max_errors_opt)
        fp.max_errors = max_errors;
      auto report = sim::run_simulation(sim::make_fanout(fp), options);
      std::cout << sim::fanout_summary(fp, report) << std::endl;
      return 0;
    }
    if (scenario_file.empty())
      throw std::runtime_error("sim needs --scenario FILE or the fanout subcommand");
    auto plan = sim::load_scenario_file(scenario_file);
    if (check_only) {
      std::cout << scenario_file << ": ok" << std::endl;
      return 0;
    }
    auto report = sim::run_simulation(plan, options);
    std::cout << sim::summary_json(plan, report) << std::endl;
    return report.complete ? 0 : 3;
  } catch (const std::exception& e) {
    std::cerr << "broadside: " << e.what() << std::endl;
    return 2;
  }
}
