#include "api/auth/acs_signature.hpp"
#include "api/auth/sha1.hpp"
#include "api/auth/utc_time.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace broadside::api;

namespace {

std::string hex(const sha1_digest& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (auto byte : digest)
    text += {digits[byte >> 4], digits[byte & 0x0f]};
  return text;
}

// ---- SHA-1 and HMAC-SHA1 ----

TEST(Sha1, FipsVectors) {
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// Where the padding needs a second block, or a whole block of its own.
// Expected values: hashlib.sha1(b'a' * n).hexdigest() in Python 3.
TEST(Sha1, LengthsAroundBlockBoundaries) {
  const std::pair<size_t, std::string_view> vectors[] = {
    {55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
    {56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
    {63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
    {64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
    {65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
    {119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
    {120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
    {128, "ad5b3fdbcb526778c2839d2f151ea753995e26a0"},
  };
  for (const auto& [length, expected] : vectors)
    EXPECT_EQ(hex(sha1(std::string(length, 'a'))), expected) << length << " bytes";
}

TEST(HmacSha1, Rfc2202Vectors) {
  EXPECT_EQ(hex(hmac_sha1(std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(hex(hmac_sha1(std::string(20, '\xaa'), std::string(50, '\xdd'))),
            "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
  std::string key4;
  for (char c = 0x01; c <= 0x19; ++c)
    key4.push_back(c);
  EXPECT_EQ(hex(hmac_sha1(key4, std::string(50, '\xcd'))),
            "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
  EXPECT_EQ(hex(hmac_sha1(std::string(20, '\x0c'), "Test With Truncation")),
            "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
  // Keys longer than a block are hashed first.
  EXPECT_EQ(hex(hmac_sha1(std::string(80, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
  EXPECT_EQ(hex(hmac_sha1(std::string(80, '\xaa'),
                          "Test Using Larger Than Block-Size Key and Larger Than One "
                          "Block-Size Data")),
            "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

// ---- the signature ----

// Alibaba's documentation example for the ECS API (DescribeRegions, key
// testid / testsecret, GET). Current pages name the parameter Timestamp;
// an older page wrote TimeStamp, which sorts elsewhere and signs differently.
TEST(AcsSignature, MatchesAlibabaDocumentationExample) {
  rpc_params params{{"Timestamp", "2016-02-23T12:46:24Z"},
                    {"Format", "XML"},
                    {"AccessKeyId", "testid"},
                    {"Action", "DescribeRegions"},
                    {"SignatureMethod", "HMAC-SHA1"},
                    {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
                    {"Version", "2014-05-26"},
                    {"SignatureVersion", "1.0"}};
  EXPECT_EQ(acs_string_to_sign("GET", params),
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
            "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
            "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z"
            "%26Version%3D2014-05-26");
  EXPECT_EQ(acs_sign("GET", params, "testsecret"), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");

  rpc_params older{{"TimeStamp", "2016-02-23T12:46:24Z"},
                   {"Format", "XML"},
                   {"AccessKeyId", "testid"},
                   {"Action", "DescribeRegions"},
                   {"SignatureMethod", "HMAC-SHA1"},
                   {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
                   {"Version", "2014-05-26"},
                   {"SignatureVersion", "1.0"}};
  EXPECT_EQ(acs_sign("GET", older, "testsecret"), "CT9X0VtwR86fNWSnsc6v8YGOjuE=");
}

// Computed independently in Python with hmac, hashlib, base64 and
// urllib.parse.quote (aliyun-python-sdk-core's encoding: quote(s, ''), then
// '+' -> %20, '*' -> %2A, %7E -> ~), and by tests/acs_client.py, whose
// self-check (ctest acs_client_py) asserts the same signature: a space, '*',
// '~', '+', '&', '/', quotes and UTF-8 in one value.
const rpc_params run_command{{"Action", "RunCommand"},
                             {"Version", "2014-05-26"},
                             {"RegionId", "cn-hangzhou"},
                             {"Type", "RunShellScript"},
                             {"CommandContent", "echo \"a b\" * ~/x+y && echo h\xc3\xa9llo"},
                             {"InstanceId.1", "i-1"},
                             {"InstanceId.2", "i-2"},
                             {"Parameters", R"({"name":"Jack"})"},
                             {"Timestamp", "2026-11-22T18:04:44Z"},
                             {"SignatureNonce", "b0b1c2d3-nonce"},
                             {"AccessKeyId", "LTAI5tTestKey"},
                             {"SignatureMethod", "HMAC-SHA1"},
                             {"SignatureVersion", "1.0"}};
constexpr std::string_view run_command_signature = "aU+P0BH1leOQjGcAZFW2k/V7vR8=";

TEST(AcsSignature, MatchesAnIndependentPythonSigner) {
  EXPECT_EQ(acs_string_to_sign("POST", run_command),
            "POST&%2F&AccessKeyId%3DLTAI5tTestKey%26Action%3DRunCommand%26CommandContent%3D"
            "echo%2520%2522a%2520b%2522%2520%252A%2520~%252Fx%252By%2520%2526%2526%2520echo"
            "%2520h%25C3%25A9llo%26InstanceId.1%3Di-1%26InstanceId.2%3Di-2%26Parameters%3D"
            "%257B%2522name%2522%253A%2522Jack%2522%257D%26RegionId%3Dcn-hangzhou"
            "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Db0b1c2d3-nonce"
            "%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T18%253A04%253A44Z"
            "%26Type%3DRunShellScript%26Version%3D2014-05-26");
  EXPECT_EQ(acs_sign("POST", run_command, "test-secret"), run_command_signature);
}

TEST(AcsSignature, LeavesTheSignatureParameterOut) {
  auto with_signature = run_command.all();
  with_signature.emplace_back("Signature", "anything");
  EXPECT_EQ(acs_sign("POST", rpc_params{with_signature}, "test-secret"), run_command_signature);
}

TEST(AcsSignature, EncodesEachSpecialCharacterOnce) {
  auto string_to_sign = [](std::string value) {
    auto text = acs_string_to_sign("POST", rpc_params{{"V", std::move(value)}});
    return text.substr(std::string_view{"POST&%2F&V%3D"}.size());
  };
  EXPECT_EQ(string_to_sign("a b"), "a%2520b");  // %20, never '+'
  EXPECT_EQ(string_to_sign("*"), "%252A");
  EXPECT_EQ(string_to_sign("~"), "~");
  EXPECT_EQ(string_to_sign("+"), "%252B");
  EXPECT_EQ(string_to_sign("\xc3\xa9"), "%25C3%25A9");
  EXPECT_EQ(string_to_sign("-_."), "-_.");
}

// ---- checking requests ----

constexpr std::string_view key_id = "LTAI5tTestKey";
constexpr std::string_view secret = "test-secret";
const int64_t signed_at = *parse_utc("2026-11-22T18:04:44Z", iso_8601_extended);

credentials test_keys() {
  return credentials::parse("[default]\n"
                            "aws_access_key_id = LTAI5tTestKey\n"
                            "aws_secret_access_key = test-secret\n"
                            "[other]\n"
                            "aws_access_key_id = LTAI5tOtherKey\n"
                            "aws_secret_access_key = other-secret\n",
                            "test credentials");
}

// A DescribeInvocations request, signed.
rpc_params signed_request(std::string_view nonce = "nonce-1",
                          std::string_view timestamp = "2026-11-22T18:04:44Z",
                          std::string_view signing_key = key_id,
                          std::string_view signing_secret = secret) {
  std::vector<rpc_param> params{{"Action", "DescribeInvocations"},
                                {"RegionId", "cn-hangzhou"},
                                {"AccessKeyId", std::string{signing_key}},
                                {"SignatureMethod", "HMAC-SHA1"},
                                {"SignatureVersion", "1.0"},
                                {"SignatureNonce", std::string{nonce}},
                                {"Timestamp", std::string{timestamp}}};
  auto signature = acs_sign("POST", rpc_params{params}, signing_secret);
  params.emplace_back("Signature", signature);
  return rpc_params{params};
}

// `params` without `name`, then with `name` = `value` unless nullopt.
rpc_params edited(const rpc_params& params, std::string_view name,
                  std::optional<std::string> value) {
  std::vector<rpc_param> changed;
  for (const auto& param : params.all())
    if (param.first != name)
      changed.push_back(param);
  if (value)
    changed.emplace_back(std::string{name}, *value);
  return rpc_params{changed};
}

std::string code_of(const acs_verdict& verdict) {
  if (const auto* error = std::get_if<api_error>(&verdict))
    return error->code;
  return "accepted by " + std::get<acs_signer>(verdict).access_key_id;
}

class VerifyAcs : public ::testing::Test {
 protected:
  acs_verdict verify(const rpc_params& params, int64_t now_s = signed_at,
                     std::string_view method = "POST") {
    return verify_acs_v1(method, params, keys_, nonces_, now_s);
  }

  credentials keys_ = test_keys();
  nonce_ledger nonces_;
};

TEST_F(VerifyAcs, AcceptsASignedRequestAndTellsWhoSignedIt) {
  auto verdict = verify(signed_request());
  ASSERT_TRUE(std::holds_alternative<acs_signer>(verdict)) << code_of(verdict);
  EXPECT_EQ(std::get<acs_signer>(verdict).access_key_id, key_id);
  EXPECT_EQ(std::get<acs_signer>(verdict).profile, "default");
  EXPECT_EQ(nonces_.size(), 1u);
}

// The query tests/acs_client.py's signed_query() wrote for the RunCommand
// vector, read from the query string and from a form body.
TEST_F(VerifyAcs, AcceptsWhatThePythonClientSends) {
  constexpr std::string_view query =
    "AccessKeyId=LTAI5tTestKey&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0"
    "&SignatureNonce=b0b1c2d3-nonce&Timestamp=2026-11-22T18%3A04%3A44Z&Action=RunCommand"
    "&Version=2014-05-26&RegionId=cn-hangzhou&Type=RunShellScript"
    "&CommandContent=echo%20%22a%20b%22%20%2A%20~%2Fx%2By%20%26%26%20echo%20h%C3%A9llo"
    "&InstanceId.1=i-1&InstanceId.2=i-2&Parameters=%7B%22name%22%3A%22Jack%22%7D"
    "&Signature=aU%2BP0BH1leOQjGcAZFW2k%2FV7vR8%3D";
  auto in_query = rpc_params::parse("/?" + std::string{query}, "");
  ASSERT_TRUE(std::holds_alternative<rpc_params>(in_query));
  EXPECT_EQ(code_of(verify(std::get<rpc_params>(in_query))), "accepted by LTAI5tTestKey");

  nonce_ledger fresh;
  auto in_body = rpc_params::parse("/", query);
  ASSERT_TRUE(std::holds_alternative<rpc_params>(in_body));
  EXPECT_EQ(code_of(verify_acs_v1("POST", std::get<rpc_params>(in_body), keys_, fresh, signed_at)),
            "accepted by LTAI5tTestKey");
}

TEST_F(VerifyAcs, RefusesAReplayedNonce) {
  ASSERT_EQ(code_of(verify(signed_request("n-1"))), "accepted by LTAI5tTestKey");
  auto replay = verify(signed_request("n-1"), signed_at + 60);
  ASSERT_EQ(code_of(replay), "SignatureNonceUsed");
  EXPECT_EQ(std::get<api_error>(replay).message, "Specified signature nonce was used already.");
  EXPECT_EQ(std::get<api_error>(replay).http_status, 400u);
  // Another nonce, or the same one from another key, is a new request.
  EXPECT_EQ(code_of(verify(signed_request("n-2"))), "accepted by LTAI5tTestKey");
  EXPECT_EQ(code_of(verify(signed_request("n-1", "2026-11-22T18:04:44Z", "LTAI5tOtherKey",
                                          "other-secret"))),
            "accepted by LTAI5tOtherKey");
}

TEST_F(VerifyAcs, ARefusedRequestDoesNotUseUpItsNonce) {
  EXPECT_EQ(code_of(verify(signed_request("n-1", "2026-11-22T18:04:44Z", key_id, "wrong"))),
            "SignatureDoesNotMatch");
  EXPECT_EQ(nonces_.size(), 0u);
  EXPECT_EQ(code_of(verify(signed_request("n-1"))), "accepted by LTAI5tTestKey");
}

TEST_F(VerifyAcs, AcceptsTimestampsUpToFifteenMinutesAwayEitherWay) {
  EXPECT_EQ(code_of(verify(signed_request("early"), signed_at - 15 * 60)),
            "accepted by LTAI5tTestKey");
  EXPECT_EQ(code_of(verify(signed_request("late"), signed_at + 15 * 60)),
            "accepted by LTAI5tTestKey");
  for (int64_t now_s : {signed_at - 15 * 60 - 1, signed_at + 15 * 60 + 1, signed_at + 86400}) {
    auto verdict = verify(signed_request("n-" + std::to_string(now_s)), now_s);
    ASSERT_EQ(code_of(verdict), "InvalidTimeStamp.Expired") << now_s - signed_at;
    EXPECT_EQ(std::get<api_error>(verdict).message,
              "Specified time stamp or date value is expired.");
    EXPECT_EQ(std::get<api_error>(verdict).http_status, 400u);
  }
}

TEST_F(VerifyAcs, RefusesTimestampsNotInIso8601Utc) {
  for (auto timestamp : {"2026-11-22 18:04:44", "2026-11-22T18:04:44", "2026-11-22T18:04Z",
                         "2026-11-22T18:04:44.000Z", "2026-11-22T18:04:44+08:00",
                         "20261122T180444Z", "1795370684", "2026-02-30T00:00:00Z",
                         "2026-11-22T24:00:00Z", "2026-13-01T00:00:00Z"}) {
    auto verdict = verify(signed_request("n", timestamp));
    ASSERT_EQ(code_of(verdict), "InvalidTimeStamp.Format") << timestamp;
    EXPECT_EQ(std::get<api_error>(verdict).message,
              "Specified time stamp or date value is not well formatted.");
  }
}

TEST_F(VerifyAcs, ShowsTheServersStringToSignWhenTheSignatureDiffers) {
  auto request = signed_request("n", "2026-11-22T18:04:44Z", key_id, "not-the-secret");
  auto verdict = verify(request);
  ASSERT_EQ(code_of(verdict), "SignatureDoesNotMatch");
  EXPECT_EQ(std::get<api_error>(verdict).http_status, 400u);
  EXPECT_EQ(std::get<api_error>(verdict).message,
            "Specified signature is not matched with our calculation. server string to sign "
            "is:" +
              acs_string_to_sign("POST", request));
  EXPECT_EQ(std::get<api_error>(verdict).message.find("test-secret"), std::string::npos);
}

TEST_F(VerifyAcs, SignsEveryParameterAndTheMethod) {
  auto request = signed_request();
  EXPECT_EQ(code_of(verify(edited(request, "RegionId", "cn-beijing"))), "SignatureDoesNotMatch");
  EXPECT_EQ(code_of(verify(edited(request, "Extra", "1"))), "SignatureDoesNotMatch");
  EXPECT_EQ(code_of(verify(edited(request, "RegionId", std::nullopt))), "SignatureDoesNotMatch");
  EXPECT_EQ(code_of(verify(request, signed_at, "GET")), "SignatureDoesNotMatch");
  EXPECT_EQ(code_of(verify(edited(request, "Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="))),
            "SignatureDoesNotMatch");
}

TEST_F(VerifyAcs, RefusesAnUnknownAccessKey) {
  auto verdict = verify(signed_request("n", "2026-11-22T18:04:44Z", "LTAI5tNobody"));
  ASSERT_EQ(code_of(verdict), "InvalidAccessKeyId.NotFound");
  EXPECT_EQ(std::get<api_error>(verdict).message, "Specified access key is not found.");
  EXPECT_EQ(std::get<api_error>(verdict).http_status, 404u);
}

TEST_F(VerifyAcs, NamesEachMissingRequiredParameter) {
  for (auto name : {"AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
                    "SignatureNonce", "Timestamp"}) {
    for (auto value : {std::optional<std::string>{}, std::optional<std::string>{""}}) {
      auto verdict = verify(edited(signed_request(), name, value));
      ASSERT_EQ(code_of(verdict), std::string{"Missing"} + name);
      EXPECT_EQ(std::get<api_error>(verdict).message,
                std::string{name} + " is mandatory for this action.");
      EXPECT_EQ(std::get<api_error>(verdict).http_status, 400u);
    }
  }
  EXPECT_EQ(nonces_.size(), 0u);
}

TEST_F(VerifyAcs, OnlyHmacSha1SignatureVersionOne) {
  auto request = signed_request();
  auto method = verify(edited(request, "SignatureMethod", "HMAC-SHA256"));
  ASSERT_EQ(code_of(method), "InvalidSignatureMethod");
  EXPECT_EQ(std::get<api_error>(method).message, "Specified signature method is not valid.");
  auto version = verify(edited(request, "SignatureVersion", "2.0"));
  ASSERT_EQ(code_of(version), "InvalidSignatureVersion");
  EXPECT_EQ(std::get<api_error>(version).message,
            "Specified parameter SignatureVersion is not valid.");
}

// ---- the nonce ledger ----

TEST(NonceLedger, ForgetsANonceOnlyAfterItExpires) {
  nonce_ledger ledger;
  EXPECT_EQ(ledger.record("k", "n", 1000, 100), nonce_ledger::outcome::recorded);
  EXPECT_EQ(ledger.record("k", "n", 1000, 1000), nonce_ledger::outcome::replayed);
  EXPECT_EQ(ledger.record("k", "other", 2000, 1001), nonce_ledger::outcome::recorded);
  EXPECT_EQ(ledger.size(), 1u);  // "n" expired at 1000
  EXPECT_EQ(ledger.record("k", "n", 3000, 1001), nonce_ledger::outcome::recorded);
}

TEST(NonceLedger, RefusesNewNoncesWhenFullUntilSomeExpire) {
  nonce_ledger ledger{2};
  EXPECT_EQ(ledger.record("k", "a", 500, 0), nonce_ledger::outcome::recorded);
  EXPECT_EQ(ledger.record("k", "b", 900, 0), nonce_ledger::outcome::recorded);
  EXPECT_EQ(ledger.record("k", "c", 900, 10), nonce_ledger::outcome::full);
  EXPECT_EQ(ledger.record("k", "a", 900, 10), nonce_ledger::outcome::replayed);  // still known
  EXPECT_EQ(ledger.record("k", "c", 900, 501), nonce_ledger::outcome::recorded);
  EXPECT_EQ(ledger.size(), 2u);
}

TEST(NonceLedger, TellsKeysApart) {
  nonce_ledger ledger;
  EXPECT_EQ(ledger.record("ab", "c", 10, 0), nonce_ledger::outcome::recorded);
  EXPECT_EQ(ledger.record("a", "bc", 10, 0), nonce_ledger::outcome::recorded);
}

// Threads racing on the same nonces: each is recorded exactly once.
TEST(NonceLedger, RecordsEachNonceOnceAcrossThreads) {
  nonce_ledger ledger;
  std::atomic<int> recorded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i)
        if (ledger.record("k", std::to_string(i), 1000 + i, i / 2) ==
            nonce_ledger::outcome::recorded)
          ++recorded;
    });
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(recorded.load(), 2000);
  EXPECT_EQ(ledger.size(), 2000u);
}

}  // namespace
