#pragma once

// A thin layer over SQLite's C API for the stores of this folder: a connection
// and its prepared statements, each failure a std::runtime_error that names the
// database file and what was being done.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace broadside::storage::sqlite {

class statement;

class connection {
 public:
  // Opens `file` for reading and writing, creating it. The connection does no
  // locking of its own: its user serializes every call.
  explicit connection(std::filesystem::path file);
  ~connection();

  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& file() const { return file_; }
  bool in_transaction() const;

  // Runs statements that return nothing needed (DDL, pragmas), parsed anew on
  // every call.
  void exec(const char* sql, std::string_view doing);
  // The statement for `sql`, prepared on its first use and kept as long as
  // the connection: the stores' frequent statements, parsed once.
  statement& prepared(std::string_view sql);
  // SQLite's last error on this connection, as an exception to throw.
  std::runtime_error error(std::string_view doing) const;

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<statement>, std::less<>> prepared_;
};

// A prepared statement. Parameters count from 1, columns from 0. Bound text and
// blobs are not copied: they must live until the statement has run.
class statement {
 public:
  statement(connection& db, std::string_view sql);
  ~statement();

  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& bind(int parameter, int64_t value);
  statement& bind_text(int parameter, std::string_view value);
  statement& bind_blob(int parameter, std::string_view value);

  // Runs it to its end, then makes it ready for the next bindings.
  void run();
  // Steps a query: true while there is a row (it is reset once there is none).
  bool next_row();

  int64_t integer(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  void rewind();

  connection& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace broadside::storage::sqlite
