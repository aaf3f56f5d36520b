#pragma once

// The service's commands on disk (storage/database): every accepted command,
// each target's invocation and its outputs, so that `broadside serve`
// rebuilds its command book after a restart, also after kill -9. The command
// registry tells the store what happens, in order, from one thread; the store
// writes it.
//
// Durability (storage/database.hpp): command_accepted tells its caller once
// the command (and every change told before it) is committed and fsynced, so
// an accepted command survives kill -9 and power loss alike. Every other change
// is buffered, coalesced (the latest state of a command or invocation
// replaces an earlier one) and committed in the database's next batch.

#include "messages/command_queries.hpp"
#include "storage/database.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace broadside::storage {

class command_store {
 public:
  struct stored_command {
    command_view view;
    std::vector<invocation_view> invocations;  // in target order
  };

  // The commands of `db`, which outlives the store. Closing the store commits
  // what it still buffers.
  explicit command_store(database& db);

  // Stores the command durably, with the others accepted meanwhile, and then
  // tells `done` on the database's writer thread: null, or why the command
  // could not be stored (its id or sequence is stored already, say).
  void command_accepted(const command_view& c, database::durable_done done);
  // The command's targets, in target order: its invocations, Pending.
  void targets_resolved(const uuid& command_id, const std::vector<std::string>& instance_ids);
  void command_changed(const uuid& command_id, command_details details,
                       const command_counts& counts);
  // The invocation's whole state, outputs included (the book keeps them once
  // it is terminal).
  void invocation_changed(const uuid& command_id, const invocation_view& i);

  // Everything stored, buffered changes included: commands in acceptance order
  // with their sequences, for the registry to rebuild its book at start-up.
  std::vector<stored_command> load();

 private:
  // Changes told and not yet committed, latest state per command and
  // invocation.
  struct batch {
    std::vector<std::pair<uuid, std::vector<std::string>>> resolutions;
    std::unordered_map<uuid, std::pair<command_details, command_counts>> commands;
    std::map<std::pair<uuid, uint32_t>, invocation_view> invocations;

    size_t size() const { return resolutions.size() + commands.size() + invocations.size(); }
  };

  static void write(sqlite::connection& db, const batch& b);
  static void read_commands(sqlite::connection& db, std::vector<stored_command>& out);

  database& db_;
  change_batch<batch> changes_;
};

}  // namespace broadside::storage
