#include "actors/fleet_inventory.hpp"

#include <algorithm>
#include <stdexcept>

namespace broadside {

namespace {

constexpr int id_digits = 17;

// Parses the 17 hex digits after the prefix of a generated id. Generated ids
// start with 0 (as EC2's do), so the number fits in 64 bits.
std::optional<uint64_t> parse_generated(std::string_view digits) {
  if (digits.size() != id_digits || digits.front() != '0')
    return std::nullopt;
  uint64_t v = 0;
  for (char c : digits.substr(1)) {
    uint64_t d;
    if (c >= '0' && c <= '9')
      d = static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = static_cast<uint64_t>(c - 'a' + 10);
    else
      return std::nullopt;
    v = (v << 4) | d;
  }
  return v;
}

bool is_instance_id_selector(const target_selector& s) { return s.key == "InstanceIds"; }

bool selects_all(const target_selector& s) {
  return s.values.size() == 1 && s.values.front() == "*";
}

}  // namespace

std::string format_instance_id(std::string_view prefix, uint64_t number) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out{prefix};
  out.resize(prefix.size() + id_digits, '0');
  for (int i = 0; i < id_digits - 1; ++i)
    out[out.size() - 1 - static_cast<size_t>(i)] = hex[(number >> (4 * i)) & 0xF];
  return out;
}

std::optional<size_t> fleet_inventory::overlapping_group(const node_group& g) const {
  for (size_t i = 0; i < groups_.size(); ++i) {
    const auto& other = groups_[i];
    if (!other.explicit_id.empty() || other.spec.id_prefix != g.id_prefix)
      continue;
    if (g.id_base < other.spec.id_base + other.spec.count && other.spec.id_base < g.id_base + g.count)
      return i;
  }
  return std::nullopt;
}

uint32_t fleet_inventory::append(node_group g, std::string explicit_id) {
  if (uint64_t{size_} + g.count >= unknown_node)
    throw std::length_error("fleet index space exhausted");
  auto first = size_;
  size_ += g.count;
  groups_.push_back(group_entry{first, std::move(g), std::move(explicit_id)});
  return first;
}

uint32_t fleet_inventory::add_group(node_group g) {
  if (g.count == 0)
    throw std::invalid_argument("a node group needs at least one node");
  if (g.id_base > UINT64_MAX - g.count)
    throw std::invalid_argument("node ids beyond " + format_instance_id(g.id_prefix, UINT64_MAX));
  if (auto other = overlapping_group(g))
    throw std::invalid_argument("node ids " + format_instance_id(g.id_prefix, g.id_base) + ".. overlap group "
                                + std::to_string(*other) + "'s");
  return append(std::move(g), {});
}

uint32_t fleet_inventory::add_node(const node_info& info) {
  if (auto known = find(info.instance_id)) {
    if (deregistered_.erase(*known) > 0)
      ++version_;
    if (!info.agent_version.empty() && info.agent_version != agent_version(*known))
      set_agent_version(*known, info.agent_version);
    return *known;
  }
  node_group g;
  g.count = 1;
  g.platform = info.platform;
  g.agent_version = info.agent_version;
  g.tags = info.tags;
  auto index = append(std::move(g), info.instance_id);
  explicit_ids_.emplace(info.instance_id, index);
  return index;
}

const fleet_inventory::group_entry& fleet_inventory::group_of(uint32_t node) const {
  auto i = std::upper_bound(groups_.begin(), groups_.end(), node,
                            [](uint32_t n, const group_entry& g) { return n < g.first; });
  return *std::prev(i);
}

std::optional<uint32_t> fleet_inventory::find(std::string_view instance_id) const {
  if (auto i = explicit_ids_.find(std::string{instance_id}); i != explicit_ids_.end())
    return i->second;
  for (const auto& g : groups_) {
    if (!g.explicit_id.empty() || instance_id.substr(0, g.spec.id_prefix.size()) != g.spec.id_prefix)
      continue;
    auto number = parse_generated(instance_id.substr(g.spec.id_prefix.size()));
    if (number && *number >= g.spec.id_base && *number - g.spec.id_base < g.spec.count)
      return g.first + static_cast<uint32_t>(*number - g.spec.id_base);
  }
  return std::nullopt;
}

std::string fleet_inventory::instance_id(uint32_t node) const {
  const auto& g = group_of(node);
  if (!g.explicit_id.empty())
    return g.explicit_id;
  return format_instance_id(g.spec.id_prefix, g.spec.id_base + (node - g.first));
}

platform_type fleet_inventory::platform(uint32_t node) const { return group_of(node).spec.platform; }

const std::map<std::string, std::string>& fleet_inventory::tags(uint32_t node) const {
  return group_of(node).spec.tags;
}

const std::string& fleet_inventory::agent_version(uint32_t node) const {
  auto i = updated_agents_.find(node);
  return i != updated_agents_.end() ? i->second : group_of(node).spec.agent_version;
}

void fleet_inventory::set_agent_version(uint32_t node, std::string version) {
  if (node >= size_)
    return;
  updated_agents_[node] = std::move(version);
}

bool fleet_inventory::set_boot_id(uint32_t node, const std::string& boot_id) {
  if (boot_id.empty())
    return false;
  auto [known, added] = boot_ids_.try_emplace(node, boot_id);
  if (added || known->second == boot_id)
    return false;
  known->second = boot_id;
  return true;
}

