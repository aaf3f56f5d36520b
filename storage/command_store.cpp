#include "storage/command_store.hpp"

#include "storage/request_json.hpp"

#include <sqlite3.h>

#include <iostream>
#include <stdexcept>

namespace broadside::storage {

namespace {

// PRAGMA user_version of the schema below (which sets it); a database of a
// newer one is refused rather than misread.
constexpr int64_t schema_version = 1;

// Statuses by wire name, uuids as text: readable with the sqlite3 shell.
constexpr const char* schema = R"(
BEGIN;
CREATE TABLE commands (
  sequence INTEGER PRIMARY KEY,
  command_id TEXT NOT NULL UNIQUE,
  request TEXT NOT NULL,
  requested_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  details TEXT NOT NULL,
  target_count INTEGER NOT NULL,
  completed_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  delivery_timed_out_count INTEGER NOT NULL
);
CREATE TABLE invocations (
  sequence INTEGER NOT NULL REFERENCES commands (sequence),
  target INTEGER NOT NULL,
  instance_id TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT 'Pending',
  response_code INTEGER NOT NULL DEFAULT -1,
  start_ms INTEGER NOT NULL DEFAULT -1,
  end_ms INTEGER NOT NULL DEFAULT -1,
  standard_output BLOB NOT NULL DEFAULT x'',
  standard_error BLOB NOT NULL DEFAULT x'',
  PRIMARY KEY (sequence, target)
);
PRAGMA user_version = 1;
COMMIT;
)";

// Checkpoint once the WAL holds this many pages (SQLite's own default).
constexpr int checkpoint_pages = 1000;

template <class Details, class Parse>
Details parse_details(const std::string& wire, Parse&& parse) {
  if (auto d = parse(wire))
    return *d;
  throw std::runtime_error{"unknown StatusDetails \"" + wire + "\" in the command store"};
}

const std::filesystem::path& with_directory(const std::filesystem::path& file) {
  if (file.has_parent_path())
    std::filesystem::create_directories(file.parent_path());
  return file;
}

}  // namespace

struct command_store::statements {
  explicit statements(sqlite::connection& db)
      : begin(db, "BEGIN"),
        commit(db, "COMMIT"),
        insert_command(db,
                       "INSERT INTO commands VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        insert_invocation(db,
                          "INSERT INTO invocations (sequence, target, instance_id) "
                          "SELECT sequence, ?2, ?3 FROM commands WHERE command_id = ?1"),
        update_command(db,
                       "UPDATE commands SET details = ?2, target_count = ?3, completed_count = ?4, "
                       "error_count = ?5, delivery_timed_out_count = ?6 WHERE command_id = ?1"),
        update_invocation(db,
                          "UPDATE invocations SET details = ?3, response_code = ?4, "
                          "start_ms = ?5, end_ms = ?6, standard_output = ?7, standard_error = ?8 "
                          "WHERE sequence = (SELECT sequence FROM commands WHERE command_id = ?1) "
                          "AND target = ?2") {}

  sqlite::statement begin;
  sqlite::statement commit;
  sqlite::statement insert_command;
  sqlite::statement insert_invocation;
  sqlite::statement update_command;
  sqlite::statement update_invocation;
};

command_store::command_store(const std::filesystem::path& file)
    : db_(with_directory(file)) {
  open_schema();
  sql_ = std::make_unique<statements>(db_);
  writer_ = std::thread{[this] { write_loop(); }};
}

