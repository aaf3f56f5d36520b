#include "runtime/trace.hpp"

namespace broadside::runtime {

void trace::record(int64_t at_ms, std::string_view subject, std::string_view event) {
  std::string line = std::to_string(at_ms);
  line += ' ';
  line += subject;
  line += ' ';
  line += event;
  line += '\n';
  std::lock_guard<std::mutex> guard{mtx_};
  if (out_)
    *out_ << line;
  else
    buffer_ += line;
}

std::string trace::text() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return buffer_;
}

std::string short_id(const uuid& command_id) { return to_string(command_id).substr(0, 8); }

std::string command_subject(const uuid& command_id) { return "command " + short_id(command_id); }

std::string invocation_subject(const uuid& command_id, uint32_t target) {
  return "invocation " + short_id(command_id) + "/" + std::to_string(target);
}

std::string node_subject(uint32_t node) { return "node " + std::to_string(node); }

}  // namespace broadside::runtime
