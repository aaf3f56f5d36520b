#include "actors/command_registry.hpp"

#include "actors/command.hpp"
#include "actors/periodic_invocation.hpp"
#include "actors/reboot_invocation.hpp"
#include "messages/account.hpp"
#include "messages/atoms.hpp"
#include "messages/fleet.hpp"

#include <caf/attachable.hpp>
#include <caf/exit_reason.hpp>
#include <caf/system_messages.hpp>
#include <caf/send.hpp>

namespace broadside {

namespace {

using self_ptr = caf::stateful_actor<command_registry_state>*;

command_accepted refused(std::string code, std::string message) {
  return {std::nullopt, std::move(code), std::move(message)};
}

// The registry's end is its running commands' end (when the service stops,
// say), as if they were linked to it: an exit each, sent on the execution
// unit the registry ends on, so that they go also when the actor system
// stops with them idle. Not by links: CAF scans an actor's links linearly on
// every unlink, a fifth of the service's CPU with thousands of commands in
// flight.
class stop_running_commands final : public caf::attachable {
 public:
  explicit stop_running_commands(std::shared_ptr<std::unordered_map<uuid, caf::actor>> running)
      : running_(std::move(running)) {}

  void actor_exited(const caf::error&, caf::execution_unit* host) override {
    for (const auto& [id, command] : *running_)
      command->enqueue(nullptr, caf::make_message_id(),
                       caf::make_message(caf::exit_msg{command.address(),
                                                       caf::exit_reason::user_shutdown}),
                       host);
  }

 private:
  std::shared_ptr<std::unordered_map<uuid, caf::actor>> running_;
};

// Spawns the command actor of an accepted (and stored) command, or the
// periodic or reboot-triggered task whose runs are commands of their own.
void launch(self_ptr self, send_command request) {
  auto& st = self->state;
  auto me = caf::actor_cast<caf::actor>(self);
  auto id = request.command_id;
  if (is_repeating_task(request.cloud_assistant)) {
    auto runs = st.book.runs_of(id);
    if (request.cloud_assistant.repeat == repeat_mode::period)
      (*st.running)[id] = self->spawn(periodic_invocation, st.ctx, me, std::move(request), runs);
    else
      (*st.running)[id] = self->spawn(reboot_invocation, st.ctx, me, st.fleet, std::move(request),
                                      runs, st.book.instances_run(id));
    return;
  }
  command_listener listener{
      me, [me](const invocation_update& u, invocation_details) { caf::anon_send(me, u); },
      [me, id](const std::vector<std::string>& instance_ids) {
        caf::anon_send(me, resolved_atom::value, id, instance_ids);
      }};
  (*st.running)[id] =
      self->spawn(command_actor, st.ctx, st.fleet, std::move(request), std::move(listener));
}

// On disk first: SendCommand answers, and the command starts, only once the
// command survives a crash (stored_atom comes back from the store).
void accept(self_ptr self, send_command request, caf::response_promise promise) {
  auto& st = self->state;
  auto view = st.book.add(request, runtime::now_ms(self, *st.ctx));
  if (!st.store) {
    launch(self, std::move(request));
    promise.deliver(command_accepted{std::move(view), {}, {}});
    return;
  }
  auto id = request.command_id;
  try {
    // Weak: told on the database's thread, possibly once the registry (or
    // the whole actor system, when the service stops) is gone.
    auto me = caf::actor_cast<caf::actor_addr>(self);
    st.store->command_accepted(view, [me, id](std::exception_ptr error) {
      auto why = error ? storage::database::what(error) : std::string{};
      if (auto registry = caf::actor_cast<caf::actor>(me))
        caf::anon_send(registry, stored_atom::value, id, std::move(why));
    });
  } catch (const std::exception& e) {
    st.book.forget(id);
    promise.deliver(refused("InternalServerError",
                            std::string{"the command could not be stored: "} + e.what()));
    return;
  }
  st.being_stored.emplace(id, command_registry_state::storing{std::move(promise), std::move(view),
                                                              std::move(request)});
}

void stored(self_ptr self, const uuid& id, const std::string& error) {
  auto& st = self->state;
  auto found = st.being_stored.find(id);
  if (found == st.being_stored.end())
    return;
  auto storing = std::move(found->second);
  st.being_stored.erase(found);
  if (!error.empty()) {
    st.book.forget(id);
    storing.promise.deliver(refused("InternalServerError", "the command could not be stored: " + error));
    return;
  }
  launch(self, std::move(storing.request));
  storing.promise.deliver(command_accepted{std::move(storing.view), {}, {}});
}

// The commands an earlier life of the service left unfinished end at their
// ExpiresAfter (at once if it has passed); its periodic tasks go on, their
// schedules from now (missed fires are not replayed).
void recover(self_ptr self) {
  auto& st = self->state;
  for (auto& stored : st.store->load())
    st.book.restore(std::move(stored.view), std::move(stored.invocations));
  for (const auto& c : st.book.unfinished()) {
    if (is_repeating_task(c.request->cloud_assistant))
      launch(self, *c.request);
    else
      self->scheduled_send(self, runtime::to_time_point(c.expires_ms, *st.ctx), timer_atom::value,
                           c.request->command_id);
  }
}

void expire(self_ptr self, const uuid& id) {
  auto& st = self->state;
  if (st.running->count(id))
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
  self->attach(caf::attachable_ptr{new stop_running_commands{self->state.running}});
  if (store)
    recover(self);
  return {
      [=](accept_command& a) -> caf::result<command_accepted> {
        auto& st = self->state;
        if (st.book.contains(a.request.command_id))
          return refused("InvalidParameters", "a command with this id exists");
        if (auto problem = check_send_command(a.request))
          return refused("InvalidParameters", *problem);
        auto rp = self->make_response_promise<command_accepted>();
        if (a.request.instance_ids.empty()) {
          accept(self, std::move(a.request), rp);
          return rp;
        }
        // SendCommand refuses ids the fleet does not manage, before sending
        // anything (Targets that match nothing end NoInstancesInTag instead).
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
                                           + account_id));
                    return;
                  }
                  accept(self, std::move(*request), rp);
                },
                [=](const caf::error& err) mutable {
                  rp.deliver(refused("InternalServerError", self->system().render(err)));
                });
        return rp;
      },
      [=](stored_atom, const uuid& id, const std::string& error) { stored(self, id, error); },
      [=](const cancel_command& c) -> std::string {
        auto& st = self->state;
        if (!st.book.contains(c.command_id))
          return "InvalidCommandId";
        auto running = st.running->find(c.command_id);
        if (running != st.running->end())
          self->send(running->second, c);
        return {};
      },
      [=](const command_update& u) {
        auto& st = self->state;
        st.book.update(u);
        if (st.store)
          st.store->command_changed(u.command_id, u.details, u.counts);
        if (is_terminal(u.details))
          st.running->erase(u.command_id);
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
