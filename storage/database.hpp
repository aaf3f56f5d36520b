#pragma once

// The service's SQLite database: one file in WAL mode, one connection that
// every store of this folder shares, and one writer thread that commits what
// the stores buffer. WAL admits one writer at a time, so the stores share the
// connection (and its transactions) rather than contending for the file.
//
// Durability: a durable write is done only once it (and every change
// buffered before it) is committed and the WAL is fsynced (synchronous=FULL
// for that commit): what the service answers on (an accepted command, a
// created job, a worker's result) survives kill -9 and power loss alike. The
// writer thread commits the durable writes queued while it was busy in one
// transaction, one fsync for them all (group commit), so a caller that can
// go on meanwhile (write_durably_later, as the command registry does) waits
// neither for the disk nor for the others.
// Every other change is buffered by its store (coalesced: the latest state of
// a thing replaces an earlier one) and committed by the writer thread in one
// transaction per batch window, with synchronous=NORMAL: no fsync (only
// checkpoints sync, on that thread too). A committed batch survives kill -9
// — its WAL frames are in the OS's page cache, and SQLite replays them on the
// next open — but power loss may take back the batches since the last fsync.
// Changes not yet committed (normally under batch_window old) are lost to
// kill -9; closing a store commits them.
//
// A failed batch (a full disk, say) cannot be written again: from then on
// every call of every store throws its error, since the database no longer
// holds what it was told.

#include "storage/sqlite.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace broadside::storage {

class database {
 public:
  // How long a change waits for others to share its commit, and how many
  // buffered changes commit at once without waiting longer.
  static constexpr std::chrono::milliseconds batch_window{25};
  static constexpr size_t batch_limit = 4096;

  // One store's changes that the writer has not committed yet (change_batch
  // below). The database calls size() and take() holding its buffer lock,
  // write_taken() inside the transaction that commits them.
  class change_buffer {
   public:
    virtual ~change_buffer() = default;
    virtual size_t size() const = 0;
    // Sets the buffered changes aside for write_taken, leaving none buffered.
    virtual void take() = 0;
    virtual void write_taken(sqlite::connection& db) = 0;
  };

  // Opens the database at `file` (creating it, and its directory), in WAL
  // mode, bringing its schema up to date (storage/schema). Throws
  // std::runtime_error naming the file if it cannot: not a database, a schema
  // newer than this build's, ...
  explicit database(const std::filesystem::path& file);
  // Stops the writer. The stores go first (each commits what it buffered).
  ~database();

  database(const database&) = delete;
  database& operator=(const database&) = delete;

  const std::filesystem::path& file() const { return db_.file(); }

  // The writer commits what `b` buffers from now on.
  void attach(change_buffer& b);
  // Commits what is buffered (reporting a failure on stderr: a closing store
  // has nobody else to tell) and forgets `b`.
  void detach(change_buffer& b) noexcept;

  // Runs `add` (which adds to an attached buffer) under the buffer lock,
  // waking the writer when it should. Throws the error of a failed batch.
  template <class Add>
  void buffer(Add&& add) {
    std::lock_guard<std::mutex> lock{buffer_mtx_};
    throw_if_failed();
    auto before = buffered();
    add();
    // The writer waits for a first change, then for the window or the limit.
    auto after = buffered();
    if (before == 0 || (before < batch_limit && after >= batch_limit))
      wake_.notify_one();
  }

  using durable_write = std::function<void(sqlite::connection&)>;
  // Told on the writer thread: null once the write is durable, or its error.
  using durable_done = std::function<void(std::exception_ptr)>;
  // What a durable_done's error says ("unknown error" for one not a std::exception).
  static std::string what(std::exception_ptr error);

  // Queues `write` for the writer thread, which commits what is buffered,
  // then `write` with the other durable writes queued meanwhile in one
  // transaction, and fsyncs; then tells `done`. A write that throws is rolled
  // back alone (the others are committed without it) and `done` gets its
  // error; the database stays usable. Writes are committed in queue order;
  // each is told before the writer closes.
  void write_durably_later(durable_write write, durable_done done);
  // The same, waiting: durable when it returns, or throws the write's error.
  // Not from a `done`.
  void write_durably(const durable_write& write);

  // A `done` that sets `p`: its value once durable, or the write's error.
  static durable_done fulfilling(std::promise<void>& p) {
    return [&p](std::exception_ptr error) {
      if (error)
        p.set_exception(error);
      else
        p.set_value();
    };
  }
  // Runs `start(done)`, which begins a durable write that tells `done` (a
  // store's call that takes one, say), and waits for it: returns once it is
  // durable, or throws its error. Not from a `done`.
  template <class Start>
  static void wait_until_durable(Start&& start) {
    std::promise<void> stored;
    auto durable = stored.get_future();
    start(fulfilling(stored));
    durable.get();
  }
  // Commits what is buffered, then runs `read` alone on the connection: it
  // sees every change told before.
  void read(const std::function<void(sqlite::connection&)>& read);

 private:
  void open();
  size_t buffered() const;  // needs buffer_mtx_
  void throw_if_failed() const;
  // Commits every buffer in one transaction. Needs db_mtx_.
  void commit_buffered();
  void write_loop();
  // Copies the WAL into the database once it has grown. Needs db_mtx_.
  void checkpoint_if_due();
  struct queued_write {
    durable_write write;
    durable_done done;
  };
  // Commits `group` durably in one transaction and tells each. Needs db_mtx_.
  void commit_durably(std::vector<queued_write>& group);

  // Lock order: db_mtx_, then buffer_mtx_. The writer holds db_mtx_ while it
  // commits; adding to a buffer only ever waits for buffer_mtx_.
  std::mutex db_mtx_;
  sqlite::connection db_;
  int wal_pages_ = 0;  // after the last commit

  mutable std::mutex buffer_mtx_;
  std::condition_variable wake_;
  std::vector<change_buffer*> buffers_;
  std::vector<queued_write> durable_queue_;
  std::exception_ptr failure_;
  bool closing_ = false;
  std::thread writer_;
};

// A store's buffer: a Batch of changes that coalesces them as the store needs
// (its size() counts what there is to write), written by `write` inside the
// writer's transaction. Attached for its lifetime; its end commits it.
template <class Batch>
class change_batch final : public database::change_buffer {
 public:
  using writer = void (*)(sqlite::connection& db, const Batch& batch);

  change_batch(database& db, writer write) : db_(db), write_(write) { db_.attach(*this); }
  ~change_batch() override { db_.detach(*this); }

  change_batch(const change_batch&) = delete;
  change_batch& operator=(const change_batch&) = delete;

  // Adds a change: calls `change(Batch&)` under the buffer lock. Throws the
  // error of a failed batch.
  template <class Change>
  void add(Change&& change) {
    db_.buffer([&] { change(buffered_); });
  }

  size_t size() const override { return buffered_.size(); }
  void take() override { taken_ = std::exchange(buffered_, Batch{}); }
  void write_taken(sqlite::connection& db) override {
    auto batch = std::exchange(taken_, Batch{});
    write_(db, batch);
  }

 private:
  database& db_;
  writer write_;
  Batch buffered_;  // under the database's buffer lock
  Batch taken_;     // under its connection lock, while it commits
};

}  // namespace broadside::storage
