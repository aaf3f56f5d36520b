// `broadside run`: send a shell command to a controller's agents and print
// each invocation as it ends.

#include "cli/endpoint.hpp"
#include "cli/subcommand.hpp"

#include "distributed/command_client.hpp"
#include "messages/status.hpp"

#include <iostream>
#include <memory>
#include <random>
#include <sstream>

namespace broadside::cli {

namespace {

struct run_flags {
  std::string connect = "127.0.0.1:7300";
  std::vector<std::string> targets;  // tag:KEY=V1,V2 or InstanceIds=ID,...
  std::string max_concurrency = "50";
  std::string max_errors = "0";
  int64_t timeout_seconds = 3600;
  int64_t execution_timeout = 3600;
  std::string working_directory;
  std::string user;
  std::vector<std::string> command;
};

target_selector parse_target(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw std::runtime_error("--targets " + text + ": expected tag:KEY=VALUE,... or InstanceIds=ID,...");
  target_selector t{text.substr(0, eq), {}};
  std::istringstream values{text.substr(eq + 1)};
  for (std::string v; std::getline(values, v, ',');)
    t.values.push_back(v);
  return t;
}

int run_run(const run_flags& f) {
  auto at = parse_endpoint("--connect", f.connect);
  send_command c;
  std::random_device seed;
  c.command_id = make_uuid_v4((uint64_t{seed()} << 32) | seed(), (uint64_t{seed()} << 32) | seed());
  if (f.targets.empty())
    c.targets = {{"InstanceIds", {"*"}}};
  for (const auto& t : f.targets)
    c.targets.push_back(parse_target(t));
  c.document_name = "AWS-RunShellScript";
  std::string script;
  for (const auto& word : f.command)
    script += (script.empty() ? "" : " ") + word;
  c.commands = {script};
  c.working_directory = f.working_directory;
  c.username = f.user;
  c.max_concurrency = f.max_concurrency;
  c.max_errors = f.max_errors;
  c.delivery_timeout_ms = f.timeout_seconds * 1000;
  c.execution_timeout_ms = f.execution_timeout * 1000;
  auto id = to_string(c.command_id);
  auto last = distributed::run_remote_command(
      at.host, at.port, std::move(c), [](const std::string& instance, const invocation_update& u) {
        std::cout << instance << " " << wire_name(u.details) << " " << u.response_code << "\n";
        if (!u.reason.empty())
          std::cout << "  (" << u.reason << ")\n";
        if (u.error != instance_error::none)
          std::cout << "  ErrorCode " << wire_name(u.error) << "\n";
        for (const auto* text : {&u.standard_output, &u.standard_error}) {
          std::istringstream lines{*text};
          for (std::string line; std::getline(lines, line);)
            std::cout << "  " << line << "\n";
        }
        std::cout << std::flush;
      });
  std::cout << "command " << id << " " << wire_name(status_of(last.details)) << " ("
            << wire_name(last.details) << "): " << last.counts.target_count << " targets, "
            << last.counts.completed_count << " completed, " << last.counts.error_count
            << " errors" << std::endl;
  return last.details == command_details::success ? 0 : 1;
}

}  // namespace

subcommand add_run_command(CLI::App& parent) {
  auto f = std::make_shared<run_flags>();
  auto* cmd = parent.add_subcommand("run", "Run a shell command on a controller's agents");
  cmd->add_option("--connect", f->connect, "The controller's HOST:PORT")->capture_default_str();
  cmd->add_option("--targets", f->targets, "tag:KEY=VALUE,... or InstanceIds=ID,... (default: all)");
  cmd->add_option("--max-concurrency", f->max_concurrency, "MaxConcurrency")->capture_default_str();
  cmd->add_option("--max-errors", f->max_errors, "MaxErrors")->capture_default_str();
  cmd->add_option("--timeout-seconds", f->timeout_seconds, "Delivery timeout (TimeoutSeconds)")
      ->capture_default_str();
  cmd->add_option("--execution-timeout", f->execution_timeout, "executionTimeout in seconds")
      ->capture_default_str();
  cmd->add_option("--working-directory", f->working_directory, "workingDirectory");
  cmd->add_option("--user", f->user, "Run as this user (the agent must run as root)");
  cmd->add_option("command", f->command, "The shell command (after --)")->required();
  return {cmd, [f] { return run_run(*f); }};
}

}  // namespace broadside::cli
