#include "runtime/agent_network.hpp"

#include <caf/local_actor.hpp>

namespace broadside::runtime {

void agent_network::send_to_node(caf::local_actor*, uint32_t node, caf::mailbox_element_ptr msg) {
  auto session = session_of(node);
  if (session)
    session->enqueue(std::move(msg), nullptr);
}

caf::actor agent_network::session_of(uint32_t node) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = sessions_.find(node);
  return i == sessions_.end() ? caf::actor{} : i->second;
}

void agent_network::set_session(uint32_t node, caf::actor session) {
  std::lock_guard<std::mutex> guard{mtx_};
  sessions_[node] = std::move(session);
}

void agent_network::clear() {
  std::unordered_map<uint32_t, caf::actor> gone;
  std::lock_guard<std::mutex> guard{mtx_};
  gone.swap(sessions_);
}

}  // namespace broadside::runtime
