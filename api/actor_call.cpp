#include "api/actor_call.hpp"

#include <caf/behavior.hpp>
#include <caf/exit_reason.hpp>

namespace broadside::api {

namespace {

class bridge final : public caf::event_based_actor {
 public:
  explicit bridge(caf::actor_config& cfg) : caf::event_based_actor(cfg) {}

  caf::behavior make_behavior() override {
    return {[this](bridge_job& job) { job.run(this); }};
  }
};

}  // namespace

api_bridge::api_bridge(caf::actor_system& sys) : actor_(sys.spawn<bridge, caf::hidden>()) {}

// The bridge goes with its last reference if the exit is not handled before
// the system stops: either way it ends while the system is still there.
api_bridge::~api_bridge() { caf::anon_send_exit(actor_, caf::exit_reason::user_shutdown); }

}  // namespace broadside::api
