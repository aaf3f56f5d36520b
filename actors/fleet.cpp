#include "actors/fleet.hpp"

namespace broadside {

caf::behavior fleet_actor(caf::stateful_actor<fleet_state>* self, runtime::context* ctx,
                          fleet_inventory inventory) {
  runtime::count_unexpected(self, ctx);
  self->state.inventory = std::move(inventory);
  return {
      [=](const resolve_targets& request) { return self->state.inventory.resolve(request); },
      [=](const node_lookup& lookup) { return self->state.inventory.status(lookup.node); },
      [=](const register_node& request) { return self->state.inventory.add_node(request.info); },
      [=](const deregister_node& request) {
        auto node = self->state.inventory.find(request.instance_id);
        if (node)
          self->state.inventory.deregister(*node);
        return node.has_value();
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
