#pragma once

// The fleet actor's state: every managed node Broadside knows, addressed by a
// dense fleet index. Nodes come in groups that share platform, agent version
// and tags, so a simulated million-node fleet costs a few groups, not a
// million records; a real agent is a group of one.

#include "messages/fleet.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace broadside {

// Fleet index of a target that names no known node.
inline constexpr uint32_t unknown_node = UINT32_MAX;

struct node_group {
  uint32_t count = 0;
  std::string id_prefix = "i-";  // "i-" (EC2) or "mi-" (hybrid)
  uint64_t id_base = 0;          // node k's id is prefix + 17 hex digits of id_base + k
  platform_type platform = platform_type::linux_os;
  std::string agent_version{current_agent_version};
  std::map<std::string, std::string> tags;
};

class fleet_inventory {
public:
  // Adds `g.count` nodes with generated ids; returns the first one's index.
  // Throws std::invalid_argument if their ids overlap another group's.
  uint32_t add_group(node_group g);

  // The first group whose generated ids overlap those `g` would get.
  std::optional<size_t> overlapping_group(const node_group& g) const;

  // Adds one node with its own id; returns its index, or the existing index
  // if the id is already known (re-registration).
  uint32_t add_node(const node_info& info);

  uint32_t size() const noexcept { return size_; }

  std::optional<uint32_t> find(std::string_view instance_id) const;

  std::string instance_id(uint32_t node) const;
  platform_type platform(uint32_t node) const;
  const std::map<std::string, std::string>& tags(uint32_t node) const;
  // The group's version unless the node's agent was updated since.
  const std::string& agent_version(uint32_t node) const;
  void set_agent_version(uint32_t node, std::string version);
  // Records the node's boot id; true if another one was known (it rebooted).
  bool set_boot_id(uint32_t node, const std::string& boot_id);

  bool managed(uint32_t node) const;
  // `released`: the instance is gone (InstanceReleased), not only
  // deregistered (InstanceDeregistered).
  void deregister(uint32_t node, bool released = false);

  // `needs`: what the asker wants of the agent (node_status::agent_outdated).
  node_status status(uint32_t node, agent_feature needs = agent_feature::none) const;

  // What real agents' connections said last (simulated nodes never ping).
  void ping(const node_ping& p);
  instance_information information(uint32_t node) const;

  // Bumped whenever a node's status changes (deregistered, registered again);
  // not when an agent is updated, which only node_status::agent_outdated shows.
  uint64_t version() const noexcept { return version_; }

  // Targets in index order for selectors; in the given order for InstanceIds.
  resolved_targets resolve(const resolve_targets& request) const;

private:
  struct group_entry {
    uint32_t first;
    node_group spec;
    std::string explicit_id;  // set for nodes added one by one
  };

  resolved_targets resolve_nodes(const resolve_targets& request) const;
  uint32_t append(node_group g, std::string explicit_id);
  const group_entry& group_of(uint32_t node) const;
  bool matches(const group_entry& g, const std::vector<target_selector>& selectors) const;

  std::vector<group_entry> groups_;  // ordered by first index
  std::unordered_map<std::string, uint32_t> explicit_ids_;
  std::unordered_map<uint32_t, instance_error> deregistered_;  // and why
  std::unordered_map<uint32_t, std::string> updated_agents_;
  std::unordered_map<uint32_t, std::string> boot_ids_;  // of nodes whose agents said
  struct last_ping {
    ping_status status;
    int64_t at_ms;
  };
  std::unordered_map<uint32_t, last_ping> pings_;  // by node, for nodes that pinged
  uint32_t size_ = 0;
  uint64_t version_ = 0;
};

// Formats prefix + 17 lowercase hex digits, as SSM writes managed-node ids.
std::string format_instance_id(std::string_view prefix, uint64_t number);

}  // namespace broadside
