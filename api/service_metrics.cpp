#include "api/service_metrics.hpp"

#include "messages/status.hpp"

#include <algorithm>
#include <sstream>

namespace broadside::api {

namespace {

// A label value: backslash, double quote and newline escaped.
std::string label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"')
      out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

}  // namespace

void service_metrics::record(const request_record& r) {
  auto operation = r.operation.empty() ? std::string{"-"} : r.operation;
  auto code = r.error_code.empty() ? std::string{"OK"} : r.error_code;
  auto bucket = static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), r.seconds)
                                    - bounds.begin());
  std::lock_guard<std::mutex> guard{mutex_};
  ++requests_[{operation, code}];
  auto& l = latency_[operation];
  ++l.buckets[bucket];
  l.sum += r.seconds;
  ++l.count;
}

std::string service_metrics::render(const registry_stats& commands) const {
  std::ostringstream out;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    out << "# HELP broadside_api_requests_total API requests answered, by operation and error "
           "code (OK: answered with the output).\n"
           "# TYPE broadside_api_requests_total counter\n";
    for (const auto& [key, n] : requests_)
      out << "broadside_api_requests_total{operation=\"" << label(key.first) << "\",code=\""
          << label(key.second) << "\"} " << n << '\n';
    out << "# HELP broadside_api_request_duration_seconds Time from a request's arrival to its "
           "answer.\n"
           "# TYPE broadside_api_request_duration_seconds histogram\n";
    for (const auto& [operation, l] : latency_) {
      auto name = "broadside_api_request_duration_seconds";
      auto op = label(operation);
      uint64_t cumulative = 0;
      for (size_t b = 0; b < bounds.size(); ++b) {
        cumulative += l.buckets[b];
        out << name << "_bucket{operation=\"" << op << "\",le=\"" << bounds[b] << "\"} "
            << cumulative << '\n';
      }
      out << name << "_bucket{operation=\"" << op << "\",le=\"+Inf\"} " << l.count << '\n'
          << name << "_sum{operation=\"" << op << "\"} " << l.sum << '\n'
          << name << "_count{operation=\"" << op << "\"} " << l.count << '\n';
    }
  }
  out << "# HELP broadside_invocations Invocations of every accepted command, by StatusDetails.\n"
         "# TYPE broadside_invocations gauge\n";
  for (size_t d = 0; d < commands.invocations.size(); ++d)
    out << "broadside_invocations{status_details=\""
        << wire_name(static_cast<invocation_details>(d)) << "\"} " << commands.invocations[d]
        << '\n';
  out << "# HELP broadside_commands_accepted_total Commands accepted by SendCommand.\n"
         "# TYPE broadside_commands_accepted_total counter\n"
         "broadside_commands_accepted_total "
      << commands.commands
      << "\n# HELP broadside_commands_in_flight Commands whose status is not yet terminal.\n"
         "# TYPE broadside_commands_in_flight gauge\n"
         "broadside_commands_in_flight "
      << commands.commands_running << '\n';
  return out.str();
}

}  // namespace broadside::api
