// RunCommand, CreateCommand and InvokeCommand's parameters, and the engine
// request made of them.

#include "api/base64.hpp"
#include "api/cloud_assistant_request.hpp"
#include "api/cloud_assistant_shapes.hpp"

#include <gtest/gtest.h>

namespace broadside::api {
namespace {

constexpr int64_t now_ms = 1'795'392'000'000;  // 2026-11-23T00:00:00Z

template <class T>
const api_error& error_of(const T& result) {
  static const api_error none{"(none)", "", 0};
  auto* e = std::get_if<api_error>(&result);
  return e ? *e : none;
}

saved_command definition(const rpc_params& p) {
  auto d = read_command_definition(p);
  EXPECT_TRUE(std::holds_alternative<saved_command>(d)) << error_of(d).message;
  return std::get<saved_command>(d);
}

invocation_choice choice(const rpc_params& p) {
  auto c = read_invocation_choice(p, now_ms);
  EXPECT_TRUE(std::holds_alternative<invocation_choice>(c)) << error_of(c).message;
  return std::get<invocation_choice>(c);
}

send_command request(const rpc_params& p) {
  auto d = definition(p);
  d.task.command_id = "c-0123456789abcdef0123456789abcdef";
  auto r = invocation_request(d, choice(p), make_uuid_v4(1, 2), "cn-hangzhou", now_ms);
  EXPECT_TRUE(std::holds_alternative<send_command>(r)) << error_of(r).message;
  return std::get<send_command>(r);
}

TEST(CloudAssistantRequest, RunCommandBecomesAnEngineRequest) {
  auto r = request({{"Type", "RunShellScript"},
                    {"CommandContent", "echo hi"},
                    {"InstanceId.1", "i-00000000000000001"},
                    {"InstanceId.2", "i-00000000000000002"},
                    {"WorkingDir", "/tmp"},
                    {"Timeout", "30"},
                    {"Username", "nobody"},
                    {"WindowsPasswordName", "nobody-password"},
                    {"Name", "hello"}});
  EXPECT_EQ(r.document_name, "AWS-RunShellScript");
  EXPECT_EQ(r.commands, std::vector<std::string>{"echo hi"});
  EXPECT_EQ(r.instance_ids.size(), 2u);
  EXPECT_EQ(r.working_directory, "/tmp");
  EXPECT_EQ(r.execution_timeout_ms, 30'000);
  EXPECT_EQ(r.username, "nobody");
  EXPECT_EQ(r.cloud_assistant.windows_password_name, "nobody-password");
  EXPECT_EQ(r.ramp, ramp_mode::none);
  EXPECT_EQ(r.deadline, deadline_mode::per_invocation);
  EXPECT_EQ(r.cloud_assistant.name, "hello");
  EXPECT_EQ(r.cloud_assistant.invoke_id, invoke_id_of(make_uuid_v4(1, 2)));
  EXPECT_EQ(parse_invoke_id(r.cloud_assistant.invoke_id), make_uuid_v4(1, 2));
  EXPECT_EQ(r.cloud_assistant.timeout_s, 30);
}

TEST(CloudAssistantRequest, DefaultsAndEncodings) {
  auto r = request({{"Type", "RunShellScript"},
                    {"CommandContent", encode_base64("echo hi")},
                    {"ContentEncoding", "base64"},
                    {"InstanceId.1", "i-00000000000000001"}});
  EXPECT_EQ(r.execution_timeout_ms, 60'000);  // Timeout's default
  EXPECT_EQ(r.encoding, content_encoding::base64);
  // Any other ContentEncoding is plain text.
  auto plain = request({{"Type", "RunShellScript"},
                        {"CommandContent", "echo hi"},
                        {"ContentEncoding", "Hex"},
                        {"InstanceId.1", "i-00000000000000001"}});
  EXPECT_EQ(plain.encoding, content_encoding::plain_text);
}

TEST(CloudAssistantRequest, ResourceTagsSelectTargets) {
  auto r = request({{"Type", "RunShellScript"},
                    {"CommandContent", "true"},
                    {"ResourceTag.1.Key", "role"},
                    {"ResourceTag.1.Value", "web"}});
  ASSERT_EQ(r.targets.size(), 1u);
  EXPECT_EQ(r.targets[0].key, "tag:role");
  EXPECT_EQ(r.targets[0].values, std::vector<std::string>{"web"});
}

TEST(CloudAssistantRequest, ParametersFillPlaceholders) {
  auto r = request({{"Type", "RunShellScript"},
                    {"CommandContent", "echo {{ Name }} {{name}} {{ACS::InvokeId}} {{ACS::InstanceId}}"},
                    {"EnableParameter", "true"},
                    {"Parameters", R"({"name":"Jack"})"},
                    {"InstanceId.1", "i-00000000000000001"}});
  EXPECT_EQ(r.commands.front(),
            "echo Jack Jack " + invoke_id_of(make_uuid_v4(1, 2)) + " {{ACS::InstanceId}}");
  EXPECT_EQ(r.cloud_assistant.parameters, R"({"name":"Jack"})");
  // Base64 content is decoded, filled and encoded again.
  auto b = request({{"Type", "RunShellScript"},
                    {"CommandContent", encode_base64("echo {{x}}")},
                    {"ContentEncoding", "Base64"},
                    {"EnableParameter", "true"},
                    {"Parameters", R"({"x":"1"})"},
                    {"InstanceId.1", "i-00000000000000001"}});
  EXPECT_EQ(decode_base64(b.commands.front()), "echo 1");
  // Without EnableParameter, the content is left alone.
  auto off = request({{"Type", "RunShellScript"},
                      {"CommandContent", "echo {{x}}"},
                      {"InstanceId.1", "i-00000000000000001"}});
  EXPECT_EQ(off.commands.front(), "echo {{x}}");
}

TEST(CloudAssistantRequest, ParameterProblems) {
  rpc_params missing_value{{"Type", "RunShellScript"},
                           {"CommandContent", "echo {{x}} {{y}}"},
                           {"EnableParameter", "true"},
                           {"Parameters", R"({"x":"1"})"},
                           {"InstanceId.1", "i-00000000000000001"}};
  auto d = definition(missing_value);
  auto r = invocation_request(d, choice(missing_value), make_uuid_v4(1, 2), "cn-hangzhou", now_ms);
  EXPECT_EQ(error_of(r).code, "MissingParameter.Parameters.y");
  rpc_params unused{{"Type", "RunShellScript"},
                    {"CommandContent", "echo {{x}}"},
                    {"EnableParameter", "true"},
                    {"Parameters", R"({"x":"1","z":"2"})"},
                    {"InstanceId.1", "i-00000000000000001"}};
  r = invocation_request(definition(unused), choice(unused), make_uuid_v4(1, 2), "cn-hangzhou", now_ms);
  EXPECT_EQ(error_of(r).code, "InvalidParameter");
  auto not_json = read_invocation_choice(
      {{"Parameters", "{"}, {"InstanceId.1", "i-00000000000000001"}}, now_ms);
  EXPECT_EQ(error_of(not_json).code, "InvalidParameter");
  auto not_string = read_invocation_choice(
      {{"Parameters", R"({"x":1})"}, {"InstanceId.1", "i-00000000000000001"}}, now_ms);
  EXPECT_EQ(error_of(not_string).code, "InvalidParameter");
}

TEST(CloudAssistantRequest, CommandDefinitionErrors) {
  EXPECT_EQ(error_of(read_command_definition({{"CommandContent", "x"}})).code,
            "MissingParameter.Type");
  auto bad_type = read_command_definition({{"Type", "RunPythonScript"}, {"CommandContent", "x"}});
  EXPECT_EQ(error_of(bad_type).code, "InvalidCmdType.NotFound");
  EXPECT_EQ(error_of(bad_type).http_status, 403u);
  EXPECT_EQ(error_of(read_command_definition({{"Type", "RunShellScript"}})).code,
            "MissingParameter.CommandContent");
  auto long_name = read_command_definition(
      {{"Type", "RunShellScript"}, {"CommandContent", "x"}, {"Name", std::string(129, 'n')}});
  EXPECT_EQ(error_of(long_name).code, "CmdName.ExceedLimit");
  auto long_description = read_command_definition(
      {{"Type", "RunShellScript"}, {"CommandContent", "x"}, {"Description", std::string(513, 'd')}});
  EXPECT_EQ(error_of(long_description).code, "CmdDesc.ExceedLimit");
  // 24 KB after Base64: 18,432 plain bytes fit, one more does not.
  EXPECT_TRUE(std::holds_alternative<saved_command>(read_command_definition(
      {{"Type", "RunShellScript"}, {"CommandContent", std::string(18'432, 'x')}})));
  auto too_big = read_command_definition(
      {{"Type", "RunShellScript"}, {"CommandContent", std::string(18'433, 'x')}});
  EXPECT_EQ(error_of(too_big).code, "CmdContent.ExceedLimit");
  auto short_timeout = read_command_definition(
      {{"Type", "RunShellScript"}, {"CommandContent", "x"}, {"Timeout", "9"}});
  EXPECT_EQ(error_of(short_timeout).code, "InvalidParameter");
  auto bad_flag = read_command_definition(
      {{"Type", "RunShellScript"}, {"CommandContent", "x"}, {"EnableParameter", "yes"}});
  EXPECT_EQ(error_of(bad_flag).code, "InvalidParameter");
}

TEST(CloudAssistantRequest, InvocationChoiceErrors) {
  EXPECT_EQ(error_of(read_invocation_choice({}, now_ms)).code, "MissingParameter.InstanceId");
  rpc_params both{{"InstanceId.1", "i-00000000000000001"},
                  {"ResourceTag.1.Key", "role"},
                  {"ResourceTag.1.Value", "web"}};
  EXPECT_EQ(error_of(read_invocation_choice(both, now_ms)).code, "InvalidParameter");
  std::vector<rpc_param> many;
  for (int k = 1; k <= 101; ++k)
    many.emplace_back("InstanceId." + std::to_string(k), "i-" + std::to_string(100000 + k));
  auto parsed = rpc_params::parse("/?" + [&] {
    std::string q;
    for (const auto& [name, value] : many)
      q += (q.empty() ? "" : "&") + name + "=" + value;
    return q;
  }(), "");
  ASSERT_TRUE(std::holds_alternative<rpc_params>(parsed));
  auto c = read_invocation_choice(std::get<rpc_params>(parsed), now_ms);
  EXPECT_EQ(error_of(c).code, "InstanceIds.ExceedLimit");
  rpc_params twice{{"InstanceId.1", "i-00000000000000001"}, {"InstanceId.2", "i-00000000000000001"}};
  EXPECT_EQ(error_of(read_invocation_choice(twice, now_ms)).code, "InvalidParameter");
  rpc_params long_user{{"InstanceId.1", "i-00000000000000001"}, {"Username", std::string(256, 'u')}};
  EXPECT_EQ(error_of(read_invocation_choice(long_user, now_ms)).code, "Username.ExceedLimit");
  rpc_params long_password_name{{"InstanceId.1", "i-00000000000000001"},
                                {"WindowsPasswordName", std::string(256, 'p')}};
  EXPECT_EQ(error_of(read_invocation_choice(long_password_name, now_ms)).code,
            "WindowsPasswordName.ExceedLimit");
}

TEST(CloudAssistantRequest, FrequencyMakesThePeriodAndIsChecked) {
  auto c = choice({{"InstanceId.1", "i-00000000000000001"}, {"Frequency", "rate(5m)"}});
  EXPECT_EQ(c.repeat, repeat_mode::period);  // "whatever RepeatMode says"
  EXPECT_EQ(c.frequency, "rate(5m)");
  auto none = read_invocation_choice(
      {{"InstanceId.1", "i-00000000000000001"}, {"RepeatMode", "Period"}}, now_ms);
  EXPECT_EQ(error_of(none).code, "MissingParam.Frequency");
  auto bad = read_invocation_choice(
      {{"InstanceId.1", "i-00000000000000001"}, {"Frequency", "rate(8d)"}}, now_ms);
  EXPECT_EQ(error_of(bad).code, "InvalidParam.Frequency");
  EXPECT_NE(error_of(bad).message.find("RateFrequencyTooLarge"), std::string::npos)
      << error_of(bad).message;
  auto expired = read_invocation_choice(
      {{"InstanceId.1", "i-00000000000000001"}, {"Frequency", "at(2020-01-01 00:00:00)"}}, now_ms);
  EXPECT_EQ(error_of(expired).code, "InvalidParam.Frequency");
  auto mode = read_invocation_choice(
      {{"InstanceId.1", "i-00000000000000001"}, {"RepeatMode", "Sometimes"}}, now_ms);
  EXPECT_EQ(error_of(mode).code, "InvalidParameter");
}

}  // namespace
}  // namespace broadside::api
