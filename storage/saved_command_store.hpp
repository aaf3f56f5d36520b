#pragma once

// Cloud Assistant's saved commands (CreateCommand, RunCommand KeepCommand) in
// the service's database, so that InvokeCommand finds them after a restart.
// A save is durable before it returns: CreateCommand answers on it.

#include "messages/saved_command.hpp"
#include "storage/database.hpp"

#include <vector>

namespace broadside::storage {

class saved_command_store {
 public:
  explicit saved_command_store(database& db) : db_(db) {}

  void save(const saved_command& command);
  std::vector<saved_command> load();

 private:
  database& db_;
};

}  // namespace broadside::storage
