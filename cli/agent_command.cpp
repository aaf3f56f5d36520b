// `broadside agent`: a real agent that runs commands on this machine.

#include "cli/endpoint.hpp"
#include "cli/stop_signal.hpp"
#include "cli/subcommand.hpp"
#include "cli/tags.hpp"

#include "distributed/agent_process.hpp"
#include "messages/agent_feature.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <regex>

namespace broadside::cli {

namespace {

struct agent_flags {
  std::string connect;
  std::string id;
  std::string tags;
  std::string work_dir = "broadside-agent";
  uint32_t heartbeat_seconds = 60;
  std::string shell = "bash";
  std::string agent_version{current_agent_version};
  std::string boot_id;
};

// The machine's boot: the kernel's random boot id, new at every boot.
std::string machine_boot_id() {
  std::ifstream in{"/proc/sys/kernel/random/boot_id"};
  std::string id;
  std::getline(in, id);
  return id;
}

// {{ACS::InstanceName}}: the machine's host name.
std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0)
    return "localhost";
  return name;
}

// Empty if `program` is an executable on PATH (or a path to one), else why not:
// an agent whose every run would fail with ExecutionException is refused up front.
std::string executable_problem(const std::string& program) {
  if (program.find('/') != std::string::npos)
    return ::access(program.c_str(), X_OK) == 0 ? "" : program + " is not an executable file";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t at = 0; at <= dirs.size();) {
    auto end = std::min(dirs.find(':', at), dirs.size());
    auto dir = dirs.substr(at, end - at);
    if (::access(((dir.empty() ? "." : dir) + "/" + program).c_str(), X_OK) == 0)
      return "";
    at = end + 1;
  }
  return program + " is not on PATH";
}

// mi- and 17 hex digits, the same for the same machine and work directory.
std::string default_id(const std::string& work_dir) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  auto h = std::hash<std::string>{}(std::string{host} + "|"
                                    + std::filesystem::absolute(work_dir).string());
  char id[32];
  std::snprintf(id, sizeof id, "mi-%017llx", static_cast<unsigned long long>(h));
  return id;
}

int run_agent_command(const agent_flags& f) {
  auto at = parse_endpoint("--connect", f.connect);
  distributed::agent_options o;
  o.host = at.host;
  o.port = at.port;
  o.info.instance_id = f.id.empty() ? default_id(f.work_dir) : f.id;
  if (!std::regex_match(o.info.instance_id, std::regex{"(mi|i)-[0-9a-f]{17}"}))
    throw std::runtime_error("--id " + o.info.instance_id + ": expected mi- or i- and 17 hex digits");
  o.info.platform = platform_type::linux_os;
  o.info.agent_version = f.agent_version;
  o.info.boot_id = f.boot_id.empty() ? machine_boot_id() : f.boot_id;
  o.config.identity = {o.info.instance_id, host_name()};
  o.info.tags = f.tags.empty() ? std::map<std::string, std::string>{} : parse_tags("--tags", f.tags);
  o.config.work_dir = std::filesystem::absolute(f.work_dir);
  o.config.shell = f.shell;
  o.heartbeat_ms = int64_t{f.heartbeat_seconds} * 1000;
  distributed::run_agent(o, stop_on_signals(), std::cerr);
  return 0;
}

}  // namespace

subcommand add_agent_command(CLI::App& parent) {
  auto f = std::make_shared<agent_flags>();
  auto* cmd = parent.add_subcommand("agent", "Run a real agent: run commands on this machine");
  cmd->add_option("--connect", f->connect, "The controller's HOST:PORT")->required();
  cmd->add_option("--id", f->id, "Managed-node id (mi- and 17 hex digits); default: from host and work dir");
  cmd->add_option("--tags", f->tags, "Tags, KEY=VALUE,...");
  cmd->add_option("--work-dir", f->work_dir, "Where the agent keeps its ledger and scripts")
      ->capture_default_str();
  cmd->add_option("--heartbeat-seconds", f->heartbeat_seconds, "Between heartbeats (LastPingDateTime)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--shell", f->shell, "What runs a script, as SHELL -c SCRIPT (the real agents use sh)")
      ->capture_default_str()
      ->check(executable_problem);
  cmd->add_option("--agent-version", f->agent_version,
                  "The version to report: the service refuses runs older agents lack a feature "
                  "for (ClientNeedUpgrade)")
      ->capture_default_str();
  cmd->add_option("--boot-id", f->boot_id,
                  "The machine's boot id to report (default: the kernel's); another one than "
                  "last time is a reboot, which starts the reboot-triggered tasks");
  return {cmd, [f] { return run_agent_command(*f); }};
}

}  // namespace broadside::cli
