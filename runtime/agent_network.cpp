#include "runtime/agent_network.hpp"

#include <caf/exit_reason.hpp>
#include <caf/local_actor.hpp>
#include <caf/send.hpp>

namespace broadside::runtime {

void agent_network::send_to_node(caf::local_actor*, uint32_t node, caf::mailbox_element_ptr msg) {
  auto session = session_of(node);
  if (session)
    session->enqueue(std::move(msg), nullptr);
}

caf::actor agent_network::session_of(uint32_t node) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = sessions_.find(node);
  return i == sessions_.end() ? caf::actor{} : i->second.session;
}

void agent_network::set_session(uint32_t node, caf::actor session, std::string instance_id) {
  std::lock_guard<std::mutex> guard{mtx_};
  sessions_[node] = entry{std::move(session), std::move(instance_id), true};
}

instance_error agent_network::unreachable(uint32_t node) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = sessions_.find(node);
  return i == sessions_.end() || !i->second.connected ? instance_error::client_not_online
                                                      : instance_error::delivery_timeout;
}

void agent_network::set_connected(uint32_t node, bool connected) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (auto i = sessions_.find(node); i != sessions_.end())
    i->second.connected = connected;
}

std::string agent_network::name_of(uint32_t node) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = sessions_.find(node);
  return i == sessions_.end() ? std::string{} : i->second.instance_id;
}

size_t agent_network::nodes() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return sessions_.size();
}

void agent_network::clear() {
  std::unordered_map<uint32_t, entry> gone;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    gone.swap(sessions_);
  }
  // Agents hold handles to their sessions, which keeps them registered with
  // CAF's network layer: they must be told to go.
  for (auto& [node, e] : gone)
    caf::anon_send_exit(e.session, caf::exit_reason::user_shutdown);
}

}  // namespace broadside::runtime
