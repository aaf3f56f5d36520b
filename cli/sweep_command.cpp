// `broadside sweep`: a grid of scenario parameters x seeds, run locally in
// parallel or handed to `broadside worker` processes (docs/sweeps.md).

#include "cli/subcommand.hpp"

#include "distributed/sweep_coordinator.hpp"
#include "sim/sweep_grid.hpp"
#include "sim/sweep_runner.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

namespace broadside::cli {

namespace {

struct sweep_flags {
  std::string scenario_file;
  std::vector<std::string> params;
  std::string seeds;
  std::string out_dir;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  CLI::Option* serve = nullptr;
  uint16_t serve_port = 0;
  std::string bind = "127.0.0.1";
};

nlohmann::json read_base(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    throw sim::sweep_error(path + ": cannot be read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw sim::sweep_error(path + ": not valid JSON: " + e.what());
  }
}

int run_sweep(const sweep_flags& f) {
  auto base = read_base(f.scenario_file);
  std::vector<sim::sweep_param> params;
  for (const auto& spec : f.params)
    params.push_back(sim::parse_sweep_param(spec));
  std::vector<uint64_t> seeds{1};
  if (!f.seeds.empty())
    seeds = sim::parse_seeds(f.seeds);
  else if (base.is_object() && base.contains("seed") && base["seed"].is_number_unsigned())
    seeds = {base["seed"].get<uint64_t>()};
  auto runs = sim::expand_sweep(base, params, seeds);
  sim::prepare_sweep_dir(f.out_dir);
  auto rows = *f.serve
                  ? distributed::serve_sweep(runs, params, {f.bind, f.serve_port}, std::cerr)
                  : sim::run_sweep_locally(self_sim_command(), runs, params, f.jobs);
  sim::write_sweep_outputs(f.out_dir, params, rows);
  std::cout << "broadside sweep: " << rows.size() << " runs; wrote " << f.out_dir
            << "/runs.csv, runs.json, report.html" << std::endl;
  return 0;
}

}  // namespace

sim::run_command self_sim_command() { return {"/proc/self/exe", "sim", "--scenario", "/dev/stdin"}; }

subcommand add_sweep_command(CLI::App& parent) {
  auto f = std::make_shared<sweep_flags>();
  auto* cmd = parent.add_subcommand("sweep", "Run a scenario over a grid of parameters and seeds");
  cmd->add_option("--scenario", f->scenario_file, "Base scenario file (JSON)")->required();
  cmd->add_option("--param", f->params,
                  "PATH=V1,V2,...: values for one place in the scenario, e.g. "
                  "'commands[0].max_concurrency=10,50%' (repeatable; values are JSON, else strings)");
  cmd->add_option("--seeds", f->seeds, "Seeds, e.g. 1-8 or 1,5,9-12 (default: the scenario's)");
  cmd->add_option("--out", f->out_dir, "Directory for runs.csv, runs.json and report.html")->required();
  auto* jobs = cmd->add_option("--jobs", f->jobs, "Simulations at a time (local sweeps)")
                   ->capture_default_str()
                   ->check(CLI::PositiveNumber);
  f->serve = cmd->add_option("--serve", f->serve_port,
                                "Hand the runs to `broadside worker` processes connecting to this "
                                "port (0: any free port; the bound port is printed on stderr)");
  cmd->add_option("--bind", f->bind, "Address to serve on")->capture_default_str()->needs(f->serve);
  jobs->excludes(f->serve);  // with --serve, each worker has its own --jobs
  return {cmd, [f] { return run_sweep(*f); }};
}

}  // namespace broadside::cli
