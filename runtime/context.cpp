#include "runtime/context.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_view.hpp>
#include <caf/sec.hpp>

#include <chrono>

namespace broadside::runtime {

int64_t now_ms(const caf::local_actor* self, const context& ctx) {
  if (ctx.clock)
    return ctx.epoch_ms + ctx.clock->now_ms();
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  auto since_zero = self->home_system().clock().now().time_since_epoch();
  return ctx.epoch_ms + duration_cast<milliseconds>(since_zero).count();
}

caf::actor_clock::time_point to_time_point(int64_t ms, const context& ctx) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  using duration = caf::actor_clock::duration_type;
  return caf::actor_clock::time_point{duration_cast<duration>(milliseconds{ms - ctx.epoch_ms})};
}

timer_ticket send_at(caf::local_actor* self, const context& ctx, const caf::actor& to,
                     int64_t at_ms, caf::mailbox_element_ptr msg, caf::actor_id order) {
  auto due = to_time_point(at_ms, ctx);
  auto receiver = caf::actor_cast<caf::strong_actor_ptr>(to);
  if (!ctx.clock) {
    self->home_system().clock().schedule_message(due, std::move(receiver), std::move(msg));
    return {};
  }
  if (order == 0)
    order = to.id();
  return ctx.clock->deliver_at(due, order, std::move(receiver), std::move(msg));
}

timer_ticket send_after(caf::local_actor* self, const context& ctx, const caf::actor& to,
                        int64_t delay_ms, caf::mailbox_element_ptr msg, caf::actor_id order) {
  return send_at(self, ctx, to, now_ms(self, ctx) + delay_ms, std::move(msg), order);
}

timer_ticket set_timer(caf::local_actor* self, const context& ctx, int64_t at_ms,
                       caf::atom_value type, uint64_t payload, caf::actor_id order) {
  auto due = to_time_point(at_ms, ctx);
  caf::strong_actor_ptr receiver{self->ctrl()};
  if (!ctx.clock) {
    self->home_system().clock().schedule_message(
        due, std::move(receiver),
        caf::make_mailbox_element(nullptr, caf::make_message_id(), {}, type, payload));
    return {};
  }
  if (order == 0)
    order = self->id();
  return ctx.clock->set_timer(due, order, std::move(receiver), type, payload);
}

void cancel(const context& ctx, timer_ticket& ticket) {
  if (ctx.clock)
    ctx.clock->cancel(ticket);
  ticket = {};
}

void count_unexpected(caf::scheduled_actor* self, context* ctx) {
  self->set_default_handler([ctx](caf::scheduled_actor* who, caf::message_view& view) -> caf::result<caf::message> {
    ++ctx->unexpected_messages;
    if (ctx->tracer)
      record(*ctx, now_ms(who, *ctx), std::string{who->name()} + " " + std::to_string(who->id()),
             "unexpected " + to_string(view.content()));
    // Not an error reply: CAF answers even asynchronous messages, and an
    // error message kills a receiver without an error handler.
    return caf::message{};
  });
}

void record(const context& ctx, int64_t at_ms, std::string_view subject, std::string_view event) {
  if (ctx.tracer)
    ctx.tracer->record(at_ms, subject, event);
}

}  // namespace broadside::runtime
