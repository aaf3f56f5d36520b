#pragma once

// A job_queue actor in virtual time, and requests to it made at chosen
// instants, for the CodePipeline tests; with a store, also stopped and
// started again (a restart of the service).

#include "actors/job_queue.hpp"
#include "runtime/engine.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <variant>

namespace broadside::test {

using go_atom = caf::atom_constant<caf::atom("testgo")>;

class job_queue_harness {
public:
  explicit job_queue_harness(job_queue_options options = {}, storage::job_store* store = nullptr)
      : options_(options) {
    ctx_.clock = engine_.clock();
    ctx_.epoch_ms = engine_.epoch_ms();
    start(store);
  }

  // A job queue on `store` (none: in memory only), from now on.
  void start(storage::job_store* store) {
    queue_ = engine_.system().spawn(job_queue_actor, &ctx_, options_, store);
  }

  // Stops the job queue now; its timers come to nothing.
  void stop() {
    caf::anon_send_exit(queue_, caf::exit_reason::user_shutdown);
    engine_.run({}, engine_.now_ms());
  }

  // Lets engine time pass up to `at_ms`.
  void wait_until(int64_t at_ms) {
    bool woke = false;
    engine_.system().spawn(
        [](caf::event_based_actor* self, int64_t delay_ms, bool* done) -> caf::behavior {
          self->delayed_send(self, std::chrono::milliseconds{delay_ms}, go_atom::value);
          return {[=](go_atom) {
            *done = true;
            self->quit();
          }};
        },
        at_ms - engine_.now_ms(), &woke);
    engine_.run([&] { return woke; });
  }

  ~job_queue_harness() {
    caf::anon_send_exit(queue_, caf::exit_reason::user_shutdown);
    engine_.run();
    EXPECT_EQ(ctx_.unexpected_messages.load(), 0u);
  }

  // The job queue's answer to `request`, sent at engine time `at_ms` (now if
  // it has passed): the Answer, or the error it was refused with.
  template <class Answer, class Request>
  std::variant<Answer, caf::error> ask(Request request, int64_t at_ms = 0) {
    std::optional<std::variant<Answer, caf::error>> out;
    engine_.system().spawn(
        [](caf::event_based_actor* self, caf::actor to, Request req, int64_t delay_ms,
           std::optional<std::variant<Answer, caf::error>>* result) -> caf::behavior {
          auto go = [=] {
            self->request(to, caf::infinite, req)
                .then([=](Answer& a) { result->emplace(std::move(a)); self->quit(); },
                      [=](caf::error& e) { result->emplace(std::move(e)); self->quit(); });
          };
          if (delay_ms <= 0) {
            go();
            return {};
          }
          self->delayed_send(self, std::chrono::milliseconds{delay_ms}, go_atom::value);
          return {[=](go_atom) { go(); }};
        },
        queue_, std::move(request), at_ms - engine_.now_ms(), &out);
    engine_.run([&] { return out.has_value(); });
    EXPECT_TRUE(out.has_value()) << "no answer";
    return std::move(*out);
  }

  // The answer, failing the test if the request was refused.
  template <class Answer, class Request>
  Answer ok(Request request, int64_t at_ms = 0) {
    auto answer = ask<Answer>(std::move(request), at_ms);
    if (auto* e = std::get_if<caf::error>(&answer)) {
      ADD_FAILURE() << "refused: " << job_error_message(*e);
      return {};
    }
    return std::get<Answer>(std::move(answer));
  }

  // The job_error a request was refused with (nullopt if it was not).
  template <class Answer, class Request>
  std::optional<job_error> refusal(Request request, int64_t at_ms = 0) {
    auto answer = ask<Answer>(std::move(request), at_ms);
    if (auto* e = std::get_if<caf::error>(&answer))
      return job_error_of(*e);
    return std::nullopt;
  }

  job_queue_options options_;
  runtime::context ctx_;
  // Declared after what the actors point to, so it stops them first.
  runtime::engine engine_{{runtime::clock_kind::virtual_time}};
  caf::actor queue_;
};

}  // namespace broadside::test
