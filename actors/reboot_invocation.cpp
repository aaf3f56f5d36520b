#include "actors/reboot_invocation.hpp"

#include "actors/periodic_invocation.hpp"
#include "actors/task_report.hpp"
#include "messages/command_queries.hpp"
#include "messages/events.hpp"
#include "messages/fleet.hpp"

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<reboot_invocation_state>*;

void finish(self_ptr self, command_details details) {
  if (!self->state.over)
    self->send(self->state.fleet, unwatch_boots{caf::actor_cast<caf::actor>(self)});
  end_task(self, details);
}

bool runs_once(const reboot_invocation_state& st) {
  return st.task->cloud_assistant.repeat == repeat_mode::next_reboot_only;
}

// A boot of a watched node: one run on that instance alone.
void on_boot(self_ptr self, uint32_t node) {
  auto& st = self->state;
  auto watched = st.watched.find(node);
  if (st.over || watched == st.watched.end())
    return;
  auto run = *st.task;
  run.command_id = periodic_run_id(st.task->command_id, ++st.runs);
  run.cloud_assistant.parent = st.task->command_id;
  run.instance_ids = {watched->second};
  run.targets.clear();
  auto id = run.command_id;
  st.runs_started.insert(id);
  if (runs_once(st))
    st.watched.erase(watched);
  self->request(st.registry, caf::infinite, accept_command{std::move(run)})
      .then(
          [=](const command_accepted& a) {
            if (!a.command)
              runtime::record(*self->state.ctx, runtime::now_ms(self, *self->state.ctx),
                              "reboot_invocation", "run refused: " + a.error_code);
          },
          [](const caf::error&) {});
  if (runs_once(st) && st.watched.empty())
    finish(self, command_details::success);
}

// The task's instances, less those a NextRebootOnly task has run on.
void watch(self_ptr self, const resolved_targets& resolved,
           const std::set<std::string>& instances_done) {
  auto& st = self->state;
  std::vector<uint32_t> nodes;
  for (size_t k = 0; k < resolved.nodes.size(); ++k) {
    const auto& id = resolved.instance_ids[k];
    if (!resolved.nodes[k].managed || (runs_once(st) && instances_done.count(id)))
      continue;
    st.watched.emplace(resolved.nodes[k].node, id);
    nodes.push_back(resolved.nodes[k].node);
  }
  if (nodes.empty())
    return finish(self, command_details::success);
  self->send(st.fleet, watch_boots{std::move(nodes), caf::actor_cast<caf::actor>(self)});
}

}  // namespace

caf::behavior reboot_invocation(self_ptr self, runtime::context* ctx, caf::actor registry,
                                caf::actor fleet, send_command task, uint32_t runs_before,
                                std::set<std::string> instances_done) {
  auto& st = self->state;
  st.ctx = ctx;
  st.registry = std::move(registry);
  st.fleet = std::move(fleet);
  st.runs = runs_before;
  st.task = std::make_shared<const send_command>(std::move(task));
  runtime::count_unexpected(self, ctx);
  report_task(self, command_details::in_progress);
  resolve_targets ask{st.task->instance_ids, st.task->targets, true};
  self->request(st.fleet, caf::infinite, std::move(ask))
      .then([=](const resolved_targets& resolved) { watch(self, resolved, instances_done); },
            [=](const caf::error&) { finish(self, command_details::failed); });
  return {
      [=](const node_booted& boot) { on_boot(self, boot.node); },
      [=](const cancel_command& c) {
        auto& s = self->state;
        for (const auto& run : s.runs_started)
          self->send(s.registry, cancel_command{run, c.instance_ids});
        if (!c.instance_ids.empty())
          return;  // StopInvocation for some instances: only their runs stop
        finish(self, command_details::cancelled);
      },
  };
}

}  // namespace broadside