void command_store::open_schema() {
  {
    // Also the first read of the file: where a file that is no database shows.
    sqlite::statement mode{db_, "PRAGMA journal_mode = WAL"};
    if (!mode.next_row() || mode.text(0) != "wal")
      throw std::runtime_error{db_.file().string() + ": cannot use a write-ahead log here"};
    mode.next_row();
  }
  // Set per connection: NORMAL for the batches, FULL around each acceptance.
  db_.exec("PRAGMA synchronous = NORMAL", "setting synchronous");
  // Checkpoints run on the writer's thread (checkpoint_if_due), never inside
  // command_accepted; this hook replaces SQLite's automatic checkpoints.
  sqlite3_wal_hook(
      db_.handle(),
      [](void* store, sqlite3*, const char*, int pages) {
        static_cast<command_store*>(store)->wal_pages_ = pages;
        return SQLITE_OK;
      },
      this);
  sqlite::statement version_query{db_, "PRAGMA user_version"};
  version_query.next_row();
  auto version = version_query.integer(0);
  version_query.next_row();
  if (version > schema_version)
    throw std::runtime_error{db_.file().string() + ": a command store of schema version "
                             + std::to_string(version) + ", newer than this build's ("
                             + std::to_string(schema_version) + ")"};
  if (version == 0)
    db_.exec(schema, "creating the schema");
}

command_store::~command_store() {
  {
    std::lock_guard<std::mutex> lock{buffer_mtx_};
    closing_ = true;
  }
  wake_.notify_one();
  writer_.join();
  try {
    std::lock_guard<std::mutex> lock{db_mtx_};
    write_buffered();
  } catch (const std::exception& e) {
    // Nobody is left to tell but the operator.
    std::cerr << "broadside: command store: " << e.what() << '\n';
  }
}

void command_store::command_accepted(const command_view& c) {
  auto request = encode_request(*c.request);
  auto id = to_string(c.request->command_id);
  std::lock_guard<std::mutex> lock{db_mtx_};
  write_buffered();
  // In WAL mode FULL fsyncs the WAL at this commit: the command, and the
  // batches committed with NORMAL before it, survive power loss too. kill -9
  // alone would not need it (a commit is in the OS's page cache once
  // COMMIT returns), but an accepted command is a promise to the caller, and
  // SendCommand is rare enough for one fsync each. A pragma takes effect
  // when prepared, so it is executed anew each time, never inside a
  // transaction.
  db_.exec("PRAGMA synchronous = FULL", "setting synchronous");
  try {
    sql_->insert_command.bind(1, static_cast<int64_t>(c.sequence))
        .bind_text(2, id)
        .bind_text(3, request)
        .bind(4, c.requested_ms)
        .bind(5, c.expires_ms)
        .bind_text(6, wire_name(c.details))
        .bind(7, c.counts.target_count)
        .bind(8, c.counts.completed_count)
        .bind(9, c.counts.error_count)
        .bind(10, c.counts.delivery_timed_out_count)
        .run();
  } catch (...) {
    db_.exec("PRAGMA synchronous = NORMAL", "setting synchronous");
    throw;
  }
  db_.exec("PRAGMA synchronous = NORMAL", "setting synchronous");
}

void command_store::targets_resolved(const uuid& command_id,
                                     const std::vector<std::string>& instance_ids) {
  buffer([&](batch& b) { b.resolutions.emplace_back(command_id, instance_ids); });
}

void command_store::command_changed(const uuid& command_id, command_details details,
                                    const command_counts& counts) {
  buffer([&](batch& b) { b.commands[command_id] = {details, counts}; });
}

void command_store::invocation_changed(const uuid& command_id, const invocation_view& i) {
  buffer([&](batch& b) { b.invocations[{command_id, i.target}] = i; });
}

template <class Add>
void command_store::buffer(Add&& add) {
  std::lock_guard<std::mutex> lock{buffer_mtx_};
  throw_if_failed();
  auto was_empty = buffered_.size() == 0;
  add(buffered_);
  // The writer waits for a first change, then for the window or the limit.
  if (was_empty || buffered_.size() == batch_limit)
    wake_.notify_one();
}

void command_store::throw_if_failed() const {
  if (failure_)
    std::rethrow_exception(failure_);
}

