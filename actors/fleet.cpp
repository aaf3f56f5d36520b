#include "actors/fleet.hpp"

#include <algorithm>

namespace broadside {

caf::behavior fleet_actor(caf::stateful_actor<fleet_state>* self, runtime::context* ctx,
                          fleet_inventory inventory) {
  runtime::count_unexpected(self, ctx);
  self->state.inventory = std::move(inventory);
  auto publish = [=] {
    ctx->inventory_version.store(self->state.inventory.version(), std::memory_order_release);
  };
  publish();
  return {
      [=](const resolve_targets& request) { return self->state.inventory.resolve(request); },
      [=](const node_lookup& lookup) {
        return self->state.inventory.status(lookup.node, lookup.needs);
      },
      [=](const register_node& request) {
        auto node = self->state.inventory.add_node(request.info);
        publish();
        if (self->state.inventory.set_boot_id(node, request.info.boot_id))
          self->send(self, node_booted{node});
        return node;
      },
      [=](const node_booted& boot) {
        auto watchers = self->state.boot_watchers.find(boot.node);
        if (watchers == self->state.boot_watchers.end())
          return;
        for (const auto& w : watchers->second)
          self->send(w, boot);
      },
      [=](const watch_boots& w) {
        for (auto node : w.nodes)
          self->state.boot_watchers[node].push_back(w.watcher);
      },
      [=](const unwatch_boots& w) {
        auto& all = self->state.boot_watchers;
        for (auto i = all.begin(); i != all.end();) {
          auto& list = i->second;
          list.erase(std::remove(list.begin(), list.end(), w.watcher), list.end());
          i = list.empty() ? all.erase(i) : std::next(i);
        }
      },
      [=](const deregister_node& request) {
        auto node = self->state.inventory.find(request.instance_id);
        if (node)
          self->state.inventory.deregister(*node, request.released);
        publish();
        return node.has_value();
      },
      [=](const node_ping& p) { self->state.inventory.ping(p); },
      [=](const describe_instances& request) {
        const auto& known = self->state.inventory;
        std::vector<instance_information> out;
        if (request.instance_ids.empty()) {
          for (uint32_t n = 0; n < known.size(); ++n)
            if (known.managed(n))
              out.push_back(known.information(n));
        } else {
          for (const auto& id : request.instance_ids)
            if (auto n = known.find(id); n && known.managed(*n))
              out.push_back(known.information(*n));
        }
        return out;
      },
      [=](const agent_version_changed& change) {
        auto& known = self->state.inventory;
        auto node = known.find(change.instance_id);
        if (!node)
          return;
        known.set_agent_version(*node, change.agent_version);
        if (ctx->tracer)
          runtime::record(*ctx, runtime::now_ms(self, *ctx), runtime::node_subject(*node),
                          "agent-version " + change.agent_version);
      },
  };
}

}  // namespace broadside
