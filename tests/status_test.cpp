#include "messages/status.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

TEST(Status, WireSpellingsHaveNoSpacesAndDisplayOnesDo) {
  EXPECT_EQ(wire_name(invocation_details::delivery_timed_out), "DeliveryTimedOut");
  EXPECT_EQ(display_name(invocation_details::delivery_timed_out), "Delivery Timed Out");
  EXPECT_EQ(wire_name(invocation_details::execution_timed_out), "ExecutionTimedOut");
  EXPECT_EQ(wire_name(invocation_details::invalid_platform), "InvalidPlatform");
  EXPECT_EQ(display_name(invocation_details::invalid_platform), "Invalid Platform");
  EXPECT_EQ(wire_name(invocation_status::in_progress), "InProgress");
  EXPECT_EQ(wire_name(invocation_status::cancelling), "Cancelling");
  EXPECT_EQ(wire_name(command_status::timed_out), "TimedOut");
  EXPECT_EQ(wire_name(command_details::no_instances_in_tag), "NoInstancesInTag");
}

TEST(Status, DetailsMapToTheWireStatusEnum) {
  EXPECT_EQ(status_of(invocation_details::delivery_timed_out), invocation_status::timed_out);
  EXPECT_EQ(status_of(invocation_details::execution_timed_out), invocation_status::timed_out);
  EXPECT_EQ(status_of(invocation_details::undeliverable), invocation_status::failed);
  EXPECT_EQ(status_of(invocation_details::terminated), invocation_status::failed);
  EXPECT_EQ(status_of(invocation_details::invalid_platform), invocation_status::failed);
  EXPECT_EQ(status_of(invocation_details::delayed), invocation_status::delayed);
  EXPECT_EQ(status_of(command_details::incomplete), command_status::failed);
  EXPECT_EQ(status_of(command_details::delivery_timed_out), command_status::timed_out);
  EXPECT_EQ(status_of(command_details::cancelling), command_status::cancelling);
}

TEST(Status, OnlyFailedAndExecutionTimedOutCountAsErrors) {
  for (int i = 0; i < invocation_details_count; ++i) {
    auto d = static_cast<invocation_details>(i);
    bool expected = d == invocation_details::failed || d == invocation_details::execution_timed_out;
    EXPECT_EQ(counts_as_error(d), expected) << wire_name(d);
  }
}

TEST(Status, TerminalStates) {
  EXPECT_FALSE(is_terminal(invocation_details::pending));
  EXPECT_FALSE(is_terminal(invocation_details::delayed));
  EXPECT_FALSE(is_terminal(invocation_details::cancelling));
  EXPECT_TRUE(is_terminal(invocation_details::terminated));
  EXPECT_TRUE(is_terminal(invocation_details::undeliverable));
  EXPECT_FALSE(is_terminal(command_details::in_progress));
  EXPECT_TRUE(is_terminal(command_details::incomplete));
}

TEST(Status, EveryWireNameParsesBack) {
  for (int i = 0; i < invocation_details_count; ++i) {
    auto d = static_cast<invocation_details>(i);
    EXPECT_EQ(parse_invocation_details(wire_name(d)), d);
  }
  for (int i = 0; i < command_details_count; ++i) {
    auto d = static_cast<command_details>(i);
    EXPECT_EQ(parse_command_details(wire_name(d)), d);
  }
  EXPECT_FALSE(parse_invocation_details("Delivery Timed Out"));
}

}  // namespace
}  // namespace broadside
