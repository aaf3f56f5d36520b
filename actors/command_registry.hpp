#pragma once

// The command registry: the service's side of every command. It accepts
// SendCommand (refusing ids the fleet does not manage), spawns the command
// actor, books what the command and its invocations report, answers the
// listings from its book, and passes cancels on. With a store, every change
// is written to it, and an accepted command is on disk before SendCommand is
// answered and the command starts: the registry goes on meanwhile, and the
// database's writer fsyncs the commands accepted at the same time together;
// at start the registry rebuilds its book from the store, and ends
// each command an earlier life left unfinished at its ExpiresAfter, as SSM
// ends one whose nodes never report (command_book::expire).
//
// Accepts: accept_command -> command_accepted, cancel_command -> std::string
// (an error code, empty if the cancel was taken), list_commands ->
// command_page, list_invocations -> invocation_page, get_invocation ->
// invocation_page; and the reports of its commands.

#include "actors/command_book.hpp"
#include "runtime/context.hpp"
#include "storage/command_store.hpp"

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include <memory>
#include <string>
#include <unordered_map>

namespace broadside {

struct command_registry_state {
  runtime::context* ctx = nullptr;
  caf::actor fleet;
  storage::command_store* store = nullptr;  // none: in memory only
  command_book book;
  // Command actors still running, for cancels; shared with what stops them
  // when the registry ends (command_registry.cpp).
  std::shared_ptr<std::unordered_map<uuid, caf::actor>> running =
      std::make_shared<std::unordered_map<uuid, caf::actor>>();
  // Accepted commands on their way to disk, answered and started once there.
  struct storing {
    caf::response_promise promise;
    command_view view;
    send_command request;
  };
  std::unordered_map<uuid, storing> being_stored;
  static inline const char* name = "command_registry";
};

caf::behavior command_registry(caf::stateful_actor<command_registry_state>* self,
                               runtime::context* ctx, caf::actor fleet,
                               storage::command_store* store);

}  // namespace broadside
