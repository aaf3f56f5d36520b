#include "sim/node_model.hpp"

#include "sim/splitmix.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace broadside::sim {

namespace {

simulated_node from(const fixed_behaviour& b) {
  simulated_node n;
  n.params.online = b.online;
  n.params.exec_ms = b.exec_ms;
  n.params.exit_code = b.exit_code;
  n.params.standard_output = b.standard_output;
  n.params.standard_error = b.standard_error;
  n.latency_ms = b.latency_ms;
  return n;
}

// r_k(i) of fanout.md.
uint64_t fanout_bits(const fanout_behaviour& b, uint64_t i, uint64_t k) {
  return splitmix64((b.seed << 32) ^ (i << 2) ^ k);
}

int32_t latency_of(const fanout_behaviour& b, uint64_t i) {
  return static_cast<int32_t>(5 + fanout_bits(b, i, 1) % 46);
}

simulated_node from(const fanout_behaviour& b, uint64_t i) {
  auto r = [&](uint64_t k) { return fanout_bits(b, i, k); };
  simulated_node n;
  n.params.online = (r(0) % 1000) >= b.offline_permille;
  n.latency_ms = latency_of(b, i);
  n.params.exec_ms = static_cast<int64_t>(100 + r(2) % 5001);
  n.params.exit_code = (r(3) % 1000) < b.fail_permille ? 1 : 0;
  return n;
}

// The random bits of parameter `k` of node `i`.
uint64_t bits(const distributed_behaviour& b, uint64_t i, uint64_t k) {
  return splitmix64(splitmix64(b.seed ^ i) + k);
}

enum parameter : uint64_t { online_bits, latency_bits, exec_bits, exit_bits, output_bits };

int32_t latency_of(const distributed_behaviour& b, uint64_t i) {
  return static_cast<int32_t>(b.latency_ms.sample(bits(b, i, latency_bits)));
}

simulated_node from(const distributed_behaviour& b, uint64_t i) {
  simulated_node n;
  n.params.online = unit_interval(bits(b, i, online_bits)) >= b.offline_share;
  n.latency_ms = latency_of(b, i);
  n.params.exec_ms = b.exec_ms.sample(bits(b, i, exec_bits));
  n.params.exit_code = static_cast<int32_t>(b.exit_code.sample(bits(b, i, exit_bits)));
  if (b.output_bytes)
    n.params.output_bytes = b.output_bytes->sample(bits(b, i, output_bits));
  n.params.standard_output = b.standard_output;
  n.params.standard_error = b.standard_error;
  return n;
}

}  // namespace

uint64_t group_seed(uint64_t scenario_seed, uint32_t group) {
  return splitmix64(scenario_seed ^ splitmix64(0x6A09E667F3BCC908ULL + group));
}

simulated_node describe(const node_behaviour& b, uint32_t position) {
  return std::visit([&](const auto& x) {
    if constexpr (std::is_same_v<std::decay_t<decltype(x)>, fixed_behaviour>)
      return from(x);
    else
      return from(x, position);
  }, b);
}

void fleet_model::add(uint32_t first, uint32_t count, node_behaviour b,
                      std::shared_ptr<const instance_environment> environment) {
  if (first != size_)
    throw std::invalid_argument("node groups must be added in index order");
  groups_.push_back(group{first, count, std::move(b), std::move(environment)});
  size_ += count;
}

const fleet_model::group& fleet_model::group_of(uint32_t node) const {
  auto i = std::upper_bound(groups_.begin(), groups_.end(), node,
                            [](uint32_t n, const group& g) { return n < g.first; });
  return *std::prev(i);
}

simulated_node fleet_model::describe(uint32_t node) const {
  const auto& g = group_of(node);
  auto n = sim::describe(g.behaviour, node - g.first);
  n.params.environment = g.environment;
  return n;
}

int32_t fleet_model::latency_ms(uint32_t node) const {
  const auto& g = group_of(node);
  if (auto* fixed = std::get_if<fixed_behaviour>(&g.behaviour))
    return fixed->latency_ms;
  if (auto* distributed = std::get_if<distributed_behaviour>(&g.behaviour))
    return latency_of(*distributed, node - g.first);
  return latency_of(std::get<fanout_behaviour>(g.behaviour), node - g.first);
}

}  // namespace broadside::sim
