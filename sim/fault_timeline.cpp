#include "sim/fault_timeline.hpp"

#include "sim/splitmix.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace broadside::sim {

namespace {

std::string place(size_t index, const std::string& key) {
  return "faults[" + std::to_string(index) + "]" + (key.empty() ? "" : "." + key);
}

[[noreturn]] void fail(size_t index, const std::string& key, const std::string& what) {
  throw std::invalid_argument(place(index, key) + ": " + what);
}

uint64_t fault_seed(uint64_t seed, size_t index) {
  return splitmix64(seed ^ splitmix64(0xBB67AE8584CAA73BULL + index));
}

// Every node the selector names, in index order.
std::vector<uint32_t> selected(const timed_fault& f, size_t index, const fleet_inventory& inventory) {
  int selectors = int{!f.instance_ids.empty()} + int{!f.targets.empty()} + int{f.all};
  if (selectors != 1)
    fail(index, "", "give exactly one of instance_ids, targets and all");
  std::vector<uint32_t> nodes;
  if (f.all) {
    nodes.resize(inventory.size());
    std::iota(nodes.begin(), nodes.end(), 0u);
    return nodes;
  }
  auto resolved = inventory.resolve(resolve_targets{f.instance_ids, f.targets});
  if (!resolved.unknown_ids.empty()) {
    const auto& unknown = resolved.unknown_ids.front();
    auto key = std::string{"targets"};
    auto i = std::find(f.instance_ids.begin(), f.instance_ids.end(), unknown);
    if (i != f.instance_ids.end())
      key = "instance_ids[" + std::to_string(i - f.instance_ids.begin()) + "]";
    fail(index, key, "\"" + unknown + "\" is not a node of the fleet");
  }
  for (const auto& n : resolved.nodes)
    nodes.push_back(n.node);
  if (nodes.empty())
    fail(index, "targets", "match no node");
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

int64_t time_of(const timed_fault& f, uint64_t seed, uint32_t node) {
  if (!f.to_ms)
    return f.at_ms;
  auto span = static_cast<uint64_t>(*f.to_ms - f.at_ms) + 1;
  return f.at_ms + static_cast<int64_t>(splitmix64(splitmix64(seed ^ 0x3C6EF372FE94F82BULL) + node)
                                        % span);
}

}  // namespace

std::vector<uint32_t> fault_nodes(const scenario& plan, size_t index,
                                  const fleet_inventory& inventory) {
  const auto& f = plan.faults[index];
  if (f.to_ms && *f.to_ms < f.at_ms)
    fail(index, "to_ms", std::to_string(*f.to_ms) + " is before from_ms " + std::to_string(f.at_ms));
  auto nodes = selected(f, index, inventory);
  auto n = nodes.size();
  auto k = n;
  if (f.share && f.count)
    fail(index, "", "give at most one of share and count");
  if (f.count) {
    if (*f.count > n)
      fail(index, "count", std::to_string(*f.count) + " is more than the " + std::to_string(n)
                               + " nodes selected");
    k = *f.count;
  } else if (f.share) {
    // To the nearest node: floor(0.29 * 100) would be 28.
    k = static_cast<size_t>(std::floor(*f.share * static_cast<double>(n) + 0.5));
  }
  if (k == n)
    return nodes;
  // The first k of a seeded Fisher-Yates shuffle.
  auto seed = fault_seed(plan.seed, index);
  for (size_t j = 0; j < k; ++j)
    std::swap(nodes[j], nodes[j + splitmix64(seed + j) % (n - j)]);
  nodes.resize(k);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

std::vector<fault_event> fault_timeline(const scenario& plan, const fleet_inventory& inventory) {
  std::vector<fault_event> events;
  for (size_t i = 0; i < plan.faults.size(); ++i) {
    const auto& f = plan.faults[i];
    auto seed = fault_seed(plan.seed, i);
    auto lasting = f.lasts();
    auto fault = static_cast<uint32_t>(i);
    for (auto node : fault_nodes(plan, i, inventory)) {
      auto t = time_of(f, seed, node);
      events.push_back(fault_event{t, node, fault, 0});
      if (lasting)
        events.push_back(fault_event{t + f.duration_ms, node, fault, 1});
    }
  }
  auto key = [](const fault_event& e) {
    return std::make_tuple(e.at_ms, static_cast<uint32_t>(e.fault), static_cast<uint32_t>(e.end),
                           e.node);
  };
  std::sort(events.begin(), events.end(),
            [&](const fault_event& a, const fault_event& b) { return key(a) < key(b); });
  return events;
}

}  // namespace broadside::sim
