#include "storage/schema.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace broadside::storage::schema {

namespace {

// Step n brings version n to n + 1 (and sets user_version to it). Statuses by
// wire name, uuids as text, structured values as JSON: readable with the
// sqlite3 shell (json_extract).
constexpr std::array<const char*, version> steps{
    R"(
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
)",
    // The job source's jobs in creation order (sequence), and the nonces it
    // may have handed out (job_store::nonces_reserved).
    R"(
BEGIN;
CREATE TABLE jobs (
  sequence INTEGER PRIMARY KEY,
  job_id TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  nonce TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE TABLE job_nonces (reserved INTEGER NOT NULL);
INSERT INTO job_nonces VALUES (0);
PRAGMA user_version = 2;
COMMIT;
)",
    // Cloud Assistant's ErrorCode of each invocation, by wire name ('' for
    // none): invocations stored before it have none.
    R"(
BEGIN;
ALTER TABLE invocations ADD COLUMN error_code TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 3;
COMMIT;
)",
    // Cloud Assistant's saved commands (CreateCommand), as JSON text.
    R"(
BEGIN;
CREATE TABLE saved_commands (
  command_id TEXT PRIMARY KEY,
  definition TEXT NOT NULL
);
PRAGMA user_version = 4;
COMMIT;
)",
    // Cloud Assistant's Dropped, less the part the API cuts itself: what the
    // agent wrote beyond its capture limit. Earlier runs dropped nothing known.
    R"(
BEGIN;
ALTER TABLE invocations ADD COLUMN output_dropped INTEGER NOT NULL DEFAULT 0;
PRAGMA user_version = 5;
COMMIT;
)",
    // The real agents that have registered (`serve --agents-listen`): a
    // restarted service knows them before they reconnect. Tags as JSON.
    R"(
BEGIN;
CREATE TABLE managed_nodes (
  instance_id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  agent_version TEXT NOT NULL,
  tags TEXT NOT NULL,
  boot_id TEXT NOT NULL,
  registered_ms INTEGER NOT NULL
);
PRAGMA user_version = 6;
COMMIT;
)",
};

}  // namespace

void upgrade(sqlite::connection& db) {
  sqlite::statement query{db, "PRAGMA user_version"};
  query.next_row();
  auto current = query.integer(0);
  query.next_row();
  if (current > version)
    throw std::runtime_error{db.file().string() + ": a database of schema version "
                             + std::to_string(current) + ", newer than this build's ("
                             + std::to_string(version) + ")"};
  for (auto step = current; step < version; ++step)
    db.exec(steps[static_cast<size_t>(step)], "upgrading the schema");
}

}  // namespace broadside::storage::schema
