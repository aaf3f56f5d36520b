#pragma once

// Requests to the fleet (inventory) actor, and its answers.

#include "messages/platform.hpp"
#include "messages/send_command.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace broadside {

// A managed node as the inventory knows it.
struct node_info {
  std::string instance_id;  // i-<17 hex> or mi-<17 hex>
  platform_type platform = platform_type::linux_os;
  std::string agent_version;
  std::map<std::string, std::string> tags;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_info& x) {
  return f(x.instance_id, x.platform, x.agent_version, x.tags);
}

// command -> fleet. Answered with resolved_targets.
struct resolve_targets {
  std::vector<std::string> instance_ids;
  std::vector<target_selector> targets;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, resolve_targets& x) {
  return f(x.instance_ids, x.targets);
}

// What an invocation must know of its node before an attempt.
struct node_status {
  uint32_t node = 0;
  bool managed = false;  // registered and not deregistered or released
  platform_type platform = platform_type::linux_os;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_status& x) {
  return f(x.node, x.managed, x.platform);
}

struct resolved_targets {
  std::vector<node_status> nodes;       // in target order
  // The inventory's version when it resolved: while it is unchanged, the
  // statuses above are current and invocations need not look their node up.
  uint64_t inventory_version = 0;
  std::vector<std::string> unknown_ids; // named instance ids that are not managed
  bool by_selector = false;             // targets came from Targets, not InstanceIds
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, resolved_targets& x) {
  return f(x.nodes, x.inventory_version, x.unknown_ids, x.by_selector);
}

// invocation -> fleet before a delivery attempt, if the inventory changed
// since the targets were resolved. Answered with node_status.
struct node_lookup {
  uint32_t node = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_lookup& x) {
  return f(x.node);
}


// Adds a node to the inventory; answered with its fleet index.
struct register_node {
  node_info info;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_node& x) {
  return f(x.info);
}

// Removes a node from management (SSM's DeregisterManagedInstance, or the
// instance being released).
struct deregister_node {
  std::string instance_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, deregister_node& x) {
  return f(x.instance_id);
}

// A node's agent now runs another version (an agent update finished; the
// agent reports its version when it starts).
struct agent_version_changed {
  std::string instance_id;
  std::string agent_version;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, agent_version_changed& x) {
  return f(x.instance_id, x.agent_version);
}

}  // namespace broadside
