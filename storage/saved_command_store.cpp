#include "storage/saved_command_store.hpp"

#include "storage/request_json.hpp"

namespace broadside::storage {

void saved_command_store::save(const saved_command& command) {
  auto definition = encode_saved_command(command);
  db_.write_durably([&](sqlite::connection& db) {
    db.prepared("INSERT OR REPLACE INTO saved_commands (command_id, definition) VALUES (?1, ?2)")
        .bind_text(1, command.task.command_id)
        .bind_text(2, definition)
        .run();
  });
}

std::vector<saved_command> saved_command_store::load() {
  std::vector<saved_command> out;
  db_.read([&](sqlite::connection& db) {
    sqlite::statement rows{db, "SELECT definition FROM saved_commands ORDER BY rowid"};
    while (rows.next_row())
      out.push_back(decode_saved_command(rows.text(0)));
  });
  return out;
}

}  // namespace broadside::storage
