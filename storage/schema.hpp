#pragma once

// The layout of the service's database, version by version: the tables of the
// command store (version 1), of the job store (version 2), the invocations'
// ErrorCode (version 3), Cloud Assistant's saved commands (version 4), the
// bytes of output each run's node did not keep (version 5), the real agents
// that have registered (version 6). A database of an
// older version is brought up to date when it is opened, so that a service
// upgraded in place keeps what it stored.

#include "storage/sqlite.hpp"

#include <cstdint>

namespace broadside::storage::schema {

// PRAGMA user_version of the newest layout; a database of a newer one is
// refused rather than misread.
inline constexpr int64_t version = 6;

// Brings `db` from its version (0: an empty file) to `version`, each step in
// a transaction of its own. Throws, naming the file, for a newer version.
void upgrade(sqlite::connection& db);

}  // namespace broadside::storage::schema
