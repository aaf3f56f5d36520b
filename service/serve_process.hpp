#pragma once

// `broadside serve` as an object: the engine on the real clock, a fleet (an
// embedded simulated one, or real agents that connect), the command registry, CodePipeline's job queue,
// the AWS JSON endpoint with its services (AmazonSSM, CodePipeline_20150709,
// Broadside_Jobs), Cloud Assistant's RPC endpoint (ECS 2014-05-26) over the
// same registry, GET /metrics, and the HTTP server in front. Serves
// from construction to destruction.

#include "sim/scenario.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace broadside::service {

struct serve_options {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  // The keys requests must be signed with (AWS shared-credentials format).
  // If the file does not exist, a development key is generated into it.
  std::filesystem::path credentials_file;
  // The SQLite database the commands and jobs live in (storage/command_store,
  // storage/job_store); empty: in memory only.
  std::filesystem::path database;
  std::vector<sim::fleet_group> fleet;  // the simulated nodes served, if not agents
  // Serve real agents instead (docs/agents.md): they connect to this port of
  // `host` (CAF's network layer) and register as managed nodes.
  std::optional<uint16_t> agents_port;
  size_t http_threads = 1;
  // How long a client may take to send a whole request (slow-loris clients
  // are closed after it), or to read an answer.
  std::chrono::milliseconds request_timeout{30'000};
  // A structured line per answered request on stderr (spdlog): operation,
  // code, status, latency, client.
  bool log_requests = true;
};

// The embedded fleet of `nodes` simulated Linux nodes (i-00000000000000001,
// ...), half tagged role=web and half role=db, whose runs take 0.2-2 s and
// succeed (ResponseCode 0) but for one in twenty (ResponseCode 1).
std::vector<sim::fleet_group> embedded_fleet(uint32_t nodes);

class serve_process {
 public:
  // Throws std::runtime_error if it cannot listen or read the credentials.
  explicit serve_process(serve_options options);
  ~serve_process();

  uint16_t port() const;
  // Where agents connect, if serving agents.
  std::optional<uint16_t> agents_port() const;
  // True if the credentials file was generated at start-up.
  bool generated_credentials() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace broadside::service
