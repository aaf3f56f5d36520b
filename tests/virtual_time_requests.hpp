#pragma once

// Requests to an actor at chosen instants of an engine's virtual time, and
// time let pass, for tests of the service's actors (job queue, registry).

#include "runtime/engine.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <variant>

namespace broadside::test {

using go_atom = caf::atom_constant<caf::atom("testgo")>;

// Lets engine time pass up to `at_ms`.
inline void wait_until(runtime::engine& engine, int64_t at_ms) {
  bool woke = false;
  engine.system().spawn(
      [](caf::event_based_actor* self, int64_t delay_ms, bool* done) -> caf::behavior {
        self->delayed_send(self, std::chrono::milliseconds{delay_ms}, go_atom::value);
        return {[=](go_atom) {
          *done = true;
          self->quit();
        }};
      },
      at_ms - engine.now_ms(), &woke);
  engine.run([&] { return woke; });
}

// The answer of `to` to `request`, sent at engine time `at_ms` (now if it
// has passed): the Answer, or the error it was refused with.
template <class Answer, class Request>
std::variant<Answer, caf::error> ask_at(runtime::engine& engine, const caf::actor& to,
                                        Request request, int64_t at_ms = 0) {
  std::optional<std::variant<Answer, caf::error>> out;
  engine.system().spawn(
      [](caf::event_based_actor* self, caf::actor dest, Request req, int64_t delay_ms,
         std::optional<std::variant<Answer, caf::error>>* result) -> caf::behavior {
        auto go = [=] {
          self->request(dest, caf::infinite, req)
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
      to, std::move(request), at_ms - engine.now_ms(), &out);
  engine.run([&] { return out.has_value(); });
  EXPECT_TRUE(out.has_value()) << "no answer";
  if (!out)
    return caf::error{};
  return std::move(*out);
}

}  // namespace broadside::test
