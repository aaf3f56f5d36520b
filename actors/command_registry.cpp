#include "actors/command_registry.hpp"

#include "actors/command.hpp"
#include "messages/atoms.hpp"
#include "messages/fleet.hpp"

#include <caf/send.hpp>

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<command_registry_state>*;

command_accepted refused(std::string code, std::string message) {
  return {std::nullopt, std::move(code), std::move(message)};
}

// On disk first: SendCommand answers only for a command that survives a crash.
command_view start(self_ptr self, send_command request) {
  auto& st = self->state;
  auto view = st.book.add(request, runtime::now_ms(self, *st.ctx));
  if (st.store)
    st.store->command_accepted(view);
  auto me = caf::actor_cast<caf::actor>(self);
  auto id = request.command_id;
  command_listener listener{
      me, [me](const invocation_update& u, invocation_details) { caf::anon_send(me, u); },
      [me, id](const std::vector<std::string>& instance_ids) {
        caf::anon_send(me, resolved_atom::value, id, instance_ids);
      }};
  // Linked: when the service stops, its commands stop with the registry.
  st.running[id] = self->spawn<caf::linked>(command_actor, st.ctx, st.fleet, std::move(request),
                                            std::move(listener));
  return view;
}

command_accepted accepted(self_ptr self, send_command request) {
  try {
    return {start(self, std::move(request)), {}, {}};
  } catch (const std::exception& e) {
    return refused("InternalServerError", std::string{"the command could not be stored: "} + e.what());
  }
}

// The commands an earlier life of the service left unfinished end at their
// ExpiresAfter (at once if it has passed).
void recover(self_ptr self) {
  auto& st = self->state;
  for (auto& stored : st.store->load())
    st.book.restore(std::move(stored.view), std::move(stored.invocations));
  for (const auto& [id, expires_ms] : st.book.unfinished())
    self->scheduled_send(self, runtime::to_time_point(expires_ms, *st.ctx), timer_atom::value, id);
}

void expire(self_ptr self, const uuid& id) {
  auto& st = self->state;
  if (st.running.count(id))
    return;  // not a recovered command
  auto [command, changed] = st.book.expire(id);
  if (!command.request)
    return;
  for (const auto& i : changed)
    st.store->invocation_changed(id, i);
  st.store->command_changed(id, command.details, command.counts);
}

}  // namespace

caf::behavior command_registry(self_ptr self, runtime::context* ctx, caf::actor fleet,
                               storage::command_store* store) {
  runtime::count_unexpected(self, ctx);
  self->state.ctx = ctx;
  self->state.fleet = std::move(fleet);
  self->state.store = store;
  if (store)
    recover(self);
  return {
      [=](accept_command& a) -> caf::result<command_accepted> {
        auto& st = self->state;
        if (st.book.contains(a.request.command_id))
          return refused("InvalidParameters", "a command with this id exists");
        if (auto problem = check_send_command(a.request))
          return refused("InvalidParameters", *problem);
        if (a.request.instance_ids.empty())
          return accepted(self, std::move(a.request));
        // SendCommand refuses ids the fleet does not manage, before sending
        // anything (Targets that match nothing end NoInstancesInTag instead).
        auto rp = self->make_response_promise<command_accepted>();
        auto request = std::make_shared<send_command>(std::move(a.request));
        self->request(st.fleet, caf::infinite, resolve_targets{request->instance_ids, {}})
            .then(
                [=](const resolved_targets& r) mutable {
                  if (!r.unknown_ids.empty()) {
                    std::string ids;
                    for (const auto& id : r.unknown_ids)
                      ids += (ids.empty() ? "" : ", ") + id;
                    rp.deliver(refused("InvalidInstanceId",
                                       "Instances [[" + ids + "]] not in a valid state for account "
                                           + service_account_id));
                    return;
                  }
                  rp.deliver(accepted(self, std::move(*request)));
                },
                [=](const caf::error& err) mutable {
                  rp.deliver(refused("InternalServerError", self->system().render(err)));
                });
        return rp;
      },
      [=](const cancel_command& c) -> std::string {
        auto& st = self->state;
        if (!st.book.contains(c.command_id))
          return "InvalidCommandId";
        auto running = st.running.find(c.command_id);
        if (running != st.running.end())
          self->send(running->second, c);
        return {};
      },
      [=](const command_update& u) {
        auto& st = self->state;
        st.book.update(u);
        if (st.store)
          st.store->command_changed(u.command_id, u.details, u.counts);
        if (is_terminal(u.details))
          st.running.erase(u.command_id);
      },
      [=](const invocation_update& u) {
        auto& st = self->state;
        const auto* now = st.book.update(u);
        if (now && st.store)
          st.store->invocation_changed(u.command_id, *now);
      },
      [=](resolved_atom, const uuid& id, const std::vector<std::string>& instance_ids) {
        auto& st = self->state;
        st.book.resolved(id, instance_ids);
        if (st.store)
          st.store->targets_resolved(id, instance_ids);
      },
      [=](timer_atom, const uuid& id) { expire(self, id); },
      [=](const list_commands& l) {
        auto page = self->state.book.commands(l.query);
        page.command_known = !l.query.command_id || self->state.book.contains(*l.query.command_id);
        return page;
      },
      [=](const list_invocations& l) {
        auto page = self->state.book.invocations(l.query);
        page.command_known = !l.query.command_id || self->state.book.contains(*l.query.command_id);
        return page;
      },
      [=](registry_stats_atom) { return self->state.book.stats(); },
      [=](const get_invocation& g) {
        invocation_page page;
        page.command_known = self->state.book.contains(g.command_id);
        if (auto found = self->state.book.invocation(g.command_id, g.instance_id))
          page.invocations.push_back(std::move(*found));
        return page;
      },
  };
}

}  // namespace broadside
