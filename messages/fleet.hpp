#pragma once

// Requests to the fleet (inventory) actor, and its answers.

#include "messages/agent_feature.hpp"
#include "messages/instance_error.hpp"
#include "messages/platform.hpp"
#include "messages/send_command.hpp"
#include "messages/wire_check.hpp"

#include <caf/actor.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace broadside {

// A managed node as the inventory knows it.
struct node_info {
  std::string instance_id;  // i-<17 hex> or mi-<17 hex>
  platform_type platform = platform_type::linux_os;
  std::string agent_version;
  std::map<std::string, std::string> tags;
  // The machine's boot (a real agent's /proc/sys/kernel/random/boot_id):
  // registered again with another one, the machine has rebooted.
  std::string boot_id{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_info& x) {
  return f(x.instance_id, x.platform, x.agent_version, x.tags, x.boot_id, enums_in_range(x.platform));
}

// command -> fleet. Answered with resolved_targets.
struct resolve_targets {
  std::vector<std::string> instance_ids;
  std::vector<target_selector> targets;
  bool with_instance_ids = false;  // also name the nodes (for a store that lists them)
  agent_feature needs = agent_feature::none;  // whose absence node_status reports
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, resolve_targets& x) {
  return f(x.instance_ids, x.targets, x.with_instance_ids, x.needs);
}

// What an invocation must know of its node before an attempt.
struct node_status {
  uint32_t node = 0;
  bool managed = false;  // registered and not deregistered or released
  platform_type platform = platform_type::linux_os;
  // Why not managed: InstanceNotExists, InstanceDeregistered or
  // InstanceReleased (none while managed). Fits the struct's padding.
  instance_error unmanaged = instance_error::none;
  bool agent_outdated = false;  // its agent lacks the feature asked about
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_status& x) {
  return f(x.node, x.managed, x.platform, x.unmanaged, x.agent_outdated);
}

struct resolved_targets {
  std::vector<node_status> nodes;       // in target order
  // The inventory's version when it resolved: while it is unchanged, the
  // statuses above are current and invocations need not look their node up.
  uint64_t inventory_version = 0;
  std::vector<std::string> unknown_ids; // named instance ids that are not managed
  bool by_selector = false;             // targets came from Targets, not InstanceIds
  std::vector<std::string> instance_ids;  // of `nodes`, if asked for
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, resolved_targets& x) {
  return f(x.nodes, x.inventory_version, x.unknown_ids, x.by_selector, x.instance_ids);
}

// invocation -> fleet before a delivery attempt, if the inventory changed
// since the targets were resolved. Answered with node_status.
struct node_lookup {
  uint32_t node = 0;
  agent_feature needs = agent_feature::none;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_lookup& x) {
  return f(x.node, x.needs);
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
  bool released = false;  // the instance is gone, not just deregistered
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, deregister_node& x) {
  return f(x.instance_id, x.released);
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

// A node's machine has booted: a real agent registered again with another
// boot id, or a simulated machine powered on. The fleet passes it on to the
// node's watchers.
struct node_booted {
  uint32_t node = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_booted& x) {
  return f(x.node);
}

// reboot task -> fleet: send `watcher` a node_booted for each boot of these
// nodes, until unwatch_boots.
struct watch_boots {
  std::vector<uint32_t> nodes;
  caf::actor watcher;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, watch_boots& x) {
  return f(x.nodes, x.watcher);
}

struct unwatch_boots {
  caf::actor watcher;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, unwatch_boots& x) {
  return f(x.watcher);
}

// PingStatus, as DescribeInstanceInformation reports it.
enum class ping_status : uint8_t { online, connection_lost, inactive };

std::string_view wire_name(ping_status s) noexcept;

// controller -> fleet: what a real agent's connection says about its node
// (a hello or a heartbeat: online; the connection gone: connection_lost).
struct node_ping {
  uint32_t node = 0;
  ping_status status = ping_status::online;
  int64_t at_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_ping& x) {
  return f(x.node, x.status, x.at_ms);
}

// Asks the fleet about managed nodes, every one when `instance_ids` is
// empty. Answered with std::vector<instance_information>, in fleet order.
struct describe_instances {
  std::vector<std::string> instance_ids;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, describe_instances& x) {
  return f(x.instance_ids);
}

struct instance_information {
  node_info info;
  // Simulated nodes do not ping: they are reported online, never pinged.
  ping_status status = ping_status::online;
  int64_t last_ping_ms = -1;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, instance_information& x) {
  return f(x.info, x.status, x.last_ping_ms);
}

}  // namespace broadside
