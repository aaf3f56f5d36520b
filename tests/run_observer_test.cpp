// What the simulation observes for its outputs: per-invocation records,
// response codes, durations and the status timeline (see also
// tests/check_outputs.py for the files the CLI writes).

#include "sim/run_outputs.hpp"
#include "sim/simulation.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace broadside::test {
namespace {

// 20 nodes, 4 at a time; nodes 0..4 exit 3, node 5 never answers (its
// delivery times out 60 s after it is sent).
sim::scenario mixed_fleet() {
  std::vector<sim::fixed_behaviour> nodes(20);
  for (uint32_t k = 0; k < 20; ++k)
    nodes[k].exec_ms = 1'000 + 100 * k;
  for (uint32_t k = 0; k < 5; ++k)
    nodes[k].exit_code = 3;
  nodes[5].online = false;
  auto s = fleet_of(nodes);
  auto c = command_to_all("4", "10");
  c.command.delivery_timeout_ms = 60'000;
  c.command.deadline = deadline_mode::per_invocation;
  s.commands.push_back(c);
  return s;
}

TEST(RunObserver, OneRecordPerTargetMatchingTheCommandsCounts) {
  auto plan = mixed_fleet();
  std::vector<sim::invocation_record> records;
  sim::sim_options o;
  o.on_invocation = [&](const sim::invocation_record& r) { records.push_back(r); };
  auto r = sim::run_simulation(plan, o);
  ASSERT_TRUE(r.complete);
  ASSERT_EQ(records.size(), 20u);
  const auto& by = r.commands[0].by_details;
  std::map<invocation_details, uint32_t> seen;
  for (const auto& rec : records) {
    ++seen[rec.details];
    EXPECT_EQ(rec.command_id, r.commands[0].command_id);
    EXPECT_EQ(rec.requested_ms, 0);
    EXPECT_GE(rec.sent_ms, 0);
    EXPECT_GE(rec.attempts, 1u);
  }
  for (size_t d = 0; d < by.size(); ++d)
    EXPECT_EQ(seen[static_cast<invocation_details>(d)], by[d]) << d;
  EXPECT_EQ(seen[invocation_details::failed], 5u);
  EXPECT_EQ(seen[invocation_details::delivery_timed_out], 1u);

  const auto& out = r.outcomes[0];
  EXPECT_EQ(out.response_codes, (std::map<int32_t, uint64_t>{{-1, 1}, {0, 14}, {3, 5}}));
  EXPECT_EQ(out.durations.count(), 20u);
  EXPECT_EQ(out.durations.max(), 60'000);  // the unreachable node, sent at once
  for (const auto& rec : records)
    if (rec.instance_id == node_id(7)) {
      EXPECT_EQ(rec.response_code, 0);
      EXPECT_EQ(rec.end_ms - rec.start_ms, 1'700);
      EXPECT_EQ(rec.attempts, 1u);
    }
}

TEST(RunObserver, TheTimelineEndsWithTheFinalCounts) {
  auto plan = mixed_fleet();
  auto r = sim::run_simulation(plan);
  const auto& samples = r.timeline.samples;
  ASSERT_GE(samples.size(), 2u);
  EXPECT_EQ(r.timeline.interval_ms, 1'000);
  EXPECT_EQ(samples.front().at_ms, 0);
  EXPECT_EQ(samples.front().pending + samples.front().in_flight(), 20u);
  EXPECT_LE(samples.front().in_flight(), 4u);
  const auto& last = samples.back();
  EXPECT_EQ(last.at_ms, r.end_ms);
  EXPECT_EQ(last.pending, 0u);
  EXPECT_EQ(last.in_flight(), 0u);
  EXPECT_EQ(last.completed(), 20u);
  EXPECT_EQ(last.errors(), 5u);
  for (size_t d = 0; d < r.commands[0].by_details.size(); ++d) {
    if (static_cast<invocation_details>(d) != invocation_details::pending) {
      EXPECT_EQ(last.by_details[d], r.commands[0].by_details[d]) << d;
    }
  }
  for (const auto& s : samples)
    EXPECT_LE(s.in_flight(), 4u) << s.at_ms;  // MaxConcurrency

  std::ostringstream csv;
  sim::write_timeline_csv(csv, r.timeline);
  auto text = csv.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "t_ms,pending,in_flight,completed,errors,InProgress,Delayed,Success,DeliveryTimedOut,"
            "ExecutionTimedOut,Failed,Cancelled,Undeliverable,Terminated,InvalidPlatform,"
            "AccessDenied,Cancelling");
  EXPECT_NE(text.find("\n" + std::to_string(r.end_ms) + ",0,0,20,5,"), std::string::npos);
}

TEST(RunObserver, ALongRunKeepsAtMostAThousandSamplesOnACoarserGrid) {
  // 30 nodes one at a time, 40 minutes each: 20 hours of virtual time.
  sim::fixed_behaviour slow;
  slow.exec_ms = 40 * 60'000;
  auto plan = uniform_fleet(30, slow);
  auto c = command_to_all("1", "0");
  c.command.delivery_timeout_ms = 100 * 3'600'000LL;
  plan.commands.push_back(c);
  auto r = sim::run_simulation(plan);
  ASSERT_TRUE(r.complete);
  const auto& tl = r.timeline;
  EXPECT_GT(r.end_ms, 20 * 3'600'000LL);
  EXPECT_LE(tl.samples.size(), sim::status_timeline::max_samples + 1);
  EXPECT_GT(tl.samples.size(), sim::status_timeline::max_samples / 2);
  EXPECT_EQ(tl.interval_ms, 128'000);  // 1 s doubled until 20 h fit in 1000 samples
  for (size_t i = 0; i + 1 < tl.samples.size(); ++i)
    EXPECT_EQ(tl.samples[i].at_ms, static_cast<int64_t>(i) * tl.interval_ms);
  EXPECT_EQ(tl.samples.back().at_ms, r.end_ms);
  EXPECT_EQ(tl.samples.back().completed(), 30u);
  // Sample i is the state at its instant: one invocation in flight throughout.
  for (size_t i = 0; i + 1 < tl.samples.size(); ++i)
    EXPECT_EQ(tl.samples[i].in_flight(), 1u) << i;
}

}  // namespace
}  // namespace broadside::test
