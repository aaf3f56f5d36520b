#include "actors/periodic_invocation.hpp"

#include "actors/schedule_actor.hpp"
#include "actors/task_report.hpp"
#include "messages/command_queries.hpp"
#include "messages/events.hpp"
#include "messages/schedule.hpp"

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<periodic_invocation_state>*;

void finish(self_ptr self, command_details details) { end_task(self, details); }

void start_run(self_ptr self, const schedule_fire& fire) {
  auto& st = self->state;
  if (st.over)
    return;
  auto run = *st.task;
  auto number = st.runs_before + fire.repeat;
  run.command_id = periodic_run_id(st.task->command_id, number);
  run.cloud_assistant.parent = st.task->command_id;
  auto id = run.command_id;
  self->request(st.registry, caf::infinite, accept_command{std::move(run)})
      .then(
          [=](const command_accepted& a) {
            // A run refused (its instances are gone, say) leaves the schedule
            // going: the next fire tries again.
            if (a.command)
              self->state.current_run = id;
            else
              runtime::record(*self->state.ctx, runtime::now_ms(self, *self->state.ctx),
                              "periodic_invocation",
                              "run " + std::to_string(number) + " refused: " + a.error_code);
          },
          [](const caf::error&) {});
}

}  // namespace

uuid periodic_run_id(const uuid& task, uint32_t repeat) noexcept {
  return make_uuid_v4(task.hi ^ (0x9E3779B97F4A7C15ULL * repeat),
                      task.lo + 0xBF58476D1CE4E5B9ULL * repeat);
}

caf::behavior periodic_invocation(self_ptr self, runtime::context* ctx, caf::actor registry,
                                  send_command task, uint32_t runs_before) {
  auto& st = self->state;
  st.ctx = ctx;
  st.runs_before = runs_before;
  st.registry = std::move(registry);
  st.task = std::make_shared<const send_command>(std::move(task));
  runtime::count_unexpected(self, ctx);
  auto parsed = schedule::parse_frequency(st.task->cloud_assistant.frequency,
                                          runtime::now_ms(self, *ctx));
  if (std::holds_alternative<schedule::frequency_error>(parsed)) {
    // Checked when the task was accepted; an at() that has passed since
    // (the service was slow to start it) has nothing left to run.
    finish(self, command_details::success);
    return {};
  }
  report_task(self, command_details::in_progress);
  st.schedule = self->spawn<caf::linked>(schedule_actor, ctx,
                                         std::get<schedule::frequency>(std::move(parsed)),
                                         caf::actor_cast<caf::actor>(self));
  return {
      [=](const schedule_fire& fire) { start_run(self, fire); },
      [=](const schedule_ended&) { finish(self, command_details::success); },
      [=](const cancel_command& c) {
        auto& s = self->state;
        if (s.current_run)
          self->send(s.registry, cancel_command{*s.current_run, c.instance_ids});
        if (!c.instance_ids.empty())
          return;  // StopInvocation for some instances: only their run stops
        self->send(s.schedule, stop_schedule{});
        finish(self, command_details::cancelled);
      },
  };
}

}  // namespace broadside
