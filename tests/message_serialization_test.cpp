// Every message that will cross the network survives CAF's binary
// serializer: its inspect() covers all of its members.

#include "messages/events.hpp"
#include "messages/faults.hpp"
#include "messages/fleet.hpp"
#include "messages/run.hpp"
#include "messages/send_command.hpp"
#include "runtime/engine.hpp"

#include "tests/round_trip.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

using test::round_trip;

class MessageSerialization : public ::testing::Test {
protected:
  runtime::engine engine{{runtime::clock_kind::virtual_time, 0}};
  caf::actor_system& sys = engine.system();
};

TEST_F(MessageSerialization, SendCommand) {
  send_command c;
  c.command_id = make_uuid_v4(1, 2);
  c.instance_ids = {"i-00000000000000001"};
  c.targets = {{"tag:role", {"web", "db"}}};
  c.document_name = "AWS-RunShellScript";
  c.commands = {"uptime", "df -h"};
  c.working_directory = "/srv";
  c.parameters = {{"commands", {"uptime", "df -h"}}, {"executionTimeout", {"600"}}};
  c.max_concurrency = "10%";
  c.max_errors = "0";
  c.delivery_timeout_ms = 60'000;
  c.execution_timeout_ms = 600'000;
  c.comment = "hello";
  c.ramp = ramp_mode::none;
  c.deadline = deadline_mode::per_invocation;
  auto y = round_trip(sys, c);
  EXPECT_EQ(y.command_id, c.command_id);
  EXPECT_EQ(y.instance_ids, c.instance_ids);
  ASSERT_EQ(y.targets.size(), 1u);
  EXPECT_EQ(y.targets[0].values, c.targets[0].values);
  EXPECT_EQ(y.commands, c.commands);
  EXPECT_EQ(y.working_directory, "/srv");
  EXPECT_EQ(y.parameters, c.parameters);
  EXPECT_EQ(y.max_concurrency, "10%");
  EXPECT_EQ(y.delivery_timeout_ms, 60'000);
  EXPECT_EQ(y.execution_timeout_ms, 600'000);
  EXPECT_EQ(y.comment, "hello");
  EXPECT_EQ(y.ramp, ramp_mode::none);
  EXPECT_EQ(y.deadline, deadline_mode::per_invocation);
}

TEST_F(MessageSerialization, RunRequestCarriesItsSharedDocument) {
  run_request r;
  r.command_id = make_uuid_v4(3, 4);
  r.attempt = 2;
  r.serial = 41;
  r.document = shared_document{run_document{"AWS-RunShellScript", "aws:runShellScript",
                                            platform_bit(platform_type::linux_os), {"ZWNobyBoaQ=="}, "/tmp",
                                            90'000, "nobody", content_encoding::base64}};
  r.deliver_by_ms = 123;
  auto y = round_trip(sys, r);
  EXPECT_EQ(y.command_id, r.command_id);
  EXPECT_EQ(y.attempt, 2u);
  EXPECT_EQ(y.serial, 41u);
  EXPECT_EQ(y.document->commands, std::vector<std::string>{"ZWNobyBoaQ=="});
  EXPECT_EQ(y.document->username, "nobody");
  EXPECT_EQ(y.document->encoding, content_encoding::base64);
  EXPECT_EQ(y.document->working_directory, "/tmp");
  EXPECT_EQ(y.document->execution_timeout_ms, 90'000);
  EXPECT_EQ(y.document->plugin, "aws:runShellScript");
  EXPECT_EQ(y.deliver_by_ms, 123);
}

TEST_F(MessageSerialization, RunResultAndUpdates) {
  run_result r{make_uuid_v4(5, 6), 42, run_outcome::execution_timed_out, -1, 10, 60'010, "out",
               "err", "stopped", instance_error::execution_timeout};
  auto y = round_trip(sys, r);
  EXPECT_EQ(y.serial, 42u);
  EXPECT_EQ(y.outcome, run_outcome::execution_timed_out);
  EXPECT_EQ(y.end_ms, 60'010);
  EXPECT_EQ(y.standard_output, "out");
  EXPECT_EQ(y.standard_error, "err");
  EXPECT_EQ(y.reason, "stopped");
  EXPECT_EQ(y.error, instance_error::execution_timeout);

  invocation_update u;
  u.command_id = r.command_id;
  u.target = 7;
  u.details = invocation_details::delivery_timed_out;
  u.response_code = -1;
  u.attempts = 3;
  u.reason = "late";
  u.error = instance_error::client_not_online;
  auto v = round_trip(sys, u);
  EXPECT_EQ(v.target, 7u);
  EXPECT_EQ(v.attempts, 3u);
  EXPECT_EQ(v.details, invocation_details::delivery_timed_out);
  EXPECT_EQ(v.reason, "late");
  EXPECT_EQ(v.error, instance_error::client_not_online);

  command_update c;
  c.details = command_details::incomplete;
  c.counts = {5, 5, 1, 2};
  c.by_details = {1, 2, 3};
  auto d = round_trip(sys, c);
  EXPECT_EQ(d.details, command_details::incomplete);
  EXPECT_EQ(d.counts, c.counts);
  EXPECT_EQ(d.by_details, c.by_details);
}

TEST_F(MessageSerialization, FleetMessagesAndFaults) {
  node_info n{"mi-0123456789abcdef0", platform_type::windows, "3.2.1.0", {{"role", "db"}}};
  auto y = round_trip(sys, register_node{n});
  EXPECT_EQ(y.info.instance_id, n.instance_id);
  EXPECT_EQ(y.info.platform, platform_type::windows);
  EXPECT_EQ(y.info.tags, n.tags);
  auto r = round_trip(sys, resolved_targets{{{1, true, platform_type::windows}, {2, true, {}},
                                             {UINT32_MAX, false, {}, instance_error::instance_not_exists}},
                                            7,
                                            {"i-0"},
                                            true,
                                            {"i-1", "i-2", "i-0"}});
  ASSERT_EQ(r.nodes.size(), 3u);
  EXPECT_EQ(r.nodes[0].platform, platform_type::windows);
  EXPECT_FALSE(r.nodes[2].managed);
  EXPECT_EQ(r.nodes[2].unmanaged, instance_error::instance_not_exists);
  EXPECT_EQ(r.inventory_version, 7u);
  EXPECT_TRUE(r.by_selector);
  EXPECT_EQ(r.instance_ids, (std::vector<std::string>{"i-1", "i-2", "i-0"}));
  auto f = round_trip(sys, node_fault{node_fault_kind::agent_stop});
  EXPECT_EQ(f.kind, node_fault_kind::agent_stop);
  auto v = round_trip(sys, agent_version_changed{"i-00000000000000007", "3.3.1.0"});
  EXPECT_EQ(v.instance_id, "i-00000000000000007");
  EXPECT_EQ(v.agent_version, "3.3.1.0");
}

// A peer (another version, a corrupted or hostile one) may send enum values
// the receiver has no case for: the read fails, so the message is dropped.
template <class T>
caf::error read_back(caf::actor_system& sys, T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  EXPECT_FALSE(inspect(sink, x));
  T y;
  caf::binary_deserializer source{sys, buf};
  return inspect(source, y);
}

TEST_F(MessageSerialization, EnumsOutOfRangeAreRefused) {
  run_result r;
  r.outcome = last_value(run_outcome{});
  r.error = last_value(instance_error{});
  EXPECT_FALSE(read_back(sys, r));
  r.outcome = static_cast<run_outcome>(static_cast<int>(last_value(run_outcome{})) + 1);
  EXPECT_EQ(read_back(sys, r), caf::sec::invalid_argument);
  r.outcome = run_outcome::exited;
  r.error = static_cast<instance_error>(instance_error_count);
  EXPECT_EQ(read_back(sys, r), caf::sec::invalid_argument);

  node_info n;
  n.platform = static_cast<platform_type>(200);
  EXPECT_EQ(read_back(sys, n), caf::sec::invalid_argument);
  send_command c;
  c.cloud_assistant.repeat = static_cast<repeat_mode>(4);
  EXPECT_EQ(read_back(sys, c), caf::sec::invalid_argument);
  invocation_update u;
  u.details = static_cast<invocation_details>(invocation_details_count);
  EXPECT_EQ(read_back(sys, u), caf::sec::invalid_argument);
}

}  // namespace
}  // namespace broadside
