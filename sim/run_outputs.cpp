#include "sim/run_outputs.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace broadside::sim {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr std::array<const char*, 12> invocation_columns = {
    "command_id", "instance_id", "status",  "status_details", "response_code", "requested_ms",
    "sent_ms",    "start_ms",    "end_ms",  "finished_ms",    "attempts",      "error_code"};

// The values in column order; `true` for text (quoted in JSON). None needs
// escaping: ids, UUIDs and wire names.
std::array<std::pair<std::string, bool>, invocation_columns.size()> values_of(
    const invocation_record& r) {
  return {{{to_string(r.command_id), true},
           {r.instance_id, true},
           {std::string{wire_name(status_of(r.details))}, true},
           {std::string{wire_name(r.details)}, true},
           {std::to_string(r.response_code), false},
           {std::to_string(r.requested_ms), false},
           {std::to_string(r.sent_ms), false},
           {std::to_string(r.start_ms), false},
           {std::to_string(r.end_ms), false},
           {std::to_string(r.finished_ms), false},
           {std::to_string(r.attempts), false},
           {std::string{wire_name(r.error)}, true}}};
}

// Writes `items` as one CSV line; none of them needs quoting.
template <class Items, class Text>
void write_csv_line(std::ostream& out, const Items& items, Text text) {
  for (size_t i = 0; i < items.size(); ++i)
    out << (i ? "," : "") << text(items[i]);
  out << '\n';
}

template <class Items>
void write_csv_line(std::ostream& out, const Items& items) {
  write_csv_line(out, items, [](const auto& x) -> const auto& { return x; });
}

}  // namespace

std::vector<std::string> timeline_columns() {
  std::vector<std::string> out{"t_ms", "pending", "in_flight", "completed", "errors"};
  for (int d = 0; d < invocation_details_count; ++d)
    if (static_cast<invocation_details>(d) != invocation_details::pending)
      out.emplace_back(wire_name(static_cast<invocation_details>(d)));
  return out;
}

std::vector<int64_t> timeline_row(const status_sample& s) {
  auto i64 = [](uint64_t v) { return static_cast<int64_t>(v); };
  std::vector<int64_t> out{s.at_ms, i64(s.pending), i64(s.in_flight()), i64(s.completed()),
                           i64(s.errors())};
  for (int d = 0; d < invocation_details_count; ++d)
    if (static_cast<invocation_details>(d) != invocation_details::pending)
      out.push_back(i64(s.by_details[static_cast<size_t>(d)]));
  return out;
}

void write_timeline_csv(std::ostream& out, const status_timeline& timeline) {
  write_csv_line(out, timeline_columns());
  for (const auto& s : timeline.samples)
    write_csv_line(out, timeline_row(s));
}

invocation_log::invocation_log(const std::string& path) : path_(path) {
  if (ends_with(path, ".jsonl"))
    format_ = format::jsonl;
  else if (ends_with(path, ".csv"))
    format_ = format::csv;
  else
    throw std::runtime_error("--invocations " + path + ": the name must end in .jsonl or .csv");
  out_.open(path);
  if (!out_)
    throw std::runtime_error("cannot write " + path);
  if (format_ == format::csv)
    write_csv_line(out_, invocation_columns);
}

void invocation_log::close() {
  out_.close();
  if (!out_)
    throw std::runtime_error("writing " + path_ + " failed");
}

invocation_sink invocation_log::sink() {
  return [this](const invocation_record& r) { write(r); };
}

void invocation_log::write(const invocation_record& r) {
  auto values = values_of(r);
  if (format_ == format::csv)
    return write_csv_line(out_, values, [](const auto& v) -> const auto& { return v.first; });
  out_ << '{';
  for (size_t i = 0; i < values.size(); ++i) {
    out_ << (i ? ",\"" : "\"") << invocation_columns[i] << "\":";
    if (values[i].second)
      out_ << '"' << values[i].first << '"';
    else
      out_ << values[i].first;
  }
  out_ << "}\n";
}

}  // namespace broadside::sim
