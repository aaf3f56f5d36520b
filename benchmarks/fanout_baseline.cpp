#include "benchmarks/fanout_baseline.hpp"

#include "sim/splitmix.hpp"

#include <algorithm>
#include <queue>
#include <vector>

namespace broadside::bench {

namespace {

// A terminal event: invocation `target` ends at `t`. Ties go to the target
// sent first, which (targets being sent in id order) is the lower id.
struct terminal {
  int64_t t;
  uint32_t target;
  bool operator>(const terminal& o) const { return t != o.t ? t > o.t : target > o.target; }
};

}  // namespace

baseline_result run_fanout_baseline(const sim::fanout_params& p) {
  using sim::splitmix64;
  const uint64_t n = p.nodes;
  const uint64_t max_errors = p.max_errors.value_or(p.nodes);
  auto r = [&](uint64_t i, uint64_t k) { return splitmix64((p.seed << 32) ^ (i << 2) ^ k); };
  auto online = [&](uint64_t i) { return (r(i, 0) % 1000) >= p.offline_permille; };
  auto fails = [&](uint64_t i) { return (r(i, 3) % 1000) < p.fail_permille; };

  baseline_result result;
  auto& out = result.outcome;
  std::priority_queue<terminal, std::vector<terminal>, std::greater<>> heap;
  uint64_t next = 0;
  auto send = [&](int64_t t) {
    auto i = next++;
    int64_t end;
    if (online(i)) {
      auto latency = static_cast<int64_t>(5 + r(i, 1) % 46);
      auto exec = static_cast<int64_t>(100 + r(i, 2) % 5001);
      end = t + 2 * latency + exec;
    } else {
      end = t + p.delivery_timeout_ms;
    }
    heap.push({end, static_cast<uint32_t>(i)});
  };
  while (next < std::min<uint64_t>(n, p.max_concurrency))
    send(0);
  uint64_t errors = 0;
  bool halted = false;
  while (!heap.empty()) {
    auto ev = heap.top();
    heap.pop();
    ++result.events;
    out.end_ms = std::max(out.end_ms, ev.t);
    if (!online(ev.target)) {
      ++out.delivery_timed_out;
    } else if (fails(ev.target)) {
      ++out.failed;
      if (++errors > max_errors && !halted) {
        halted = true;
        out.terminated = n - next;
        next = n;
      }
    } else {
      ++out.success;
    }
    if (!halted && next < n)
      send(ev.t);
  }
  return result;
}

}  // namespace broadside::bench
