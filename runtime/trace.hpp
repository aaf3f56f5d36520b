#pragma once

// A line-per-event record of what the actors did, in the order they did it:
// "<ms> <subject> <event>". Two runs of the same scenario and seed must
// produce the same bytes; tests compare them, people read them.

#include "messages/uuid.hpp"

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace broadside::runtime {

class trace {
public:
  // Keeps lines in memory (text()).
  trace() = default;
  // Streams lines to `out`, which must outlive the trace.
  explicit trace(std::ostream& out) : out_(&out) {}

  void record(int64_t at_ms, std::string_view subject, std::string_view event);

  std::string text() const;

private:
  mutable std::mutex mtx_;  // actors on the real clock record from many threads
  std::ostream* out_ = nullptr;
  std::string buffer_;
};

// How traces name things: a command by the first 8 hex digits of its id,
// an invocation as <command>/<target index>, a node by its fleet index.
std::string short_id(const uuid& command_id);
std::string command_subject(const uuid& command_id);
std::string invocation_subject(const uuid& command_id, uint32_t target);
std::string node_subject(uint32_t node);

}  // namespace broadside::runtime
