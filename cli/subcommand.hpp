#pragma once

// Each subcommand of `broadside` lives in its own file: it registers its
// options on the parent app and hands back what runs it once parsed.

#include "sim/sweep_runner.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace broadside::cli {

struct subcommand {
  CLI::App* app = nullptr;
  // Runs the parsed subcommand; returns the process exit code. Exceptions
  // are reported by main as `broadside: <what>` with exit code 2.
  std::function<int()> run;
};

subcommand add_sim_command(CLI::App& parent);
subcommand add_sweep_command(CLI::App& parent);
subcommand add_worker_command(CLI::App& parent);
subcommand add_controller_command(CLI::App& parent);
subcommand add_agent_command(CLI::App& parent);
subcommand add_fleet_command(CLI::App& parent);
subcommand add_run_command(CLI::App& parent);
subcommand add_serve_command(CLI::App& parent);
subcommand add_ssm_command(CLI::App& parent);
subcommand add_jobs_command(CLI::App& parent);

// How `sweep` and `worker` run one simulation: this very executable's
// `sim --scenario /dev/stdin`, in a child process (sim/sweep_runner).
sim::run_command self_sim_command();

}  // namespace broadside::cli
