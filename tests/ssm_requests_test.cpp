// Run Command's input documents read into requests (api/ssm_requests): what
// each operation accepts, and the error for what it does not. Inputs the fuzz
// harness (tests/fuzz/ssm_request_fuzzer) or the hostile-client test found
// wrong are kept here.

#include "api/ssm_requests.hpp"

#include <gtest/gtest.h>

namespace broadside::api {
namespace {

using json = nlohmann::json;

template <class T>
std::string code_of(const std::variant<T, api_error>& read) {
  const auto* e = std::get_if<api_error>(&read);
  return e ? e->code : "";
}

const json shell_command = {{"DocumentName", "AWS-RunShellScript"},
                            {"InstanceIds", {"i-00000000000000001"}},
                            {"Parameters", {{"commands", {"echo hi"}}}}};

TEST(SsmRequests, SendCommandReadsItsMembers) {
  auto in = shell_command;
  in["TimeoutSeconds"] = 60;
  in["MaxConcurrency"] = "10%";
  in["MaxErrors"] = "0";
  in["Parameters"]["executionTimeout"] = {"5"};
  auto read = read_send_command(in);
  ASSERT_EQ(code_of(read), "");
  const auto& c = std::get<send_command>(read);
  EXPECT_EQ(c.instance_ids, std::vector<std::string>{"i-00000000000000001"});
  EXPECT_EQ(c.commands, std::vector<std::string>{"echo hi"});
  EXPECT_EQ(c.delivery_timeout_ms, 60'000);
  EXPECT_EQ(c.execution_timeout_ms, 5'000);
  EXPECT_EQ(c.max_concurrency, "10%");
  EXPECT_EQ(c.max_errors, "0");
}

// Found by the hostile-client test: a DocumentName of the wrong type without
// InstanceIds got past the checks and threw (500) instead of answering 400.
TEST(SsmRequests, WrongTypeWithoutInstanceIdsIsRefused) {
  EXPECT_EQ(code_of(read_send_command(json{{"DocumentName", 7}})), "SerializationException");
  EXPECT_EQ(code_of(read_send_command(json{{"Targets", json::array()}})), "ValidationException");
  EXPECT_EQ(code_of(read_send_command(json::object())), "ValidationException");
  EXPECT_EQ(code_of(read_cancel_command(json{{"CommandId", 7}})), "SerializationException");
  EXPECT_EQ(code_of(read_cancel_command(json::object())), "ValidationException");
}

TEST(SsmRequests, ExactlyOneOfInstanceIdsAndTargets) {
  auto both = shell_command;
  both["Targets"] = {{{"Key", "tag:role"}, {"Values", {"web"}}}};
  EXPECT_EQ(code_of(read_send_command(both)), "ValidationException");
  auto neither = shell_command;
  neither.erase("InstanceIds");
  EXPECT_EQ(code_of(read_send_command(neither)), "ValidationException");
  auto targets = neither;
  targets["Targets"] = both["Targets"];
  EXPECT_EQ(code_of(read_send_command(targets)), "");
}

// Found by the fuzz harness: a target without a Key crashed the service.
TEST(SsmRequests, TargetWithoutKeyIsRefused) {
  auto in = shell_command;
  in.erase("InstanceIds");
  in["Targets"] = {{{"Values", {"web"}}}};
  EXPECT_EQ(code_of(read_send_command(in)), "ValidationException");
}

TEST(SsmRequests, DocumentAndParameters) {
  auto in = shell_command;
  in["DocumentName"] = "No-Such-Document";
  EXPECT_EQ(code_of(read_send_command(in)), "InvalidDocument");
  in = shell_command;
  in["Parameters"]["colour"] = {"red"};
  EXPECT_EQ(code_of(read_send_command(in)), "InvalidParameters");
  in = shell_command;
  in["Parameters"]["executionTimeout"] = {"0"};
  EXPECT_EQ(code_of(read_send_command(in)), "InvalidParameters");
  in = shell_command;
  in["InstanceIds"] = {"i-00000000000000001", "i-00000000000000001"};
  EXPECT_EQ(code_of(read_send_command(in)), "DuplicateInstanceId");
}

TEST(SsmRequests, Listing) {
  EXPECT_EQ(code_of(read_command_listing(json::object(), false)), "");
  auto read = read_command_listing(
      json{{"Details", true}, {"MaxResults", 7},
           {"Filters", {{{"key", "InvokedAfter"}, {"value", "2026-01-02T03:04:05.5+01:00"}}}}},
      true);
  ASSERT_EQ(code_of(read), "");
  const auto& l = std::get<command_listing>(read);
  EXPECT_TRUE(l.details);
  EXPECT_EQ(l.query.max_results, 7u);
  EXPECT_EQ(l.query.filters.invoked_after_ms, 1'767'319'445'500);
  EXPECT_EQ(code_of(read_command_listing(json{{"Details", "yes"}}, true)), "ValidationException");
  EXPECT_EQ(code_of(read_command_listing(json{{"NextToken", "nope"}}, false)), "InvalidNextToken");
  EXPECT_EQ(code_of(read_command_listing(
                json{{"Filters", {{{"key", "ExecutionStage"}, {"value", "Executing"}}}}}, true)),
            "InvalidFilterKey");
  EXPECT_EQ(code_of(read_command_listing(
                json{{"Filters", {{{"key", "InvokedAfter"}, {"value", "yesterday"}}}}}, false)),
            "ValidationException");
}

TEST(SsmRequests, InvocationLookup) {
  auto read = read_invocation_lookup(json{{"CommandId", "11111111-2222-4333-8444-555555555555"},
                                          {"InstanceId", "mi-00000000000000002"},
                                          {"PluginName", "aws:runShellScript"}});
  ASSERT_EQ(code_of(read), "");
  EXPECT_EQ(std::get<invocation_lookup>(read).request.instance_id, "mi-00000000000000002");
  EXPECT_EQ(std::get<invocation_lookup>(read).plugin_name, "aws:runShellScript");
  EXPECT_EQ(code_of(read_invocation_lookup(json{{"CommandId", std::string(36, 'z')},
                                                {"InstanceId", "i-00000000000000001"}})),
            "InvalidCommandId");
  EXPECT_EQ(code_of(read_invocation_lookup(json{{"CommandId", "11111111-2222-4333-8444-555555555555"},
                                                {"InstanceId", "nope"}})),
            "InvalidInstanceId");
}

TEST(SsmRequests, InstanceListing) {
  auto read = read_instance_listing(
      json{{"MaxResults", 5},
           {"Filters", {{{"Key", "tag:role"}, {"Values", {"web", "db"}}}}},
           {"InstanceInformationFilterList", {{{"key", "PingStatus"}, {"valueSet", {"Online"}}}}}});
  ASSERT_EQ(code_of(read), "");
  const auto& l = std::get<instance_listing>(read);
  ASSERT_EQ(l.filters.size(), 2u);
  EXPECT_EQ(l.filters[0].key, "PingStatus");
  EXPECT_EQ(l.filters[1].values, (std::set<std::string>{"db", "web"}));
  EXPECT_EQ(l.max_results, 5u);
  EXPECT_EQ(code_of(read_instance_listing(json{{"Filters", {{{"Key", "Colour"}, {"Values", {"x"}}}}}})),
            "InvalidFilterKey");
  EXPECT_EQ(code_of(read_instance_listing(json{{"MaxResults", 4}})), "ValidationException");
  EXPECT_EQ(code_of(read_instance_listing(json{{"Filters", {{{"Values", {"x"}}}}}})),
            "ValidationException");
}

}  // namespace
}  // namespace broadside::api
