#include "runtime/context.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_view.hpp>
#include <caf/sec.hpp>

#include <chrono>

namespace broadside::runtime {

int64_t now_ms(const caf::local_actor* self, const context& ctx) {
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

void send_after(caf::local_actor* self, const caf::actor& to, int64_t delay_ms,
                caf::mailbox_element_ptr msg) {
  auto& clock = self->home_system().clock();
  auto due = clock.now() + std::chrono::milliseconds{delay_ms};
  clock.schedule_message(due, caf::actor_cast<caf::strong_actor_ptr>(to), std::move(msg));
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
