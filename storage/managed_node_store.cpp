#include "storage/managed_node_store.hpp"

#include <nlohmann/json.hpp>

#include <exception>
#include <iostream>

namespace broadside::storage {

void managed_node_store::save(const registered_node& node) {
  auto tags = nlohmann::json(node.info.tags).dump();
  auto info = node.info;
  auto at = node.registered_ms;
  db_.write_durably_later(
      [info, tags, at](sqlite::connection& db) {
        db.prepared("INSERT OR REPLACE INTO managed_nodes (instance_id, platform, agent_version, "
                    "tags, boot_id, registered_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .bind_text(1, info.instance_id)
            .bind_text(2, wire_name(info.platform))
            .bind_text(3, info.agent_version)
            .bind_text(4, tags)
            .bind_text(5, info.boot_id)
            .bind(6, at)
            .run();
      },
      [id = info.instance_id](std::exception_ptr error) {
        if (error)
          std::cerr << "broadside: cannot record the registration of " << id << ": "
                    << database::what(error) << "\n";
      });
}

std::vector<registered_node> managed_node_store::load() {
  std::vector<registered_node> out;
  db_.read([&](sqlite::connection& db) {
    sqlite::statement rows{db, "SELECT instance_id, platform, agent_version, tags, boot_id, "
                               "registered_ms FROM managed_nodes ORDER BY rowid"};
    while (rows.next_row()) {
      registered_node n;
      n.info.instance_id = rows.text(0);
      n.info.platform = parse_platform(rows.text(1)).value_or(platform_type::linux_os);
      n.info.agent_version = rows.text(2);
      n.info.tags = nlohmann::json::parse(rows.text(3)).get<std::map<std::string, std::string>>();
      n.info.boot_id = rows.text(4);
      n.registered_ms = rows.integer(5);
      out.push_back(std::move(n));
    }
  });
  return out;
}

}  // namespace broadside::storage
