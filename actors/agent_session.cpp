#include "actors/agent_session.hpp"

#include "messages/atoms.hpp"
#include "messages/fleet.hpp"

#include <caf/system_messages.hpp>

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<agent_session_state>*;

// To the agent, with this session as the one to answer. Once cancelled, only
// the cancel: the agent must not start what it may never have seen.
void pass_on(self_ptr self, const agent_session_state::waiting& w) {
  auto& agent = self->state.agent;
  if (!agent)
    return;
  auto me = caf::actor_cast<caf::actor>(self);
  if (w.cancel) {
    auto c = *w.cancel;
    c.reply_to = me;
    self->send(agent, std::move(c));
  } else if (w.request) {
    auto req = *w.request;
    req.reply_to = me;
    self->send(agent, std::move(req));
  }
}

agent_session_state::waiting& note(self_ptr self, const uuid& command_id, const caf::actor& from,
                                   invocation_serial serial) {
  auto& w = self->state.waiting_for[command_id];
  w.invocation = from;
  w.serial = serial;
  return w;
}

void ping(self_ptr self, ping_status status) {
  auto& st = self->state;
  self->send(st.fleet, node_ping{st.node, status, runtime::now_ms(self, *st.ctx)});
}

// The agent connected (online) or its connection is gone.
void connected(self_ptr self, ping_status status) {
  auto& st = self->state;
  st.network->set_connected(st.node, status == ping_status::online);
  ping(self, status);
}

}  // namespace

caf::behavior agent_session(self_ptr self, runtime::context* ctx, caf::actor fleet,
                            runtime::agent_network* network, uint32_t node) {
  runtime::count_unexpected(self, ctx);
  self->state.ctx = ctx;
  self->state.fleet = std::move(fleet);
  self->state.network = network;
  self->state.node = node;
  self->set_down_handler([=](const caf::down_msg& down) {
    if (down.source != self->state.agent.address())
      return;
    self->state.agent = caf::actor{};  // disconnected: keep everything for its return
    connected(self, ping_status::connection_lost);
  });
  return {
      [=](const run_request& req) {
        auto& w = note(self, req.command_id, req.reply_to, req.serial);
        w.request = req;
        pass_on(self, w);
      },
      [=](const cancel_run& c) {
        auto& w = note(self, c.command_id, c.reply_to, c.serial);
        w.cancel = c;
        pass_on(self, w);
      },
      [=](run_accepted a) {
        auto i = self->state.waiting_for.find(a.command_id);
        if (i == self->state.waiting_for.end())
          return;
        a.serial = i->second.serial;
        self->send(i->second.invocation, std::move(a));
      },
      [=](run_result r) {
        auto i = self->state.waiting_for.find(r.command_id);
        if (i == self->state.waiting_for.end())
          return;
        r.serial = i->second.serial;
        self->send(i->second.invocation, std::move(r));
        self->state.waiting_for.erase(i);
      },
      [=](heartbeat_atom) { ping(self, ping_status::online); },
      [=](attach_atom, const caf::actor& agent) {
        auto& st = self->state;
        if (st.agent)
          self->demonitor(st.agent);
        st.agent = agent;
        self->monitor(agent);
        connected(self, ping_status::online);
        for (const auto& [id, w] : st.waiting_for)
          pass_on(self, w);
      },
  };
}

}  // namespace broadside
