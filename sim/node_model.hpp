#pragma once

// How each simulated node behaves, by fleet index: whether it answers, its
// one-way latency to the controller, how long its scripts run, how they exit.

#include "actors/node.hpp"
#include "sim/distribution.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace broadside::sim {

// Every node of the group behaves the same.
struct fixed_behaviour {
  bool online = true;
  int32_t latency_ms = 10;
  int64_t exec_ms = 1'000;
  int32_t exit_code = 0;
  std::string standard_output;
  std::string standard_error;
};

// The per-node parameters of the fanout scenario (fanout.md), drawn with
// splitmix64 from the seed and the node's position in its group.
struct fanout_behaviour {
  uint64_t seed = 1;
  uint32_t offline_permille = 10;
  uint32_t fail_permille = 100;
};

// Each parameter drawn from its distribution, per node, with splitmix64 from
// `seed` (the scenario's seed mixed with the group's index: group_seed) and
// the node's position in its group.
struct distributed_behaviour {
  uint64_t seed = 1;
  double offline_share = 0;  // the probability that a node is powered off from the start
  distribution latency_ms = distribution::constant(10);
  distribution exec_ms = distribution::constant(1'000);
  distribution exit_code = distribution::constant(0);
  // Unset: the output is standard_output. Set: exactly this many bytes of it
  // (repeated; node_params::output_bytes).
  std::optional<distribution> output_bytes;
  std::string standard_output;
  std::string standard_error;
};

// The seed of group number `group` of a scenario with `scenario_seed`.
uint64_t group_seed(uint64_t scenario_seed, uint32_t group);

using node_behaviour = std::variant<fixed_behaviour, fanout_behaviour, distributed_behaviour>;

struct simulated_node {
  node_params params;
  int32_t latency_ms = 0;
};

// Node number `position` of a group with behaviour `b`.
simulated_node describe(const node_behaviour& b, uint32_t position);

class fleet_model {
public:
  // Nodes first .. first + count - 1 behave as `b`; groups are added in
  // index order.
  void add(uint32_t first, uint32_t count, node_behaviour b,
           std::shared_ptr<const instance_environment> environment = nullptr);

  simulated_node describe(uint32_t node) const;

  // The same as describe(node).latency_ms, without building the rest.
  int32_t latency_ms(uint32_t node) const;

  uint32_t size() const noexcept { return size_; }

private:
  struct group;
  const group& group_of(uint32_t node) const;

  struct group {
    uint32_t first;
    uint32_t count;
    node_behaviour behaviour;
    std::shared_ptr<const instance_environment> environment;
  };
  std::vector<group> groups_;
  uint32_t size_ = 0;
};

}  // namespace broadside::sim