bool fleet_inventory::managed(uint32_t node) const {
  return node < size_ && deregistered_.count(node) == 0;
}

void fleet_inventory::deregister(uint32_t node, bool released) {
  if (node >= size_)
    return;
  auto why = released ? instance_error::instance_released : instance_error::instance_deregistered;
  auto [known, added] = deregistered_.try_emplace(node, why);
  if (added || known->second != why) {
    known->second = why;
    ++version_;
  }
}

void fleet_inventory::ping(const node_ping& p) {
  if (p.node < size_)
    pings_[p.node] = last_ping{p.status, p.at_ms};
}

instance_information fleet_inventory::information(uint32_t node) const {
  instance_information out;
  out.info = node_info{instance_id(node), platform(node), agent_version(node), tags(node)};
  if (auto i = pings_.find(node); i != pings_.end()) {
    out.status = i->second.status;
    out.last_ping_ms = i->second.at_ms;
  }
  return out;
}

node_status fleet_inventory::status(uint32_t node, agent_feature needs) const {
  node_status s;
  s.node = node;
  s.managed = managed(node);
  if (node >= size_) {
    s.unmanaged = instance_error::instance_not_exists;
    return s;
  }
  s.platform = platform(node);
  if (!s.managed)
    s.unmanaged = deregistered_.at(node);
  s.agent_outdated = !agent_supports(agent_version(node), s.platform, needs);
  return s;
}

bool fleet_inventory::matches(const group_entry& g,
                              const std::vector<target_selector>& selectors) const {
  const auto& tags = g.spec.tags;
  for (const auto& s : selectors) {
    if (is_instance_id_selector(s))
      continue;  // decided per node
    if (s.key.rfind("tag:", 0) == 0) {
      auto i = tags.find(s.key.substr(4));
      if (i == tags.end() || std::find(s.values.begin(), s.values.end(), i->second) == s.values.end())
        return false;
    } else if (s.key == "tag-key") {
      auto has = [&](const std::string& k) { return tags.count(k) > 0; };
      if (std::none_of(s.values.begin(), s.values.end(), has))
        return false;
    } else {
      return false;  // resource groups are not modelled: they match nothing
    }
  }
  return true;
}

resolved_targets fleet_inventory::resolve(const resolve_targets& request) const {
  auto out = resolve_nodes(request);
  if (request.with_instance_ids) {
    out.instance_ids.reserve(out.nodes.size());
    auto unknown = out.unknown_ids.begin();  // in the order of their targets
    for (const auto& n : out.nodes)
      out.instance_ids.push_back(n.node == unknown_node ? *unknown++ : instance_id(n.node));
  }
  return out;
}

resolved_targets fleet_inventory::resolve_nodes(const resolve_targets& request) const {
  resolved_targets out;
  out.inventory_version = version_;
  auto by_ids = [&](const std::vector<std::string>& ids) {
    std::unordered_set<std::string> seen;
    for (const auto& id : ids) {
      if (!seen.insert(id).second)
        continue;
      if (auto node = find(id)) {
        out.nodes.push_back(status(*node, request.needs));
      } else {
        out.nodes.push_back(status(unknown_node));
        out.unknown_ids.push_back(id);
      }
    }
    return out;
  };
  if (!request.instance_ids.empty())
    return by_ids(request.instance_ids);
  const auto& selectors = request.targets;
  // Key=InstanceIds alone names nodes exactly like the InstanceIds member.
  if (selectors.size() == 1 && is_instance_id_selector(selectors.front())
      && !selects_all(selectors.front()))
    return by_ids(selectors.front().values);
  out.by_selector = true;
  // Named ids narrow the candidates to a sorted index list; otherwise every
  // node of a matching group is a candidate.
  std::optional<std::vector<uint32_t>> named;
  for (const auto& s : selectors) {
    if (!is_instance_id_selector(s) || selects_all(s))
      continue;
    std::vector<uint32_t> ids;
    for (const auto& id : s.values)
      if (auto node = find(id))
        ids.push_back(*node);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (named) {
      std::vector<uint32_t> both;
      std::set_intersection(named->begin(), named->end(), ids.begin(), ids.end(),
                            std::back_inserter(both));
      named = std::move(both);
    } else {
      named = std::move(ids);
    }
  }
  if (named) {
    for (auto node : *named)
      if (managed(node) && matches(group_of(node), selectors))
        out.nodes.push_back(status(node, request.needs));
    return out;
  }
  for (const auto& g : groups_) {
    if (!matches(g, selectors))
      continue;
    // Nodes whose agent was updated differ from the group's: look them up.
    bool per_node = !updated_agents_.empty() && request.needs != agent_feature::none;
    bool outdated = !agent_supports(g.spec.agent_version, g.spec.platform, request.needs);
    for (uint32_t k = 0; k < g.spec.count; ++k) {
      if (!deregistered_.empty() && !managed(g.first + k))
        continue;
      if (per_node)
        out.nodes.push_back(status(g.first + k, request.needs));
      else
        out.nodes.push_back({g.first + k, true, g.spec.platform, instance_error::none, outdated});
    }
  }
  return out;
}

}  // namespace broadside
