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

}  // namespace broadside::runtime
