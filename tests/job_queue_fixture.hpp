#pragma once

// A job_queue actor in virtual time, and requests to it made at chosen
// instants, for the CodePipeline tests; with a store, also stopped and
// started again (a restart of the service).

#include "actors/job_queue.hpp"
#include "runtime/engine.hpp"
#include "tests/virtual_time_requests.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <variant>

namespace broadside::test {

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
  void wait_until(int64_t at_ms) { test::wait_until(engine_, at_ms); }

  ~job_queue_harness() {
    caf::anon_send_exit(queue_, caf::exit_reason::user_shutdown);
    engine_.run();
    EXPECT_EQ(ctx_.unexpected_messages.load(), 0u);
  }

  // The job queue's answer to `request`, sent at engine time `at_ms` (now if
  // it has passed): the Answer, or the error it was refused with.
  template <class Answer, class Request>
  std::variant<Answer, caf::error> ask(Request request, int64_t at_ms = 0) {
    return ask_at<Answer>(engine_, queue_, std::move(request), at_ms);
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
