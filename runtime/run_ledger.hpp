#pragma once

// An agent's record of the runs it started, on its own disk: a restarted
// agent never runs a command twice, and knows which runs it lost (started,
// never finished). One line per event, appended; a start is flushed to disk
// before the run begins. A torn last line (a crash while writing) is ignored.

#include "messages/run.hpp"
#include "messages/uuid.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <unordered_map>

namespace broadside::runtime {

class run_ledger {
public:
  struct entry {
    int64_t start_ms = -1;
    bool finished = false;
    run_outcome outcome = run_outcome::exited;
    int32_t exit_code = -1;
    int64_t end_ms = -1;
  };

  // Opens (creating it and its directory if needed) and reads `file`.
  // Throws std::runtime_error if it cannot.
  explicit run_ledger(std::filesystem::path file);
  ~run_ledger();

  run_ledger(const run_ledger&) = delete;
  run_ledger& operator=(const run_ledger&) = delete;

  std::optional<entry> find(const uuid& command_id) const;

  // Durable when it returns (fdatasync).
  void started(const uuid& command_id, int64_t start_ms);
  void finished(const uuid& command_id, run_outcome outcome, int32_t exit_code, int64_t end_ms);

  // Runs started and never finished (lost with an earlier life of the agent).
  size_t unfinished() const;

private:
  void append(const std::string& line, bool sync);

  std::filesystem::path file_;
  int fd_ = -1;
  std::unordered_map<uuid, entry> entries_;
};

}  // namespace broadside::runtime
