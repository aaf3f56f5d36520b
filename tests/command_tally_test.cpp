#include "actors/command_tally.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace broadside {
namespace {

using d = invocation_details;

// A finished command with these terminal invocation states.
command_tally tally_of(const std::vector<d>& ends, uint32_t max_errors) {
  command_tally t{static_cast<uint32_t>(ends.size()), max_errors};
  for (auto e : ends) {
    t.move(d::pending, d::in_progress);
    t.move(d::in_progress, e);
  }
  return t;
}

TEST(CommandTally, CountsFollowTheModelDocs) {
  auto t = tally_of({d::success, d::failed, d::execution_timed_out, d::delivery_timed_out,
                     d::undeliverable, d::terminated, d::cancelled},
                    5);
  auto c = t.counts();
  EXPECT_EQ(c.target_count, 7u);
  EXPECT_EQ(c.completed_count, 7u);
  EXPECT_EQ(c.error_count, 2u);
  EXPECT_EQ(c.delivery_timed_out_count, 1u);
}

TEST(CommandTally, ErrorsExceededOnlyAboveMaxErrors) {
  command_tally t{10, 2};
  for (int i = 0; i < 2; ++i)
    t.move(d::pending, d::failed);
  EXPECT_FALSE(t.errors_exceeded());
  t.move(d::pending, d::delivery_timed_out);
  t.move(d::pending, d::undeliverable);
  EXPECT_FALSE(t.errors_exceeded());
  t.move(d::pending, d::execution_timed_out);
  EXPECT_TRUE(t.errors_exceeded());
}

struct aggregate_case {
  std::vector<d> ends;
  uint32_t max_errors;
  command_details expected;
};

TEST(CommandTally, AggregateStatusRules) {
  std::vector<aggregate_case> cases{
      {{d::success, d::success}, 0, command_details::success},
      {{d::success, d::failed}, 0, command_details::failed},
      {{d::success, d::failed}, 1, command_details::incomplete},
      {{d::failed, d::failed, d::success}, 1, command_details::failed},
      {{d::execution_timed_out, d::success}, 0, command_details::execution_timed_out},
      {{d::delivery_timed_out, d::success}, 0, command_details::delivery_timed_out},
      {{d::delivery_timed_out, d::success}, 1, command_details::incomplete},
      // Failed is checked before the timeouts.
      {{d::failed, d::execution_timed_out, d::delivery_timed_out}, 0, command_details::failed},
      {{d::execution_timed_out, d::delivery_timed_out}, 0, command_details::execution_timed_out},
      // Ignorable states neither fail a command nor make it incomplete ...
      {{d::undeliverable, d::undeliverable, d::undeliverable, d::undeliverable, d::success}, 0,
       command_details::success},
      {{d::invalid_platform, d::access_denied, d::success}, 0, command_details::success},
      // ... unless they are all there is.
      {{d::undeliverable, d::undeliverable}, 0, command_details::failed},
      {{d::invalid_platform}, 0, command_details::failed},
      {{d::success, d::terminated, d::failed}, 5, command_details::incomplete},
      {{d::success, d::cancelled}, 0, command_details::incomplete},
      // Errors split between states: neither exceeds MaxErrors on its own.
      {{d::failed, d::execution_timed_out}, 1, command_details::incomplete},
  };
  for (const auto& c : cases) {
    auto t = tally_of(c.ends, c.max_errors);
    std::string label;
    for (auto e : c.ends)
      label += std::string{wire_name(e)} + " ";
    EXPECT_EQ(t.details(false), c.expected)
        << label << "MaxErrors " << c.max_errors << " gave " << wire_name(t.details(false));
  }
}

TEST(CommandTally, RunningStates) {
  command_tally t{3, 0};
  EXPECT_EQ(t.details(false), command_details::pending);
  t.move(d::pending, d::in_progress);
  EXPECT_EQ(t.details(false), command_details::in_progress);
  EXPECT_EQ(t.details(true), command_details::cancelling);
  t.move(d::in_progress, d::cancelled);
  t.move(d::pending, d::cancelled);
  t.move(d::pending, d::cancelled);
  EXPECT_EQ(t.details(true), command_details::cancelled);
  command_tally none{0, 0};
  EXPECT_EQ(none.details(false), command_details::no_instances_in_tag);
}

}  // namespace
}  // namespace broadside
