#pragma once

// An API call's request to an actor, without blocking the caller (an HTTP
// thread): the service's bridge actor makes the request and answers the
// call's reply callback with the output document, or with the AWS error its
// service makes of a refusal (also when the actor asked is gone). One bridge
// serves every call of a service: an actor per call cost a spawn, and its
// end a wake-up of CAF's clock thread, on every request.

#include "api/aws_json.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/error.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <functional>
#include <memory>
#include <utility>

namespace broadside::api {

// Work for a bridge, run with the bridge itself (it never leaves the process).
struct bridge_job {
  std::function<void(caf::event_based_actor*)> run;
};

// A bridge actor for as long as the object lives. Hidden: the actor system
// does not wait for it when it stops; destroy the object first.
class api_bridge {
 public:
  explicit api_bridge(caf::actor_system& sys);
  ~api_bridge();
  api_bridge(const api_bridge&) = delete;
  api_bridge& operator=(const api_bridge&) = delete;

  const caf::actor& actor() const noexcept { return actor_; }

 private:
  caf::actor actor_;
};

// Sends `request` to `to` and answers `reply` with `output(Answer&)`
// (an aws_result), or with `failure(error, system)` (an api_error).
template <class Answer, class Request, class Output, class Failure>
void call_actor(const api_bridge& bridge, caf::actor to, Request request, aws_reply reply,
                Output output, Failure failure) {
  auto job = [to = std::move(to), request = std::move(request),
              reply = std::make_shared<aws_reply>(std::move(reply)), output = std::move(output),
              failure = std::move(failure)](caf::event_based_actor* self) {
    self->request(to, caf::infinite, request)
        .then([reply, output](Answer& a) { (*reply)(output(a)); },
              [self, reply, failure](const caf::error& e) {
                (*reply)(failure(e, self->system()));
              });
  };
  caf::anon_send(bridge.actor(), bridge_job{std::move(job)});
}

}  // namespace broadside::api

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(broadside::api::bridge_job)
