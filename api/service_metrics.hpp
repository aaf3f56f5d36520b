#pragma once

// What GET /metrics shows, in Prometheus's text format (version 0.0.4):
// API requests by operation and code, their latency as histograms, and the
// commands' invocations by StatusDetails with the commands still running.

#include "api/aws_json_endpoint.hpp"
#include "messages/command_queries.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace broadside::api {

class service_metrics {
 public:
  // Called for every answered request, from any thread.
  void record(const request_record& r);

  // The page, with the registry's figures of the moment.
  std::string render(const registry_stats& commands) const;

 private:
  // Upper bounds of the latency buckets, in seconds (then +Inf).
  static constexpr std::array<double, 12> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                 0.05,   0.1,   0.25,   0.5,   1,    2.5};
  struct latency {
    std::array<uint64_t, bounds.size() + 1> buckets{};  // not cumulative; the last is +Inf
    double sum = 0;
    uint64_t count = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, uint64_t> requests_;  // (operation, code)
  std::map<std::string, latency> latency_;                            // by operation
};

}  // namespace broadside::api
