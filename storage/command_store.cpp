#include "storage/command_store.hpp"

#include "storage/request_json.hpp"

#include <stdexcept>

namespace broadside::storage {

namespace {

constexpr const char* insert_command =
    "INSERT INTO commands VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* insert_invocation =
    "INSERT INTO invocations (sequence, target, instance_id) "
    "SELECT sequence, ?2, ?3 FROM commands WHERE command_id = ?1";
constexpr const char* update_command =
    "UPDATE commands SET details = ?2, target_count = ?3, completed_count = ?4, "
    "error_count = ?5, delivery_timed_out_count = ?6 WHERE command_id = ?1";
constexpr const char* update_invocation =
    "UPDATE invocations SET details = ?3, response_code = ?4, "
    "start_ms = ?5, end_ms = ?6, standard_output = ?7, standard_error = ?8, error_code = ?9, "
    "output_dropped = ?10 "
    "WHERE sequence = (SELECT sequence FROM commands WHERE command_id = ?1) "
    "AND target = ?2";

template <class Details, class Parse>
Details parse_details(const std::string& wire, Parse&& parse) {
  if (auto d = parse(wire))
    return *d;
  throw std::runtime_error{"unknown StatusDetails \"" + wire + "\" in the command store"};
}

instance_error parse_error_code(const std::string& wire) {
  if (wire.empty())
    return instance_error::none;
  if (auto e = parse_instance_error(wire))
    return *e;
  throw std::runtime_error{"unknown ErrorCode \"" + wire + "\" in the command store"};
}

}  // namespace

command_store::command_store(database& db) : db_(db), changes_(db, &command_store::write) {}

void command_store::command_accepted(const command_view& c, database::durable_done done) {
  auto write = [sequence = static_cast<int64_t>(c.sequence), id = to_string(c.request->command_id),
                request = encode_request(*c.request), requested_ms = c.requested_ms,
                expires_ms = c.expires_ms, details = wire_name(c.details),
                counts = c.counts](sqlite::connection& db) {
    db.prepared(insert_command)
        .bind(1, sequence)
        .bind_text(2, id)
        .bind_text(3, request)
        .bind(4, requested_ms)
        .bind(5, expires_ms)
        .bind_text(6, details)
        .bind(7, counts.target_count)
        .bind(8, counts.completed_count)
        .bind(9, counts.error_count)
        .bind(10, counts.delivery_timed_out_count)
        .run();
  };
  db_.write_durably_later(std::move(write), std::move(done));
}

void command_store::targets_resolved(const uuid& command_id,
                                     const std::vector<std::string>& instance_ids) {
  changes_.add([&](batch& b) { b.resolutions.emplace_back(command_id, instance_ids); });
}

void command_store::command_changed(const uuid& command_id, command_details details,
                                    const command_counts& counts) {
  changes_.add([&](batch& b) { b.commands[command_id] = {details, counts}; });
}

void command_store::invocation_changed(const uuid& command_id, const invocation_view& i) {
  changes_.add([&](batch& b) { b.invocations[{command_id, i.target}] = i; });
}

void command_store::write(sqlite::connection& db, const batch& b) {
  // Resolutions first: a command's invocations change only once it has them.
  for (const auto& [id, instance_ids] : b.resolutions) {
    auto text = to_string(id);
    for (uint32_t t = 0; t < instance_ids.size(); ++t)
      db.prepared(insert_invocation)
          .bind_text(1, text)
          .bind(2, t)
          .bind_text(3, instance_ids[t])
          .run();
  }
  for (const auto& [id, state] : b.commands) {
    const auto& [details, counts] = state;
    db.prepared(update_command)
        .bind_text(1, to_string(id))
        .bind_text(2, wire_name(details))
        .bind(3, counts.target_count)
        .bind(4, counts.completed_count)
        .bind(5, counts.error_count)
        .bind(6, counts.delivery_timed_out_count)
        .run();
  }
  for (const auto& [key, i] : b.invocations) {
    db.prepared(update_invocation)
        .bind_text(1, to_string(key.first))
        .bind(2, key.second)
        .bind_text(3, wire_name(i.details))
        .bind(4, i.response_code)
        .bind(5, i.start_ms)
        .bind(6, i.end_ms)
        .bind_blob(7, i.standard_output)
        .bind_blob(8, i.standard_error)
        .bind_text(9, wire_name(i.error))
        .bind(10, static_cast<int64_t>(i.output_dropped))
        .run();
  }
}

std::vector<command_store::stored_command> command_store::load() {
  std::vector<stored_command> out;
  db_.read([&](sqlite::connection& db) { read_commands(db, out); });
  return out;
}

void command_store::read_commands(sqlite::connection& db, std::vector<stored_command>& out) {
  sqlite::statement commands{
      db,
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
      db,
      "SELECT sequence, target, instance_id, details, response_code, start_ms, end_ms, "
      "standard_output, standard_error, error_code, output_dropped FROM invocations "
      "ORDER BY sequence, target"};
  // Both in sequence order: walk the commands along.
  auto command = out.begin();
  while (invocations.next_row()) {
    auto sequence = static_cast<uint64_t>(invocations.integer(0));
    while (command != out.end() && command->view.sequence < sequence)
      ++command;
    if (command == out.end() || command->view.sequence != sequence)
      throw std::runtime_error{db.file().string() + ": an invocation of no stored command"};
    auto& i = command->invocations.emplace_back();
    i.target = static_cast<uint32_t>(invocations.integer(1));
    i.instance_id = invocations.text(2);
    i.details = parse_details<invocation_details>(invocations.text(3), parse_invocation_details);
    i.response_code = static_cast<int32_t>(invocations.integer(4));
    i.start_ms = invocations.integer(5);
    i.end_ms = invocations.integer(6);
    i.standard_output = invocations.blob(7);
    i.standard_error = invocations.blob(8);
    i.error = parse_error_code(invocations.text(9));
    i.output_dropped = static_cast<uint64_t>(invocations.integer(10));
  }
}

}  // namespace broadside::storage
