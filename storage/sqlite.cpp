#include "storage/sqlite.hpp"

#include <sqlite3.h>

namespace broadside::storage::sqlite {

connection::connection(std::filesystem::path file) : file_(std::move(file)) {
  // NOMUTEX: the store serializes its calls itself, so SQLite's own mutex
  // would only add a lock per call.
  auto rc = sqlite3_open_v2(file_.c_str(), &db_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    throw std::runtime_error{file_.string() + ": opening: " + message};
  }
}

// close_v2: a statement finalized after its connection closes is no leak.
connection::~connection() { sqlite3_close_v2(db_); }

bool connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void connection::exec(const char* sql, std::string_view doing) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw error(doing);
}

statement& connection::prepared(std::string_view sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end())
    it = prepared_.emplace(std::string{sql}, std::make_unique<statement>(*this, sql)).first;
  return *it->second;
}

std::runtime_error connection::error(std::string_view doing) const {
  return std::runtime_error{file_.string() + ": " + std::string{doing} + ": "
                            + sqlite3_errmsg(db_)};
}

statement::statement(connection& db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v3(db_.handle(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr)
      != SQLITE_OK)
    throw db_.error("preparing " + std::string{sql});
}

statement::~statement() { sqlite3_finalize(stmt_); }

statement& statement::bind(int parameter, int64_t value) {
  if (sqlite3_bind_int64(stmt_, parameter, value) != SQLITE_OK)
    throw db_.error(sqlite3_sql(stmt_));
  return *this;
}

statement& statement::bind_text(int parameter, std::string_view value) {
  if (sqlite3_bind_text64(stmt_, parameter, value.data(), value.size(), SQLITE_STATIC,
                          SQLITE_UTF8)
      != SQLITE_OK)
    throw db_.error(sqlite3_sql(stmt_));
  return *this;
}

statement& statement::bind_blob(int parameter, std::string_view value) {
  // A zero-length blob with a null pointer would be stored as NULL.
  static const char empty = 0;
  if (sqlite3_bind_blob64(stmt_, parameter, value.empty() ? &empty : value.data(), value.size(),
                          SQLITE_STATIC)
      != SQLITE_OK)
    throw db_.error(sqlite3_sql(stmt_));
  return *this;
}

void statement::run() {
  while (next_row()) {
  }
}

bool statement::next_row() {
  auto rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW)
    return true;
  if (rc != SQLITE_DONE) {
    auto failure = db_.error(sqlite3_sql(stmt_));  // before rewinding, which may reword it
    rewind();
    throw failure;
  }
  rewind();
  return false;
}

void statement::rewind() {
  sqlite3_reset(stmt_);
  // Bindings point into the caller's strings, which are gone by the next run.
  sqlite3_clear_bindings(stmt_);
}

int64_t statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string statement::text(int column) const {
  auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string{reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, column))}
           : std::string{};
}

std::string statement::blob(int column) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return p ? std::string{p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))}
           : std::string{};
}

}  // namespace broadside::storage::sqlite
