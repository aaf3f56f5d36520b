// SendFile's parameters: what the service checks itself, its defaults, and
// what it leaves to the instance.

#include "api/cloud_assistant_send_file.hpp"
#include "api/cloud_assistant_shapes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace broadside::api {
namespace {

rpc_params with(std::vector<rpc_param> extra) {
  std::vector<rpc_param> p{{"InstanceId.1", "i-00000000000000001"},
                           {"Name", "app.conf"},
                           {"TargetDir", "/etc/app"},
                           {"Content", "a=1"}};
  for (auto& e : extra) {
    auto same = std::find_if(p.begin(), p.end(), [&](const rpc_param& x) { return x.first == e.first; });
    if (same != p.end())
      *same = e;
    else
      p.push_back(e);
  }
  return rpc_params{p};
}

send_command request(const rpc_params& p) {
  auto r = send_file_request(p, make_uuid_v4(1, 2));
  if (auto* e = std::get_if<api_error>(&r))
    ADD_FAILURE() << e->code << ": " << e->message;
  return std::get<send_command>(r);
}

std::string refusal(const rpc_params& p) {
  auto r = send_file_request(p, make_uuid_v4(1, 2));
  auto* e = std::get_if<api_error>(&r);
  return e ? e->code : "(accepted)";
}

TEST(CloudAssistantSendFile, AFileWithoutOptionsIsRootsMode0644AndNotOverwritten) {
  auto r = request(with({}));
  EXPECT_EQ(r.document_name, "ACS-SendFile");
  EXPECT_EQ(r.commands, std::vector<std::string>{"a=1"});
  EXPECT_EQ(r.encoding, content_encoding::plain_text);
  EXPECT_EQ(r.file.name, "app.conf");
  EXPECT_EQ(r.file.target_dir, "/etc/app");
  EXPECT_EQ(r.file.owner, "root");
  EXPECT_EQ(r.file.group, "root");
  EXPECT_EQ(r.file.mode, "0644");
  EXPECT_FALSE(r.file.overwrite);
  EXPECT_EQ(r.execution_timeout_ms, 60'000);
  EXPECT_EQ(r.max_concurrency, "100%");
  EXPECT_EQ(r.cloud_assistant.invoke_id, invoke_id_of(r.command_id));
  EXPECT_EQ(r.cloud_assistant.name, "app.conf");
}

TEST(CloudAssistantSendFile, OptionsAreTakenAsGivenForTheInstanceToJudge) {
  auto r = request(with({{"FileOwner", "app"}, {"FileGroup", "no-such-group"}, {"FileMode", "0999"},
                         {"Overwrite", "TRUE"}, {"Name", ".."}, {"TargetDir", "relative"},
                         {"ContentType", "base64"}, {"Content", "YT0x"}}));
  EXPECT_EQ(r.file.owner, "app");
  EXPECT_EQ(r.file.group, "no-such-group");
  EXPECT_EQ(r.file.mode, "0999");
  EXPECT_TRUE(r.file.overwrite);
  EXPECT_EQ(r.file.name, "..");
  EXPECT_EQ(r.file.target_dir, "relative");
  EXPECT_EQ(r.encoding, content_encoding::base64);
}

TEST(CloudAssistantSendFile, ATimeoutUnderTenSecondsIsTenAndOverADayIsRefused) {
  EXPECT_EQ(request(with({{"Timeout", "3"}})).execution_timeout_ms, 10'000);
  EXPECT_EQ(request(with({{"Timeout", "86400"}})).execution_timeout_ms, 86'400'000);
  EXPECT_EQ(refusal(with({{"Timeout", "86401"}})), "InvalidParameter");
  EXPECT_EQ(refusal(with({{"Timeout", "-1"}})), "InvalidParameter");
}

TEST(CloudAssistantSendFile, TheServiceChecksPresenceLengthsEncodingAndInstances) {
  EXPECT_EQ(refusal(with({{"Name", ""}})), "MissingParameter.Name");
  EXPECT_EQ(refusal(with({{"TargetDir", ""}})), "MissingParameter.TargetDir");
  EXPECT_EQ(refusal(with({{"Content", ""}})), "MissingParameter.Content");
  // 255 characters pass however many bytes they take; the instance counts bytes.
  std::string wide;
  for (int k = 0; k < 255; ++k)
    wide += "\xC3\xA9";  // é
  EXPECT_EQ(request(with({{"Name", wide}})).file.name, wide);
  EXPECT_EQ(refusal(with({{"Name", wide + "e"}})), "InvalidParameter");
  EXPECT_EQ(refusal(with({{"FileGroup", std::string(65, 'g')}})), "InvalidParameter");
  EXPECT_EQ(refusal(with({{"Description", std::string(513, 'd')}})), "InvalidParameter");
  EXPECT_EQ(refusal(with({{"ContentType", "Gzip"}})), "InvalidParameter");
  EXPECT_EQ(refusal(with({{"ContentType", "Base64"}, {"Content", "not base64!"}})), "InvalidParameter");
  EXPECT_EQ(refusal(with({{"Overwrite", "yes"}})), "InvalidParameter");
  // 32 KB as Base64: 24,576 plain bytes fit, one more does not.
  EXPECT_EQ(refusal(with({{"Content", std::string(24 * 1024, 'x')}})), "(accepted)");
  EXPECT_EQ(refusal(with({{"Content", std::string(24 * 1024 + 1, 'x')}})), "InvalidParameter");
  std::vector<rpc_param> many;
  for (int k = 1; k <= 51; ++k)
    many.push_back({"InstanceId." + std::to_string(k), "i-" + std::to_string(k)});
  EXPECT_EQ(refusal(with(many)), "InstanceIds.ExceedLimit");
  many.pop_back();
  EXPECT_EQ(refusal(with(many)), "(accepted)");
}

}  // namespace
}  // namespace broadside::api
