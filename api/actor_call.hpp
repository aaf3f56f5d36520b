#pragma once

// An API call's request to an actor, without blocking the caller (an HTTP
// thread): a short-lived actor makes the request and answers the call's reply
// callback with the output document, or with the AWS error its service makes
// of a refusal. The callback is called exactly once: also if the actor asked
// or the actor system stops first.

#include "api/aws_json.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/error.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/sec.hpp>

#include <memory>
#include <utility>

namespace broadside::api {

// Sends `request` to `to` and answers `reply` with `output(Answer&)`
// (an aws_result), or with `failure(error, system)` (an aws_error).
template <class Answer, class Request, class Output, class Failure>
void call_actor(caf::actor_system& sys, caf::actor to, Request request, aws_reply reply,
                Output output, Failure failure) {
  // Spawn arguments, not captures: CAF 0.17 dereferences a null argument
  // tuple for a function actor spawned without any.
  sys.spawn(
      [](caf::event_based_actor* self, caf::actor target, Request req,
         std::shared_ptr<aws_reply> pending, Output out, Failure fail) {
        auto answer = [pending](aws_result r) {
          if (auto f = std::exchange(*pending, nullptr))
            f(std::move(r));
        };
        auto& system = self->system();
        self->attach_functor([answer, fail, &system](const caf::error&) {
          answer(fail(caf::make_error(caf::sec::request_receiver_down), system));
        });
        self->request(target, caf::infinite, std::move(req))
            .then(
                [self, answer, out](Answer& a) {
                  answer(out(a));
                  self->quit();
                },
                [self, answer, fail](const caf::error& e) {
                  answer(fail(e, self->system()));
                  self->quit();
                });
      },
      std::move(to), std::move(request), std::make_shared<aws_reply>(std::move(reply)),
      std::move(output), std::move(failure));
}

}  // namespace broadside::api
