#pragma once

// Each subcommand of `broadside` lives in its own file: it registers its
// options on the parent app and hands back what runs it once parsed.

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

}  // namespace broadside::cli
