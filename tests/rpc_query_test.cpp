#include "api/auth/percent_encoding.hpp"
#include "api/base64.hpp"
#include "api/rpc_query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace broadside::api;

namespace {

// ---- Base64 (RFC 4648 section 10) ----

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(encode_base64(""), "");
  EXPECT_EQ(encode_base64("f"), "Zg==");
  EXPECT_EQ(encode_base64("fo"), "Zm8=");
  EXPECT_EQ(encode_base64("foo"), "Zm9v");
  EXPECT_EQ(encode_base64("foob"), "Zm9vYg==");
  EXPECT_EQ(encode_base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encode_base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(encode_base64(std::string{"\xfb\xff\x00", 3}), "+/8A");
}

TEST(Base64, DecodesWhatItEncodes) {
  std::string bytes;
  for (int i = 0; i < 256; ++i)
    bytes.push_back(static_cast<char>(i));
  for (size_t length = 0; length <= bytes.size(); length += 37) {
    auto encoded = encode_base64(bytes.substr(0, length));
    EXPECT_EQ(encoded.size(), base64_length(length));
    EXPECT_EQ(decode_base64(encoded), bytes.substr(0, length)) << length << " bytes";
  }
}

TEST(Base64, DecodesWithoutPaddingAndAcrossWhitespace) {
  EXPECT_EQ(decode_base64("Zm9vYg"), "foob");
  EXPECT_EQ(decode_base64("Zm9v\nYmFy\n"), "foobar");
}

TEST(Base64, RefusesWhatIsNotBase64) {
  EXPECT_EQ(decode_base64("Zm9v!"), std::nullopt);   // not in the alphabet
  EXPECT_EQ(decode_base64("Zg==Zg=="), std::nullopt);  // data after the padding
  EXPECT_EQ(decode_base64("Z"), std::nullopt);        // one character is no byte
  EXPECT_EQ(decode_base64("Zg==="), std::nullopt);    // three padding characters
}

// ---- percent-encoding ----

TEST(PercentEncoding, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(percent_encode("a b"), "a%20b");
  EXPECT_EQ(percent_encode("*"), "%2A");
  EXPECT_EQ(percent_encode("+"), "%2B");
  EXPECT_EQ(percent_encode("/=&:"), "%2F%3D%26%3A");
  EXPECT_EQ(percent_encode("é"), "%C3%A9");  // each UTF-8 byte, uppercase hex
  EXPECT_EQ(percent_encode("/a b/", true), "/a%20b/");
}

TEST(PercentEncoding, DecodesPlusAsTheCallerSays) {
  EXPECT_EQ(percent_decode("a+b%2B", plus_sign::space), "a b+");
  EXPECT_EQ(percent_decode("a+b%2b", plus_sign::literal), "a+b+");
}

TEST(PercentEncoding, BadEscapesAreRefusedOrKept) {
  for (const char* bad : {"%", "%4", "%G1", "a%zzb"}) {
    EXPECT_EQ(percent_decode(bad, plus_sign::literal), std::nullopt) << bad;
    EXPECT_EQ(percent_decode(bad, plus_sign::literal, bad_escape::keep), std::string{bad}) << bad;
  }
  EXPECT_EQ(percent_decode("%41%zz", plus_sign::literal, bad_escape::keep), "A%zz");
  EXPECT_EQ(percent_decode("%%41", plus_sign::literal, bad_escape::keep), "%A");
}

// ---- rpc_params ----

rpc_params parsed(std::string_view target, std::string_view body = {}) {
  auto result = rpc_params::parse(target, body);
  if (auto* error = std::get_if<api_error>(&result))
    ADD_FAILURE() << error->code << ": " << error->message;
  return std::get_if<rpc_params>(&result) ? std::get<rpc_params>(result) : rpc_params{};
}

api_error refused(std::string_view target, std::string_view body = {}) {
  auto result = rpc_params::parse(target, body);
  if (!std::holds_alternative<api_error>(result)) {
    ADD_FAILURE() << "accepted: " << target << " " << body;
    return {};
  }
  return std::get<api_error>(result);
}

TEST(RpcParams, ReadsTheQueryThenTheBodyInOrder) {
  auto params =
    parsed("/?Action=RunCommand&InstanceId.1=i-1", "RegionId=cn-hangzhou&Type=RunShellScript");
  std::vector<rpc_param> expected{{"Action", "RunCommand"},
                                  {"InstanceId.1", "i-1"},
                                  {"RegionId", "cn-hangzhou"},
                                  {"Type", "RunShellScript"}};
  EXPECT_EQ(params.all(), expected);
  ASSERT_NE(params.find("RegionId"), nullptr);
  EXPECT_EQ(*params.find("RegionId"), "cn-hangzhou");
  EXPECT_EQ(params.find("regionid"), nullptr);  // names are case-sensitive
  EXPECT_EQ(params.find("Missing"), nullptr);
}

TEST(RpcParams, DecodesPercentEscapesAndPlusInQueryAndBody) {
  auto params =
    parsed("/?CommandContent=echo+%22a%20b%22%2B1&Parameters=%7B%22name%22%3A%22Jack%22%7D",
           "Name=caf%C3%A9+bar&Star=*&Tilde=%7E");
  EXPECT_EQ(*params.find("CommandContent"), "echo \"a b\"+1");
  EXPECT_EQ(*params.find("Parameters"), R"({"name":"Jack"})");
  EXPECT_EQ(*params.find("Name"), "café bar");
  EXPECT_EQ(*params.find("Star"), "*");
  EXPECT_EQ(*params.find("Tilde"), "~");
}

TEST(RpcParams, SkipsEmptyPiecesAndReadsBareNamesAsEmpty) {
  auto params = parsed("/?&DryRun&&Empty=&A=1=2&", "");
  std::vector<rpc_param> expected{{"DryRun", ""}, {"Empty", ""}, {"A", "1=2"}};
  EXPECT_EQ(params.all(), expected);
  EXPECT_TRUE(parsed("/").all().empty());
  EXPECT_TRUE(parsed("/?").all().empty());
}

TEST(RpcParams, RefusesMalformedPercentEncoding) {
  auto error = refused("/?Action=Run%2xCommand");
  EXPECT_EQ(error.code, "InvalidParameter");
  EXPECT_EQ(error.http_status, 400u);
  EXPECT_NE(error.message.find("\"Action\""), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("'%' not followed by two hex digits"), std::string::npos);
  EXPECT_EQ(refused("/", "Bad%zzName=1").code, "InvalidParameter");
  EXPECT_EQ(refused("/?Trailing=%").code, "InvalidParameter");
}

TEST(RpcParams, RefusesANameGivenTwiceAnywhere) {
  for (auto [target, body] : {std::pair{"/?A=1&A=2", ""}, {"/?A=1", "A=1"}, {"/?A=1&%41=2", ""}}) {
    auto error = refused(target, body);
    EXPECT_EQ(error.code, "InvalidParameter");
    EXPECT_EQ(error.message,
              "The specified parameter \"A\" is not valid: it is given more than once.");
  }
  EXPECT_THROW((rpc_params{{"A", "1"}, {"A", "2"}}), rpc_param_error);
}

TEST(RpcParams, RefusesAParameterWithoutAName) {
  EXPECT_EQ(refused("/?=value").code, "InvalidParameter");
}

TEST(RpcParams, ListsRunFromOneInIndexOrder) {
  auto params = parsed("/?InstanceId.2=i-2&InstanceId.1=i-1&InstanceId.10=i-10&InstanceId.3=i-3"
                       "&InstanceId.4=i-4&InstanceId.5=i-5&InstanceId.6=i-6&InstanceId.7=i-7"
                       "&InstanceId.8=i-8&InstanceId.9=i-9&InstanceIds=x&Other.1=o");
  EXPECT_EQ(params.list("InstanceId"),
            (std::vector<std::string>{"i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-7", "i-8",
                                      "i-9", "i-10"}));
  EXPECT_TRUE(params.list("Tag").empty());
}

std::string list_error(std::string_view query) {
  try {
    parsed(query).list("InstanceId");
  } catch (const rpc_param_error& e) {
    EXPECT_EQ(e.error.code, "InvalidParameter");
    EXPECT_EQ(e.error.http_status, 400u);
    return e.error.message;
  }
  return "accepted";
}

TEST(RpcParams, RefusesListsWithGapsOrGarbageIndexes) {
  EXPECT_EQ(list_error("/?InstanceId.1=a&InstanceId.3=c"),
            "The specified parameter \"InstanceId.3\" is not valid: InstanceId.2 is missing: "
            "list indexes run 1..N.");
  EXPECT_EQ(list_error("/?InstanceId.2=b"),
            "The specified parameter \"InstanceId.2\" is not valid: InstanceId.1 is missing: "
            "list indexes run 1..N.");
  EXPECT_EQ(list_error("/?InstanceId.x=a"),
            "The specified parameter \"InstanceId.x\" is not valid: a list index must be a whole "
            "number from 1 up.");
  for (auto query : {"/?InstanceId.0=a", "/?InstanceId.01=a", "/?InstanceId.=a",
                     "/?InstanceId.-1=a", "/?InstanceId.1%20=a", "/?InstanceId.9999999999=a"})
    EXPECT_NE(list_error(query).find("a list index must be"), std::string::npos) << query;
  EXPECT_NE(list_error("/?InstanceId.1.Key=a").find("a list element is <name>.<index>"),
            std::string::npos);
  EXPECT_NE(list_error("/?InstanceId.1.=a").find("a list element is"), std::string::npos);
}

TEST(RpcParams, ListsOfStructsGroupMembersByIndex) {
  auto params = parsed("/?ResourceTag.2.Key=team&ResourceTag.1.Key=env&ResourceTag.1.Value=prod"
                       "&ResourceTag.2.Value=&RegionId=cn-hangzhou",
                       "ResourceTag.3.Key=only-key");
  auto tags = params.struct_list("ResourceTag");
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0], (rpc_struct{{"Key", "env"}, {"Value", "prod"}}));
  EXPECT_EQ(tags[1], (rpc_struct{{"Key", "team"}, {"Value", ""}}));
  EXPECT_EQ(tags[2], (rpc_struct{{"Key", "only-key"}}));
  EXPECT_TRUE(params.struct_list("Tag").empty());
}

TEST(RpcParams, RefusesMalformedStructLists) {
  auto error_of = [](std::string_view query) -> std::string {
    try {
      parsed(query).struct_list("ResourceTag");
    } catch (const rpc_param_error& e) {
      return e.error.message;
    }
    return "accepted";
  };
  EXPECT_NE(error_of("/?ResourceTag.1=env").find("<name>.<index>.<member>"), std::string::npos);
  EXPECT_NE(error_of("/?ResourceTag.1.=env").find("<name>.<index>.<member>"), std::string::npos);
  EXPECT_NE(error_of("/?ResourceTag.1.Key.2=env").find("<name>.<index>.<member>"),
            std::string::npos);
  EXPECT_NE(error_of("/?ResourceTag.1.Key=a&ResourceTag.3.Key=c").find("ResourceTag.2 is missing"),
            std::string::npos);
  EXPECT_NE(error_of("/?ResourceTag.one.Key=a").find("a list index must be"), std::string::npos);
}

}  // namespace
