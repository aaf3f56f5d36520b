#pragma once

// The files a simulation can write besides its summary: one record per
// invocation (JSON Lines or CSV, streamed as invocations finish) and the
// status counts over time (CSV).

#include "sim/run_observer.hpp"

#include <cstdint>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

namespace broadside::sim {

// Column names of the timeline, and one sample's values in that order:
// t_ms, pending, in_flight, completed, errors, then every StatusDetails but
// Pending (wire form).
std::vector<std::string> timeline_columns();
std::vector<int64_t> timeline_row(const status_sample& s);

void write_timeline_csv(std::ostream& out, const status_timeline& timeline);

// `--invocations FILE`: JSON Lines if FILE ends in .jsonl, CSV if .csv.
class invocation_log {
public:
  enum class format { jsonl, csv };

  // Throws std::runtime_error for another extension or an unwritable file.
  explicit invocation_log(const std::string& path);

  // A sink that writes here.
  invocation_sink sink();

  void write(const invocation_record& r);

  // Flushes; throws std::runtime_error if a write failed.
  void close();

private:
  std::string path_;
  std::ofstream out_;
  format format_;
};

}  // namespace broadside::sim
