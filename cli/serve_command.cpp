// `broadside serve`: the AWS-compatible endpoint (AWS JSON 1.1, SigV4) over an
// embedded simulated fleet on the real clock.

#include "cli/endpoint.hpp"
#include "cli/stop_signal.hpp"
#include "cli/subcommand.hpp"

#include "service/serve_process.hpp"
#include "sim/scenario_json.hpp"

#include <iostream>
#include <memory>

namespace broadside::cli {

namespace {

struct serve_flags {
  std::string listen = "127.0.0.1:8080";
  std::string credentials = "broadside-credentials";
  std::string database = "broadside.db";
  std::string fleet = "sim:100";
  std::string agents_listen;
  size_t http_threads = 1;
  unsigned request_timeout_s = 30;
  bool quiet = false;
};

// sim:N, or a scenario file whose fleet is served.
std::vector<sim::fleet_group> fleet_of(const std::string& spec) {
  if (spec.rfind("sim:", 0) == 0) {
    auto count = spec.substr(4);
    if (count.empty() || count.find_first_not_of("0123456789") != std::string::npos
        || count.size() > 7 || std::stoul(count) == 0)
      throw std::runtime_error("--fleet " + spec + ": expected sim:N with N from 1 to 9999999");
    return service::embedded_fleet(static_cast<uint32_t>(std::stoul(count)));
  }
  return sim::load_scenario_file(spec).fleet;
}

int run_serve(const serve_flags& f) {
  auto at = parse_endpoint("--listen", f.listen);
  service::serve_options o;
  o.host = at.host;
  o.port = at.port;
  o.credentials_file = std::filesystem::absolute(f.credentials);
  if (f.database != ":memory:")
    o.database = std::filesystem::absolute(f.database);
  if (!f.agents_listen.empty()) {
    auto agents_at = parse_endpoint("--agents-listen", f.agents_listen);
    if (agents_at.host != at.host)
      throw std::runtime_error("--agents-listen: agents are served on the --listen host "
                               + at.host);
    o.agents_port = agents_at.port;
  } else {
    o.fleet = fleet_of(f.fleet);
  }
  o.http_threads = f.http_threads;
  o.request_timeout = std::chrono::seconds{f.request_timeout_s};
  o.log_requests = !f.quiet;
  stop_on_signals();
  service::serve_process serve{o};
  std::cout << "broadside serve: listening on http://" << at.host << ":" << serve.port()
            << (serve.agents_port() ? "\nbroadside serve: agents connect to " + at.host + ":"
                                              + std::to_string(*serve.agents_port())
                                        : std::string{})
            << "\nbroadside serve: credentials " << o.credentials_file.string()
            << (serve.generated_credentials() ? " (generated)" : "")
            << "\nbroadside serve: try  AWS_SHARED_CREDENTIALS_FILE=" << o.credentials_file.string()
            << " aws ssm describe-instance-information --region us-east-1 --endpoint-url http://"
            << at.host << ":" << serve.port() << std::endl;
  wait_for_stop();
  return 0;
}

}  // namespace

subcommand add_serve_command(CLI::App& parent) {
  auto f = std::make_shared<serve_flags>();
  auto* cmd = parent.add_subcommand(
      "serve", "Serve the SSM Run Command and CodePipeline job-worker APIs (AWS JSON 1.1, SigV4)");
  cmd->add_option("--listen", f->listen, "HOST:PORT to listen on (port 0: any)")
      ->capture_default_str();
  cmd->add_option("--credentials", f->credentials,
                  "AWS shared-credentials file with the keys requests must be signed with; "
                  "generated (a [default] profile) if it does not exist")
      ->capture_default_str();
  cmd->add_option("--db", f->database,
                  "SQLite database the commands and jobs live in (created if missing); :memory: for none")
      ->capture_default_str();
  cmd->add_option("--fleet", f->fleet,
                  "The fleet: sim:N simulated nodes, or a scenario file whose fleet to simulate")
      ->capture_default_str();
  cmd->add_option("--agents-listen", f->agents_listen,
                  "HOST:PORT where real agents connect (`broadside agent --connect`); the fleet "
                  "is then the agents, not --fleet")
      ->excludes(cmd->get_option("--fleet"));
  cmd->add_option("--http-threads", f->http_threads, "Threads serving HTTP connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--request-timeout", f->request_timeout_s,
                  "Seconds a client may take to send a whole request or read an answer; slower "
                  "ones are disconnected")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_flag("--quiet", f->quiet, "No line per request on stderr");
  return {cmd, [f] { return run_serve(*f); }};
}

}  // namespace broadside::cli
