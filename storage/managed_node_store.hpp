#pragma once

// The real agents that have registered with `serve --agents-listen`, in the
// service's database: a restarted service lists them (ConnectionLost) and
// accepts commands for them before they reconnect, as SSM keeps its managed
// nodes registered. A registration is written on the database's writer
// thread without waiting: losing the last ones to a crash only means their
// agents register again when they reconnect.

#include "messages/fleet.hpp"
#include "storage/database.hpp"

#include <cstdint>
#include <vector>

namespace broadside::storage {

struct registered_node {
  node_info info;
  int64_t registered_ms = 0;  // when its agent last said hello
};

class managed_node_store {
 public:
  explicit managed_node_store(database& db) : db_(db) {}

  // Inserts or replaces the node of `info.instance_id`.
  void save(const registered_node& node);
  std::vector<registered_node> load();

 private:
  database& db_;
};

}  // namespace broadside::storage
