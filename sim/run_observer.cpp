#include "sim/run_observer.hpp"

#include <algorithm>

namespace broadside::sim {

namespace {

uint64_t sum_where(const std::array<uint64_t, invocation_details_count>& by,
                   bool (*pred)(invocation_details)) {
  uint64_t n = 0;
  for (int d = 0; d < invocation_details_count; ++d)
    if (pred(static_cast<invocation_details>(d)))
      n += by[static_cast<size_t>(d)];
  return n;
}

bool is_in_flight(invocation_details d) {
  return d != invocation_details::pending && !is_terminal(d);
}

bool is_error(invocation_details d) { return counts_as_error(d); }

bool is_done(invocation_details d) { return is_terminal(d); }

}  // namespace

uint64_t status_sample::in_flight() const { return sum_where(by_details, is_in_flight); }

uint64_t status_sample::completed() const { return sum_where(by_details, is_done); }

uint64_t status_sample::errors() const { return sum_where(by_details, is_error); }

run_observer::run_observer(size_t commands, const fleet_inventory& names, int64_t epoch_ms,
                           invocation_sink sink, bool keep_updates)
    : names_(names),
      epoch_ms_(epoch_ms),
      sink_(std::move(sink)),
      keep_updates_(keep_updates),
      commands_(commands),
      targets_(commands, 0),
      next_sample_ms_(epoch_ms) {}

std::function<void(const invocation_update&, invocation_details)> run_observer::listener(
    uint32_t index, int64_t requested_ms) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (index >= commands_.size()) {  // a run of a schedule
      commands_.resize(index + 1);
      targets_.resize(index + 1, 0);
    }
    commands_[index].requested_ms = requested_ms;
  }
  return [this, index](const invocation_update& u, invocation_details previous) {
    on_invocation(index, u, previous);
  };
}

void run_observer::on_command(uint32_t index, const command_update& u) {
  std::lock_guard<std::mutex> guard{mtx_};
  advance_to(u.at_ms);
  total_targets_ = total_targets_ - targets_[index] + u.counts.target_count;
  targets_[index] = u.counts.target_count;
}

std::pair<uint64_t, uint64_t> run_observer::progress() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return {finished_, total_targets_};
}

void run_observer::on_invocation(uint32_t index, const invocation_update& u,
                                 invocation_details previous) {
  std::lock_guard<std::mutex> guard{mtx_};
  advance_to(u.at_ms);
  if (keep_updates_)
    updates_.push_back(u);
  // Pending targets are not counted: they are the targets not yet seen.
  if (previous != invocation_details::pending)
    --by_details_[static_cast<size_t>(previous)];
  ++by_details_[static_cast<size_t>(u.details)];
  if (!is_terminal(u.details))
    return;
  ++finished_;
  auto sent_ms = u.sent_ms;
  auto& c = commands_[index];
  ++c.response_codes[u.response_code];
  if (sent_ms >= 0)
    c.durations.add(u.at_ms - sent_ms);
  if (!sink_)
    return;
  invocation_record r;
  r.command_id = u.command_id;
  r.instance_id = names_.instance_id(u.node);
  r.details = u.details;
  r.response_code = u.response_code;
  r.requested_ms = c.requested_ms;
  r.sent_ms = sent_ms;
  r.start_ms = u.start_ms;
  r.end_ms = u.end_ms;
  r.finished_ms = u.at_ms;
  r.attempts = u.attempts;
  r.error = u.error;
  sink_(r);
}

void run_observer::advance_to(int64_t at_ms) {
  auto& tl = timeline_;
  while (next_sample_ms_ < at_ms) {
    if (tl.samples.size() >= status_timeline::max_samples) {
      tl.interval_ms *= 2;
      auto off_grid = [&](const status_sample& s) {
        return (s.at_ms - epoch_ms_) % tl.interval_ms != 0;
      };
      tl.samples.erase(std::remove_if(tl.samples.begin(), tl.samples.end(), off_grid),
                       tl.samples.end());
      auto since = next_sample_ms_ - epoch_ms_;
      next_sample_ms_ = epoch_ms_ + (since + tl.interval_ms - 1) / tl.interval_ms * tl.interval_ms;
      continue;
    }
    tl.samples.push_back(sample_at(next_sample_ms_));
    next_sample_ms_ += tl.interval_ms;
  }
}

status_sample run_observer::sample_at(int64_t at_ms) const {
  status_sample s;
  s.at_ms = at_ms;
  s.by_details = by_details_;
  // On the real clock a command's first update can reach us after its first
  // invocations' (another thread): never report a negative backlog.
  uint64_t seen = 0;
  for (auto n : by_details_)
    seen += n;
  s.pending = total_targets_ > seen ? total_targets_ - seen : 0;
  return s;
}

run_observer::results run_observer::results_at(int64_t end_ms) {
  std::lock_guard<std::mutex> guard{mtx_};
  advance_to(end_ms + 1);
  results r{commands_, timeline_, updates_};
  if (r.timeline.samples.empty() || r.timeline.samples.back().at_ms != end_ms)
    r.timeline.samples.push_back(sample_at(end_ms));
  return r;
}

}  // namespace broadside::sim
