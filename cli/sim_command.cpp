// `broadside sim`: run one scenario file, or the fanout reference scenario.

#include "cli/subcommand.hpp"

#include "sim/fanout.hpp"
#include "sim/scenario_json.hpp"
#include "sim/sim_summary.hpp"
#include "sim/simulation.hpp"

#include <fstream>
#include <iostream>
#include <memory>

namespace broadside::cli {

namespace {

struct sim_flags {
  std::string scenario_file;
  std::string trace_file;
  bool check_only = false;
  CLI::App* fanout = nullptr;
  sim::fanout_params fanout_params;
  CLI::Option* max_errors_opt = nullptr;
  uint32_t max_errors = 0;
};

int run_sim(sim_flags& f) {
  std::ofstream trace_out;
  std::unique_ptr<runtime::trace> tracer;
  if (!f.trace_file.empty()) {
    trace_out.open(f.trace_file);
    if (!trace_out)
      throw std::runtime_error("cannot write " + f.trace_file);
    tracer = std::make_unique<runtime::trace>(trace_out);
  }
  sim::sim_options options;
  options.tracer = tracer.get();
  if (f.fanout->parsed()) {
    auto& fp = f.fanout_params;
    if (*f.max_errors_opt)
      fp.max_errors = f.max_errors;
    auto report = sim::run_simulation(sim::make_fanout(fp), options);
    std::cout << sim::fanout_summary(fp, report) << std::endl;
    return 0;
  }
  if (f.scenario_file.empty())
    throw std::runtime_error("sim needs --scenario FILE or the fanout subcommand");
  auto plan = sim::load_scenario_file(f.scenario_file);
  if (f.check_only) {
    std::cout << f.scenario_file << ": ok" << std::endl;
    return 0;
  }
  auto report = sim::run_simulation(plan, options);
  std::cout << sim::summary_json(plan, report) << std::endl;
  return report.complete ? 0 : 3;
}

}  // namespace

subcommand add_sim_command(CLI::App& parent) {
  auto f = std::make_shared<sim_flags>();
  auto* sim_cmd = parent.add_subcommand("sim", "Run a simulation in virtual time");
  sim_cmd->add_option("--scenario", f->scenario_file, "Scenario file (JSON)");
  sim_cmd->add_option("--trace", f->trace_file, "Write the event trace to this file");
  sim_cmd->add_flag("--check", f->check_only, "Only validate the scenario file");

  f->fanout = sim_cmd->add_subcommand("fanout", "The fanout reference scenario (fanout.md)");
  auto& fp = f->fanout_params;
  auto* fanout = f->fanout;
  fanout->add_option("--nodes", fp.nodes, "Fleet size")->capture_default_str();
  fanout->add_option("--seed", fp.seed, "Seed")->capture_default_str();
  fanout->add_option("--max-concurrency", fp.max_concurrency, "Most invocations in flight")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  f->max_errors_opt =
      fanout->add_option("--max-errors", f->max_errors, "Errors allowed before halting (default: N)");
  fanout->add_option("--offline-permille", fp.offline_permille, "Nodes that never answer, per mille")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  fanout->add_option("--fail-permille", fp.fail_permille, "Online nodes that exit 1, per mille")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  fanout->add_option("--delivery-timeout-ms", fp.delivery_timeout_ms, "Delivery timeout")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  return {sim_cmd, [f] { return run_sim(*f); }};
}

}  // namespace broadside::cli
