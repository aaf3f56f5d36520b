// Semantics 1: MaxConcurrency as a count or a percentage of the target count;
// never more invocations in flight; the next target is sent the instant a slot
// frees; the window ramps up 1, 2, 4, ... unless ramp is none.

#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace broadside::test {
namespace {

// Varied run times, so slots free at different instants.
sim::scenario varied_fleet(uint32_t n) {
  std::vector<sim::fixed_behaviour> nodes(n);
  for (uint32_t k = 0; k < n; ++k)
    nodes[k].exec_ms = 1000 + (137 * k) % 900;
  return fleet_of(nodes);
}

std::vector<int64_t> send_times(const sim::sim_report& r, uint32_t n) {
  std::vector<int64_t> out;
  for (uint32_t t = 0; t < n; ++t) {
    auto all = updates_of(r, t);
    EXPECT_FALSE(all.empty());
    EXPECT_EQ(all.front().details, invocation_details::in_progress);
    out.push_back(all.front().at_ms);
  }
  return out;
}

TEST(MaxConcurrency, ACountIsNeverExceededAndAFreedSlotIsRefilledAtOnce) {
  const uint32_t n = 20;
  auto s = varied_fleet(n);
  auto c = command_to_all("3", "0");
  c.command.ramp = ramp_mode::none;
  s.commands.push_back(c);
  auto r = run(s);
  EXPECT_EQ(max_in_flight(r), 3u);
  EXPECT_EQ(r.commands[0].details, command_details::success);
  // Targets go out in order; target 3 + i goes out exactly when the i-th
  // invocation ends.
  auto sends = send_times(r, n);
  EXPECT_TRUE(std::is_sorted(sends.begin(), sends.end()));
  std::vector<int64_t> ends;
  for (uint32_t t = 0; t < n; ++t)
    ends.push_back(final_of(r, t).at_ms);
  std::sort(ends.begin(), ends.end());
  for (uint32_t i = 0; i < 3; ++i)
    EXPECT_EQ(sends[i], 0);
  for (uint32_t i = 0; i + 3 < n; ++i)
    EXPECT_EQ(sends[i + 3], ends[i]) << "target " << i + 3;
}

TEST(MaxConcurrency, APercentageOfTheTargetsRoundsDownButNeverBelowOne) {
  struct expectation {
    std::string wire;
    uint32_t window;
  };
  for (auto [wire, window] : {expectation{"10%", 2}, expectation{"1%", 1}, expectation{"26%", 5},
                              expectation{"100%", 20}}) {
    auto s = varied_fleet(20);
    auto c = command_to_all(wire, "0");
    c.command.ramp = ramp_mode::none;
    s.commands.push_back(c);
    auto r = run(s);
    EXPECT_EQ(max_in_flight(r), window) << wire;
    EXPECT_EQ(r.commands[0].counts.completed_count, 20u) << wire;
  }
}

TEST(MaxConcurrency, TheWindowRampsUpExponentiallyByDefault) {
  sim::fixed_behaviour same;
  same.exec_ms = 1000;
  same.latency_ms = 10;
  auto s = uniform_fleet(20, same);
  s.commands.push_back(command_to_all("8", "0"));
  auto r = run(s);
  std::map<int64_t, int> sends_at;
  for (const auto& t : send_times(r, 20))
    ++sends_at[t];
  // One target, then 2 more, 4, 8 (the cap), and the last 5; each round
  // starts when the previous one ends (1000 ms run + 2 x 10 ms latency).
  std::map<int64_t, int> expected{{0, 1}, {1020, 2}, {2040, 4}, {3060, 8}, {4080, 5}};
  EXPECT_EQ(sends_at, expected);
  EXPECT_EQ(max_in_flight(r), 8u);
}

TEST(MaxConcurrency, RampNoneOpensTheWholeWindowAtOnce) {
  sim::fixed_behaviour same;
  auto s = uniform_fleet(20, same);
  auto c = command_to_all("8", "0");
  c.command.ramp = ramp_mode::none;
  s.commands.push_back(c);
  auto r = run(s);
  auto sends = send_times(r, 20);
  EXPECT_EQ(std::count(sends.begin(), sends.end(), 0), 8);
}

}  // namespace
}  // namespace broadside::test
