// The service's book of commands: what ListCommands, ListCommandInvocations
// and GetCommandInvocation read, filtered and paged as the API asks.

#include "actors/command_book.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace broadside {
namespace {

send_command command(uint64_t n, std::vector<std::string> ids) {
  send_command c;
  c.command_id = make_uuid_v4(n, 1);
  c.document_name = n % 2 ? "AWS-RunShellScript" : "AWS-RunPowerShellScript";
  c.instance_ids = std::move(ids);
  c.commands = {"true"};
  return c;
}

invocation_update ended(uint64_t n, uint32_t target, invocation_details d, int32_t code) {
  invocation_update u;
  u.command_id = make_uuid_v4(n, 1);
  u.target = target;
  u.details = d;
  u.response_code = code;
  u.start_ms = 100;
  u.end_ms = 250;
  u.standard_output = "out " + std::to_string(target);
  return u;
}

command_update finished(uint64_t n, command_details d) {
  command_update u;
  u.command_id = make_uuid_v4(n, 1);
  u.details = d;
  return u;
}

std::vector<uint64_t> listed(const command_page& page) {
  std::vector<uint64_t> out;
  for (const auto& c : page.commands)
    out.push_back(c.sequence);
  return out;
}

class CommandBook : public ::testing::Test {
 protected:
  // Commands 1..5 at t = 1000 * n; command n targets i-...n and i-...n+1.
  CommandBook() {
    for (uint64_t n = 1; n <= 5; ++n) {
      auto a = "i-" + std::string(16, '0') + std::to_string(n);
      auto b = "i-" + std::string(16, '0') + std::to_string(n + 1);
      book.add(command(n, {a, b}), 1000 * static_cast<int64_t>(n));
      book.resolved(make_uuid_v4(n, 1), {a, b});
    }
  }
  command_book book;
};

TEST_F(CommandBook, ListsNewestFirstAndPagesWithAPosition) {
  command_query q;
  q.max_results = 2;
  auto first = book.commands(q);
  EXPECT_EQ(listed(first), (std::vector<uint64_t>{5, 4}));
  ASSERT_TRUE(first.next);
  q.from = *first.next;
  auto second = book.commands(q);
  EXPECT_EQ(listed(second), (std::vector<uint64_t>{3, 2}));
  q.from = *second.next;
  auto last = book.commands(q);
  EXPECT_EQ(listed(last), (std::vector<uint64_t>{1}));
  EXPECT_FALSE(last.next);
}

TEST_F(CommandBook, FiltersByTimeStatusStageDocumentAndInstance) {
  book.update(finished(2, command_details::success));
  book.update(finished(3, command_details::execution_timed_out));
  command_query q;
  q.filters.invoked_after_ms = 2000;
  q.filters.invoked_before_ms = 4000;
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{4, 3, 2}));
  q = {};
  q.filters.statuses = {"TimedOut"};  // Status of ExecutionTimedOut
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{3}));
  q.filters.statuses = {"ExecutionTimedOut"};  // or its StatusDetails
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{3}));
  q = {};
  q.filters.executing = false;
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{3, 2}));
  q = {};
  q.filters.document_name = "AWS-RunPowerShellScript";
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{4, 2}));
  q = {};
  q.instance_id = "i-" + std::string(16, '0') + "3";
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{3, 2}));
  q.command_id = make_uuid_v4(3, 1);
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{3}));
}

TEST_F(CommandBook, KeepsWhatInvocationsReportAndPagesThemInTargetOrder) {
  auto failed = ended(2, 1, invocation_details::failed, 7);
  failed.error = instance_error::exit_code_nonzero;
  book.update(failed);
  auto found = book.invocation(make_uuid_v4(2, 1), "i-" + std::string(16, '0') + "3");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->second.details, invocation_details::failed);
  EXPECT_EQ(found->second.response_code, 7);
  EXPECT_EQ(wire_name(found->second.error), "ExitCodeNonzero");
  EXPECT_EQ(found->second.standard_output, "out 1");
  EXPECT_EQ(found->second.end_ms - found->second.start_ms, 150);
  EXPECT_FALSE(book.invocation(make_uuid_v4(2, 1), "i-" + std::string(16, '0') + "9"));
  EXPECT_FALSE(book.invocation(make_uuid_v4(9, 1), "i-" + std::string(16, '0') + "3"));

  command_query q;
  q.max_results = 3;
  auto page = book.invocations(q);
  ASSERT_EQ(page.invocations.size(), 3u);
  EXPECT_EQ(page.invocations[0].first.sequence, 5u);
  EXPECT_EQ(page.invocations[1].second.target, 1u);
  EXPECT_EQ(page.invocations[2].first.sequence, 4u);
  ASSERT_TRUE(page.next);
  EXPECT_EQ(page.next->sequence, 4u);
  EXPECT_EQ(page.next->target, 1u);
  size_t total = page.invocations.size();
  while (page.next) {
    q.from = *page.next;
    page = book.invocations(q);
    total += page.invocations.size();
  }
  EXPECT_EQ(total, 10u);

  q = {};
  q.filters.statuses = {"Failed"};
  page = book.invocations(q);
  ASSERT_EQ(page.invocations.size(), 1u);
  EXPECT_EQ(page.invocations[0].second.instance_id, "i-" + std::string(16, '0') + "3");
}

// After a service restart nothing runs the command: a run that had started
// never reported (ClientNotResponse), a target never reached was not
// delivered (DeliveryTimeout).
TEST_F(CommandBook, AnExpiredCommandsInvocationsSayWhyTheyTimedOut) {
  auto running = ended(3, 0, invocation_details::in_progress, -1);
  running.end_ms = -1;
  book.update(running);
  auto [command, changed] = book.expire(make_uuid_v4(3, 1));
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[0].details, invocation_details::delivery_timed_out);
  EXPECT_EQ(wire_name(changed[0].error), "ClientNotResponse");
  EXPECT_EQ(wire_name(changed[1].error), "DeliveryTimeout");
  EXPECT_EQ(command.details, command_details::delivery_timed_out);
}

TEST_F(CommandBook, ACommandIsFoundByTheIdsItNamesBeforeItsTargetsAreResolved) {
  book.add(command(6, {"i-00000000000000042"}), 6000);
  command_query q;
  q.instance_id = "i-00000000000000042";
  EXPECT_EQ(listed(book.commands(q)), (std::vector<uint64_t>{6}));
  EXPECT_TRUE(book.invocations(q).invocations.empty());
  EXPECT_TRUE(book.contains(make_uuid_v4(6, 1)));
  EXPECT_FALSE(book.contains(make_uuid_v4(7, 1)));
}

}  // namespace
}  // namespace broadside
