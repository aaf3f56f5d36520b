#pragma once

// An agent's record of the runs it started, on its own disk: a restarted
// agent never runs a command twice, and knows which runs it lost (started,
// never finished). One line per event, appended; a start is flushed to disk
// before the run begins. Flushing is a group commit on a thread of the
// ledger's own: every start written meanwhile waits for the same fdatasync,
// so sixty-four runs starting together cost one flush, not sixty-four. A
// torn last line (a crash while writing) is ignored.

#include "messages/run.hpp"
#include "messages/uuid.hpp"

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

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
  // Starts not yet flushed are dropped, their `then` never called.
  ~run_ledger();

  run_ledger(const run_ledger&) = delete;
  run_ledger& operator=(const run_ledger&) = delete;

  std::optional<entry> find(const uuid& command_id) const;

  // Records the start at once; `then` is called (on the ledger's thread)
  // once it is on disk.
  void started(const uuid& command_id, int64_t start_ms, std::function<void()> then);
  // Not flushed: losing it in a crash only makes the run look lost.
  void finished(const uuid& command_id, run_outcome outcome, int32_t exit_code, int64_t end_ms);

private:
  void append(const std::string& line);
  // The entry of a run that ended (as read back, or as it happens).
  void note_end(const uuid& command_id, run_outcome outcome, int32_t exit_code, int64_t end_ms);
  void flush_loop();

  std::filesystem::path file_;
  int fd_ = -1;
  std::unordered_map<uuid, entry> entries_;
  // The group commit: starts written and waiting for the next flush.
  std::mutex mtx_;
  std::condition_variable wake_;
  std::vector<std::function<void()>> unflushed_;
  bool closing_ = false;
  std::thread flusher_;
};

}  // namespace broadside::runtime
