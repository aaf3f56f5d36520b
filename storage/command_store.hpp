#pragma once

// The service's commands on disk, in SQLite: every accepted command, each
// target's invocation and its outputs, so that `broadside serve` rebuilds its
// command book after a restart, also after kill -9. The command registry tells
// the store what happens, in order, from one thread; the store writes it.
//
// Durability: command_accepted returns only once the command (and every change
// told before it) is committed and the WAL is fsynced (synchronous=FULL for
// that commit), so an accepted command survives kill -9 and power loss alike.
// Every other change is buffered, coalesced (the latest state of a command or
// invocation replaces an earlier one) and committed by the store's own thread
// in one transaction per batch window, with synchronous=NORMAL: no fsync
// (only checkpoints sync, on that thread too). A committed batch survives
// kill -9 — its WAL frames are in the OS's page cache, and SQLite replays
// them on the next open — but power loss may take back the batches since the
// last fsync. Changes not yet committed (normally under batch_window old) are
// lost to kill -9; the destructor commits them.
//
// A failed batch (a full disk, say) cannot be written again: from then on every
// call throws its error, since the store no longer holds what it was told.

#include "messages/command_queries.hpp"
#include "storage/sqlite.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace broadside::storage {

class command_store {
 public:
  // How long a change waits for others to share its commit, and how many
  // buffered changes commit at once without waiting longer.
  static constexpr std::chrono::milliseconds batch_window{25};
  static constexpr size_t batch_limit = 4096;

  struct stored_command {
    command_view view;
    std::vector<invocation_view> invocations;  // in target order
  };

  // Opens the database at `file` (creating it, and its directory), in WAL
  // mode, creating the schema if the file has none. Throws std::runtime_error
  // naming the file if it cannot: not a database, a schema newer than this
  // build's, ...
  explicit command_store(const std::filesystem::path& file);
  // Commits what is still buffered.
  ~command_store();

  command_store(const command_store&) = delete;
  command_store& operator=(const command_store&) = delete;

  // Durable when it returns; throws if the command cannot be stored (its id or
  // sequence is stored already, say).
  void command_accepted(const command_view& c);
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

  void open_schema();
  // Adds to the buffer (under buffer_mtx_), waking the writer when it should.
  template <class Add>
  void buffer(Add&& add);
  void throw_if_failed() const;
  // Commits the buffer in one transaction. Needs db_mtx_.
  void write_buffered();
  void write(const batch& b);
  void write_loop();
  // Copies the WAL into the database once it has grown. Needs db_mtx_.
  void checkpoint_if_due();

  // Lock order: db_mtx_, then buffer_mtx_. The writer holds db_mtx_ while it
  // commits; adding to the buffer only ever waits for buffer_mtx_.
  std::mutex db_mtx_;
  sqlite::connection db_;
  int wal_pages_ = 0;  // after the last commit
  struct statements;    // prepared once the schema is there
  std::unique_ptr<statements> sql_;

  mutable std::mutex buffer_mtx_;
  std::condition_variable wake_;
  batch buffered_;
  std::exception_ptr failure_;
  bool closing_ = false;
  std::thread writer_;
};

}  // namespace broadside::storage
