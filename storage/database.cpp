#include "storage/database.hpp"

#include "storage/schema.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <iostream>
#include <numeric>
#include <stdexcept>

namespace broadside::storage {

namespace {

// Checkpoint once the WAL holds this many pages (SQLite's own default).
constexpr int checkpoint_pages = 1000;

const std::filesystem::path& with_directory(const std::filesystem::path& file) {
  if (file.has_parent_path())
    std::filesystem::create_directories(file.parent_path());
  return file;
}

}  // namespace

database::database(const std::filesystem::path& file) : db_(with_directory(file)) {
  open();
  writer_ = std::thread{[this] { write_loop(); }};
}

void database::open() {
  {
    // Also the first read of the file: where a file that is no database shows.
    sqlite::statement mode{db_, "PRAGMA journal_mode = WAL"};
    if (!mode.next_row() || mode.text(0) != "wal")
      throw std::runtime_error{db_.file().string() + ": cannot use a write-ahead log here"};
    mode.next_row();
  }
  // Set per connection: NORMAL for the batches, FULL around each durable write.
  db_.exec("PRAGMA synchronous = NORMAL", "setting synchronous");
  // Checkpoints run on the writer's thread (checkpoint_if_due), never inside
  // write_durably; this hook replaces SQLite's automatic checkpoints.
  sqlite3_wal_hook(
      db_.handle(),
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<database*>(self)->wal_pages_ = pages;
        return SQLITE_OK;
      },
      this);
  schema::upgrade(db_);
}

database::~database() {
  {
    std::lock_guard<std::mutex> lock{buffer_mtx_};
    closing_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void database::attach(change_buffer& b) {
  std::lock_guard<std::mutex> lock{buffer_mtx_};
  buffers_.push_back(&b);
}

void database::detach(change_buffer& b) noexcept {
  std::lock_guard<std::mutex> lock{db_mtx_};
  try {
    commit_buffered();
  } catch (const std::exception& e) {
    std::cerr << "broadside: database " << db_.file().string() << ": " << e.what() << '\n';
  }
  std::lock_guard<std::mutex> buffer_lock{buffer_mtx_};
  buffers_.erase(std::find(buffers_.begin(), buffers_.end(), &b));
}

size_t database::buffered() const {
  return std::accumulate(buffers_.begin(), buffers_.end(), size_t{0},
                         [](size_t n, const change_buffer* b) { return n + b->size(); });
}

void database::throw_if_failed() const {
  if (failure_)
    std::rethrow_exception(failure_);
}

void database::commit_buffered() {
  std::vector<change_buffer*> taken;
  {
    std::lock_guard<std::mutex> lock{buffer_mtx_};
    throw_if_failed();
    for (auto* b : buffers_)
      if (b->size() > 0) {
        b->take();
        taken.push_back(b);
      }
  }
  if (taken.empty())
    return;
  try {
    db_.prepared("BEGIN").run();
    for (auto* b : taken)
      b->write_taken(db_);
    db_.prepared("COMMIT").run();
  } catch (...) {
    // Some errors roll back by themselves. A failing ROLLBACK would add
    // nothing to the first error.
    if (db_.in_transaction())
      sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    std::lock_guard<std::mutex> lock{buffer_mtx_};
    failure_ = std::current_exception();
    throw;
  }
}

std::string database::what(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

void database::write_durably_later(durable_write write, durable_done done) {
  std::lock_guard<std::mutex> lock{buffer_mtx_};
  if (closing_)
    throw std::logic_error{"database " + db_.file().string() + " is closing"};
  durable_queue_.push_back({std::move(write), std::move(done)});
  if (durable_queue_.size() == 1)
    wake_.notify_one();
}

void database::write_durably(const durable_write& write) {
  wait_until_durable([&](durable_done done) { write_durably_later(write, std::move(done)); });
}

void database::commit_durably(std::vector<queued_write>& group) {
  auto tell = [](queued_write& w, std::exception_ptr error) {
    try {
      w.done(error);
    } catch (...) {
      // A listener's failure is not the write's.
    }
  };
  try {
    commit_buffered();
  } catch (...) {
    for (auto& w : group)
      tell(w, std::current_exception());
    return;
  }
  // In WAL mode FULL fsyncs the WAL at this commit: the writes, and the
  // batches committed with NORMAL before them, survive power loss too. kill
  // -9 alone would not need it (a commit is in the OS's page cache once
  // COMMIT returns), but what the service answers on is a promise to the
  // caller. A pragma takes effect when prepared, so it is executed anew each
  // time, never inside a transaction.
  db_.exec("PRAGMA synchronous = FULL", "setting synchronous");
  size_t failed = group.size();  // the write that threw, if one did
  std::exception_ptr error;
  try {
    db_.prepared("BEGIN").run();
    for (failed = 0; failed < group.size(); ++failed)
      group[failed].write(db_);
    db_.prepared("COMMIT").run();
  } catch (...) {
    error = std::current_exception();
    if (db_.in_transaction())
      sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  db_.exec("PRAGMA synchronous = NORMAL", "setting synchronous");
  if (!error) {
    for (auto& w : group)
      tell(w, nullptr);
    return;
  }
  if (group.size() == 1 || failed == group.size()) {
    // The write alone, or the COMMIT of them all (a full disk, say).
    for (auto& w : group)
      tell(w, error);
    return;
  }
  // One write threw: it fails alone, the others are committed without it.
  tell(group[failed], error);
  group.erase(group.begin() + static_cast<std::ptrdiff_t>(failed));
  commit_durably(group);
}

void database::read(const std::function<void(sqlite::connection&)>& read) {
  std::lock_guard<std::mutex> lock{db_mtx_};
  commit_buffered();
  read(db_);
}

void database::write_loop() {
  std::unique_lock<std::mutex> lock{buffer_mtx_};
  for (;;) {
    // Buffered changes wait for the batch window; durable writes do not (the
    // ones that come while a group is being fsynced make the next group).
    wake_.wait(lock, [&] { return closing_ || buffered() > 0 || !durable_queue_.empty(); });
    wake_.wait_for(lock, batch_window, [&] {
      return closing_ || buffered() >= batch_limit || !durable_queue_.empty();
    });
    auto group = std::exchange(durable_queue_, {});
    bool closing = closing_;
    lock.unlock();
    {
      std::lock_guard<std::mutex> db_lock{db_mtx_};
      if (!group.empty()) {
        commit_durably(group);
      } else if (!closing) {
        try {
          commit_buffered();
        } catch (const std::exception&) {
          // Kept in failure_: the stores' next calls throw it.
        }
      }
      checkpoint_if_due();
    }
    if (closing && group.empty())
      return;  // each store commits what is left as it detaches
    lock.lock();
  }
}

void database::checkpoint_if_due() {
  if (wal_pages_ < checkpoint_pages)
    return;
  // PASSIVE: nothing else uses the database, so it copies the whole WAL and
  // the next commit starts writing it from its beginning again. One that
  // fails loses nothing (the WAL keeps it all) and is tried after the next
  // batch again.
  if (sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr)
      == SQLITE_OK)
    wal_pages_ = 0;
}

}  // namespace broadside::storage