void command_store::write_buffered() {
  batch b;
  {
    std::lock_guard<std::mutex> lock{buffer_mtx_};
    throw_if_failed();
    std::swap(b, buffered_);
  }
  if (b.size() == 0)
    return;
  try {
    write(b);
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

void command_store::write(const batch& b) {
  auto& sql = *sql_;
  sql.begin.run();
  // Resolutions first: a command's invocations change only once it has them.
  for (const auto& [id, instance_ids] : b.resolutions) {
    auto text = to_string(id);
    for (uint32_t t = 0; t < instance_ids.size(); ++t)
      sql.insert_invocation.bind_text(1, text).bind(2, t).bind_text(3, instance_ids[t]).run();
  }
  for (const auto& [id, state] : b.commands) {
    const auto& [details, counts] = state;
    sql.update_command.bind_text(1, to_string(id))
        .bind_text(2, wire_name(details))
        .bind(3, counts.target_count)
        .bind(4, counts.completed_count)
        .bind(5, counts.error_count)
        .bind(6, counts.delivery_timed_out_count)
        .run();
  }
  for (const auto& [key, i] : b.invocations) {
    sql.update_invocation.bind_text(1, to_string(key.first))
        .bind(2, key.second)
        .bind_text(3, wire_name(i.details))
        .bind(4, i.response_code)
        .bind(5, i.start_ms)
        .bind(6, i.end_ms)
        .bind_blob(7, i.standard_output)
        .bind_blob(8, i.standard_error)
        .run();
  }
  sql.commit.run();
}

void command_store::write_loop() {
  std::unique_lock<std::mutex> lock{buffer_mtx_};
  for (;;) {
    wake_.wait(lock, [&] { return closing_ || buffered_.size() > 0; });
    wake_.wait_for(lock, batch_window,
                   [&] { return closing_ || buffered_.size() >= batch_limit; });
    if (closing_)
      return;  // the destructor commits what is left
    lock.unlock();
    {
      std::lock_guard<std::mutex> db_lock{db_mtx_};
      try {
        write_buffered();
      } catch (const std::exception&) {
        // Kept in failure_: the registry's next call throws it.
      }
      checkpoint_if_due();
    }
    lock.lock();
  }
}

void command_store::checkpoint_if_due() {
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

std::vector<command_store::stored_command> command_store::load() {
  std::lock_guard<std::mutex> lock{db_mtx_};
  write_buffered();
  std::vector<stored_command> out;
  sqlite::statement commands{
      db_,
      "SELECT sequence, request, requested_ms, expires_ms, details, target_count, "
      "completed_count, error_count, delivery_timed_out_count FROM commands ORDER BY sequence"};
  while (commands.next_row()) {
    auto& v = out.emplace_back().view;
    v.sequence = static_cast<uint64_t>(commands.integer(0));
    v.request = std::make_shared<const send_command>(decode_request(commands.text(1)));
    v.requested_ms = commands.integer(2);
    v.expires_ms = commands.integer(3);
    v.details = parse_details<command_details>(commands.text(4), parse_command_details);
    v.counts.target_count = static_cast<uint32_t>(commands.integer(5));
    v.counts.completed_count = static_cast<uint32_t>(commands.integer(6));
    v.counts.error_count = static_cast<uint32_t>(commands.integer(7));
    v.counts.delivery_timed_out_count = static_cast<uint32_t>(commands.integer(8));
  }
  sqlite::statement invocations{
      db_,
      "SELECT sequence, target, instance_id, details, response_code, start_ms, end_ms, "
      "standard_output, standard_error FROM invocations ORDER BY sequence, target"};
  // Both in sequence order: walk the commands along.
  auto command = out.begin();
  while (invocations.next_row()) {
    auto sequence = static_cast<uint64_t>(invocations.integer(0));
    while (command != out.end() && command->view.sequence < sequence)
      ++command;
    if (command == out.end() || command->view.sequence != sequence)
      throw std::runtime_error{db_.file().string() + ": an invocation of no stored command"};
    auto& i = command->invocations.emplace_back();
    i.target = static_cast<uint32_t>(invocations.integer(1));
    i.instance_id = invocations.text(2);
    i.details = parse_details<invocation_details>(invocations.text(3), parse_invocation_details);
    i.response_code = static_cast<int32_t>(invocations.integer(4));
    i.start_ms = invocations.integer(5);
    i.end_ms = invocations.integer(6);
    i.standard_output = invocations.blob(7);
    i.standard_error = invocations.blob(8);
  }
  return out;
}

}  // namespace broadside::storage
