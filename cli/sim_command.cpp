// `broadside sim`: run one scenario file, or the fanout reference scenario.

#include "cli/subcommand.hpp"

#include "report/run_report.hpp"
#include "sim/fanout.hpp"
#include "sim/run_outputs.hpp"
#include "sim/scenario_json.hpp"
#include "sim/sim_summary.hpp"
#include "sim/simulation.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

namespace broadside::cli {

namespace {

struct sim_flags {
  std::string scenario_file;
  std::string trace_file;
  std::string invocations_file;
  std::string timeseries_file;
  std::string report_file;
  bool check_only = false;
  CLI::App* fanout = nullptr;
  sim::fanout_params fanout_params;
  CLI::Option* max_errors_opt = nullptr;
  uint32_t max_errors = 0;
};

std::ofstream open_output(const std::string& path) {
  std::ofstream out{path};
  if (!out)
    throw std::runtime_error("cannot write " + path);
  return out;
}

void close_output(std::ofstream& out, const std::string& path) {
  out.close();
  if (!out)
    throw std::runtime_error("writing " + path + " failed");
}

// One line on stderr, redrawn in place, once a run has taken a second.
class progress_line {
public:
  void show(const sim::sim_progress& p) {
    if (p.wall_s < 1.0)
      return;
    constexpr int width = 24;
    double done = p.targets > 0 ? static_cast<double>(p.finished) / static_cast<double>(p.targets) : 0;
    std::string bar(static_cast<size_t>(done * width), '=');
    bar.resize(width, ' ');
    auto s = p.now_ms / 1000;
    std::fprintf(stderr, "\r[%s] %5.1f%%  virtual %lld:%02lld:%02lld  %llu/%llu invocations  %.2fM events/s ",
                 bar.c_str(), 100 * done, static_cast<long long>(s / 3600),
                 static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60),
                 static_cast<unsigned long long>(p.finished),
                 static_cast<unsigned long long>(p.targets),
                 static_cast<double>(p.events) / p.wall_s / 1e6);
    shown_ = true;
  }

  void clear() {
    if (shown_)
      std::fprintf(stderr, "\r%120s\r", "");
    shown_ = false;
  }

private:
  bool shown_ = false;
};

int run_sim(sim_flags& f) {
  sim::scenario plan;
  std::string title;
  if (f.fanout->parsed()) {
    auto& fp = f.fanout_params;
    if (*f.max_errors_opt)
      fp.max_errors = f.max_errors;
    plan = sim::make_fanout(fp);
    title = "fanout, " + std::to_string(fp.nodes) + " nodes";
  } else {
    if (f.scenario_file.empty())
      throw std::runtime_error("sim needs --scenario FILE or the fanout subcommand");
    plan = sim::load_scenario_file(f.scenario_file);
    if (f.check_only) {
      std::cout << f.scenario_file << ": ok" << std::endl;
      return 0;
    }
    title = f.scenario_file;
  }

  sim::sim_options options;
  std::ofstream trace_out;
  std::unique_ptr<runtime::trace> tracer;
  if (!f.trace_file.empty()) {
    trace_out = open_output(f.trace_file);
    tracer = std::make_unique<runtime::trace>(trace_out);
    options.tracer = tracer.get();
  }
  std::unique_ptr<sim::invocation_log> invocations;
  if (!f.invocations_file.empty()) {
    invocations = std::make_unique<sim::invocation_log>(f.invocations_file);
    options.on_invocation = invocations->sink();
  }
  progress_line progress;
  if (isatty(STDERR_FILENO))
    options.progress = [&progress](const sim::sim_progress& p) { progress.show(p); };

  auto report = sim::run_simulation(plan, options);
  progress.clear();
  if (tracer)
    close_output(trace_out, f.trace_file);
  if (invocations)
    invocations->close();
  if (!f.timeseries_file.empty()) {
    auto out = open_output(f.timeseries_file);
    sim::write_timeline_csv(out, report.timeline);
    close_output(out, f.timeseries_file);
  }
  if (!f.report_file.empty()) {
    auto out = open_output(f.report_file);
    out << report::run_report_html(sim::report_document(title, plan, report));
    close_output(out, f.report_file);
  }
  if (f.fanout->parsed()) {
    std::cout << sim::fanout_summary(f.fanout_params, report) << std::endl;
    return 0;
  }
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
  sim_cmd->add_option("--invocations", f->invocations_file,
                      "Write one line per invocation at its end (.jsonl or .csv)");
  sim_cmd->add_option("--timeseries", f->timeseries_file,
                      "Write status counts over virtual time (CSV)");
  sim_cmd->add_option("--report", f->report_file, "Write a self-contained HTML report");

  f->fanout = sim_cmd->add_subcommand("fanout", "The fanout reference scenario (fanout.md)");
  f->fanout->fallthrough();  // sim's output options may follow `fanout`
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
