#include "api/auth/credentials.hpp"
#include "api/auth/sha256.hpp"
#include "api/auth/sigv4.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>

namespace fs = std::filesystem;
using namespace broadside::api;

namespace {

// ---- SHA-256 and HMAC-SHA256 ----

std::string sha256_hex(std::string_view message) { return to_hex(sha256(message)); }

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Where the padding needs a second block, or a whole block of its own.
// Expected values: hashlib.sha256(b'a' * n).hexdigest() in Python 3.11.
TEST(Sha256, LengthsAroundBlockBoundaries) {
  const std::pair<size_t, std::string_view> vectors[] = {
    {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
    {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
    {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
    {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
    {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
    {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
  };
  for (const auto& [length, expected] : vectors)
    EXPECT_EQ(sha256_hex(std::string(length, 'a')), expected) << length << " bytes";
}

// The CPU's SHA instructions and the portable code give the same digests,
// at every length up to a few blocks (each padding case) and on FIPS input.
TEST(Sha256, EnginesAgree) {
  if (!available(sha256_engine::sha_extensions))
    GTEST_SKIP() << "this CPU has no SHA extensions; sha256 uses the portable code";
  EXPECT_EQ(fastest_sha256_engine(), sha256_engine::sha_extensions);
  uint32_t seed = 12345;
  std::string message;
  for (size_t length = 0; length <= 300; ++length) {
    EXPECT_EQ(to_hex(sha256(message, sha256_engine::sha_extensions)),
              to_hex(sha256(message, sha256_engine::portable)))
        << length << " bytes";
    seed = seed * 1664525 + 1013904223;
    message.push_back(static_cast<char>(seed >> 24));
  }
  EXPECT_EQ(to_hex(sha256(std::string(1000000, 'a'), sha256_engine::portable)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// RFC 4231, test cases 1 to 4, 6 and 7 (5 truncates its output).
TEST(HmacSha256, Rfc4231Vectors) {
  EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\xaa'), std::string(50, '\xdd'))),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  std::string key4;
  for (char c = 1; c <= 25; ++c)
    key4.push_back(c);
  EXPECT_EQ(to_hex(hmac_sha256(key4, std::string(50, '\xcd'))),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'),
                               "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'),
                               "This is a test using a larger than block-size key and a larger "
                               "than block-size data. The key needs to be hashed before being "
                               "used by the HMAC algorithm.")),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

// A key kept for many messages signs each as a fresh HMAC would.
TEST(HmacSha256, KeptKeySignsEachMessageAlike) {
  hmac_sha256_key key{"Jefe"};
  EXPECT_EQ(to_hex(key.sign("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  for (size_t length : {0, 1, 55, 64, 100, 200})
    EXPECT_EQ(key.sign(std::string(length, 'x')), hmac_sha256("Jefe", std::string(length, 'x')));
  EXPECT_EQ(to_hex(key.sign("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// ---- credentials files ----

std::string parse_error(std::string_view text) {
  try {
    credentials::parse(text, "creds");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Credentials, ParsesProfilesCommentsAndSpacing) {
  auto keys = credentials::parse("# a comment\n"
                                 "; another\n"
                                 "\n"
                                 "[default]\n"
                                 "aws_access_key_id=AKIAAAAAAAAAAAAAAAAA\n"
                                 "aws_secret_access_key   =   secret/one+ \r\n"
                                 "region = eu-west-1\n"
                                 "  # indented comment\n"
                                 "[ ci ]\r\n"
                                 "\tAWS_Access_Key_ID : AKIABBBBBBBBBBBBBBBB\n"
                                 "\taws_secret_access_key = secret two\n"
                                 "aws_session_token = ignored\n"
                                 "s3 =\n"
                                 "    max_concurrent_requests = 4\n"
                                 "[only-settings]\n"
                                 "output = json\n",
                                 "creds");
  const access_key* first = keys.find("AKIAAAAAAAAAAAAAAAAA");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->secret, "secret/one+");
  EXPECT_EQ(first->profile, "default");
  const access_key* second = keys.find("AKIABBBBBBBBBBBBBBBB");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->secret, "secret two");
  EXPECT_EQ(second->profile, "ci");
  EXPECT_EQ(keys.find("AKIACCCCCCCCCCCCCCCC"), nullptr);
  EXPECT_TRUE(credentials::parse("# nothing\n", "creds").empty());
}

TEST(Credentials, ErrorsNameTheLine) {
  // Indented more than the key before it: botocore reads a continuation.
  EXPECT_EQ(parse_error("[ci]\naws_access_key_id = A\n  aws_secret_access_key = s\n"),
            "creds:1: profile 'ci' has aws_access_key_id and no aws_secret_access_key");
  EXPECT_EQ(parse_error("\naws_access_key_id = A\n"),
            "creds:2: 'aws_access_key_id' is outside any [profile] section");
  EXPECT_EQ(parse_error("[default]\njust words\n"),
            "creds:2: expected '[profile]' or 'key = value'");
  EXPECT_EQ(parse_error("[default\n"), "creds:1: malformed section header '[default'");
  EXPECT_EQ(parse_error("[a]\naws_access_key_id = A\naws_secret_access_key = s\n"
                        "[b]\n\n[ci]\naws_access_key_id = B\nregion = x\n"),
            "creds:6: profile 'ci' has aws_access_key_id and no aws_secret_access_key");
  EXPECT_EQ(parse_error("[ci]\naws_secret_access_key = s\n"),
            "creds:1: profile 'ci' has aws_secret_access_key and no aws_access_key_id");
  EXPECT_EQ(parse_error("[a]\n[b]\n[a]\n"), "creds:3: profile 'a' already defined on line 1");
  EXPECT_EQ(parse_error("[a]\naws_access_key_id = A\nAWS_ACCESS_KEY_ID = B\n"),
            "creds:3: 'aws_access_key_id' given twice in profile 'a'");
  EXPECT_EQ(parse_error("[a]\naws_access_key_id = A\naws_secret_access_key = s\n"
                        "[b]\naws_access_key_id = A\naws_secret_access_key = t\n"),
            "creds:4: profile 'b' gives access key A another secret than profile 'a'");
}

TEST(Credentials, SameKeyInTwoProfilesIsTheFirstProfiles) {
  auto keys = credentials::parse("[default]\naws_access_key_id = A\naws_secret_access_key = s\n"
                                 "[broadside]\naws_access_key_id = A\naws_secret_access_key = s\n",
                                 "creds");
  ASSERT_NE(keys.find("A"), nullptr);
  EXPECT_EQ(keys.find("A")->profile, "default");
}

class CredentialsFile : public ::testing::Test {
protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() /
            ("broadside-auth-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
  }
  void TearDown() override { fs::remove_all(work_); }

  fs::path work_;
};

TEST_F(CredentialsFile, UnreadableFileIsAnError) {
  auto missing = work_ / "none";
  try {
    credentials::read_file(missing);
    FAIL() << "read a missing file";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string{e.what()},
              "cannot read credentials file " + missing.string() + ": No such file or directory");
  }
}

TEST_F(CredentialsFile, ErrorsNameTheFile) {
  fs::create_directories(work_);
  std::ofstream{work_ / "credentials"} << "[default]\naws_access_key_id = A\n";
  try {
    credentials::read_file(work_ / "credentials");
    FAIL() << "accepted a key id with no secret";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string{e.what()},
              (work_ / "credentials").string() +
                ":1: profile 'default' has aws_access_key_id and no aws_secret_access_key");
  }
}

TEST(GeneratedKey, LooksLikeAnAwsKeyAndDiffers) {
  auto key = generate_key();
  ASSERT_EQ(key.access_key_id.size(), 20u);
  EXPECT_EQ(key.access_key_id.substr(0, 4), "AKIA");
  EXPECT_EQ(key.access_key_id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            std::string::npos);
  ASSERT_EQ(key.secret.size(), 40u);
  EXPECT_EQ(key.secret.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            std::string::npos);

  std::set<std::string> ids, secrets;
  for (int i = 0; i < 20; ++i) {
    auto another = generate_key();
    ids.insert(another.access_key_id);
    secrets.insert(another.secret);
  }
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(secrets.size(), 20u);
}

TEST_F(CredentialsFile, WrittenKeyReadsBackWithMode0600) {
  auto file = work_ / "nested" / "dir" / "credentials";
  auto key = generate_key();
  write_credentials_file(file, key);

  struct stat status {};
  ASSERT_EQ(::stat(file.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  auto keys = credentials::read_file(file);
  const access_key* found = keys.find(key.access_key_id);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->secret, key.secret);
  EXPECT_EQ(found->profile, "default");
  EXPECT_EQ(std::distance(fs::directory_iterator{file.parent_path()}, fs::directory_iterator{}),
            1);  // no temporary file left behind
}

TEST_F(CredentialsFile, NeverReplacesAnExistingFile) {
  auto file = work_ / "credentials";
  auto first = generate_key();
  write_credentials_file(file, first);
  EXPECT_THROW(write_credentials_file(file, generate_key()), std::runtime_error);
  ASSERT_NE(credentials::read_file(file).find(first.access_key_id), nullptr);
  EXPECT_EQ(std::distance(fs::directory_iterator{work_}, fs::directory_iterator{}), 1);
}

// ---- SigV4 ----

// Requests botocore 1.43.11 signed, with its clock fixed at 2026-11-22T17:59:56Z
// (botocore.auth.get_current_datetime patched) and this key:
const std::string fixture_key_id = "AKIAIOSFODNN7EXAMPLE";
const std::string fixture_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr int64_t fixture_time = 1795370396;

struct signed_request {
  std::string target;
  std::vector<http_header> headers;
  std::string body;
};

// botocore.session.get_session().create_client('ssm', region_name='eu-west-1',
// endpoint_url='http://127.0.0.1:8443', ...).send_command(
//   DocumentName='AWS-RunShellScript', InstanceIds=['i-0123456789abcdef0'],
//   Parameters={'commands': ['echo "hello  world"']})
// with a 'before-send' handler capturing the request: the headers as the AWS CLI
// sends them, plus the Host header urllib3 adds.
signed_request ssm_fixture() {
  return {"/",
          {{"Host", "127.0.0.1:8443"},
           {"X-Amz-Target", "AmazonSSM.SendCommand"},
           {"Content-Type", "application/x-amz-json-1.1"},
           {"User-Agent", "Botocore/1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 "
                          "lang/python#3.11.7 md/pyimpl#CPython m/Z,e,D,N,b cfg/retry-mode#legacy"},
           {"X-Amz-Date", "20261122T175956Z"},
           {"Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/eu-west-1/ssm/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=2885d2c6de1507620e4f660d232405a758f92701b7f90c354bdbb761dc92f37f"},
           {"amz-sdk-invocation-id", "f3bd6294-34b4-41e1-879d-83170ab9d7b9"},
           {"amz-sdk-request", "attempt=1"},
           {"Content-Length", "133"}},
          R"({"DocumentName": "AWS-RunShellScript", "InstanceIds": ["i-0123456789abcdef0"], )"
          R"("Parameters": {"commands": ["echo \"hello  world\""]}})"};
}

// req = AWSRequest(method='POST', url='http://localhost:8443/', data=<body>, headers={
//   'Host': 'localhost:8443', 'Content-Type': 'application/x-amz-json-1.1',
//   'X-Amz-Target': 'CodePipeline_20150709.StartPipelineExecution'})
// SigV4Auth(Credentials(<key>), 'codepipeline', 'us-east-1').add_auth(req)
signed_request codepipeline_fixture() {
  return {"/",
          {{"Host", "localhost:8443"},
           {"Content-Type", "application/x-amz-json-1.1"},
           {"X-Amz-Target", "CodePipeline_20150709.StartPipelineExecution"},
           {"X-Amz-Date", "20261122T175956Z"},
           {"Authorization", "AWS4-HMAC-SHA256 "
                             "Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/codepipeline/"
                             "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-"
                             "target, Signature=7c3567215e23ae8fb1bbcc262e09701881e5038fb9e681fba0"
                             "b9f520ed59c0a2"}},
          R"({"name": "deploy-web", "clientRequestToken": "7b0c5f2e"})"};
}

// As codepipeline_fixture, for 'ssm' and AmazonSSM.ListCommandInvocations, with
// a 'Date' header given: botocore then signs Date and sends no X-Amz-Date.
signed_request date_header_fixture() {
  return {"/",
          {{"Host", "localhost:8443"},
           {"Content-Type", "application/x-amz-json-1.1"},
           {"X-Amz-Target", "AmazonSSM.ListCommandInvocations"},
           {"Date", "Sun, 22 Nov 2026 17:59:56 -0000"},
           {"Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/ssm/aws4_request, "
            "SignedHeaders=content-type;date;host;x-amz-target, "
            "Signature=535280d299733db4e9652389186b98c9befd4be10d133bd7a68edc3de7877c21"}},
          R"({"CommandId": "c0ffee00-0000-4000-8000-000000000001"})"};
}

// A path with dot segments, an empty segment and an escaped slash, a query,
// and a header given twice, the first time empty:
// req = AWSRequest(method='POST', url='http://localhost:8443/x/../y//a%2Fb?b=1&a=2&a=1',
//   data=b'{}', headers={'Host': 'localhost:8443', 'Content-Type': ...})
// req.headers['X-Amz-Meta'] = ''; req.headers['X-Amz-Meta'] = '  a   b\t'
// SigV4Auth(Credentials(<key>), 'ssm', 'us-east-1').add_auth(req)
signed_request path_and_query_fixture() {
  return {"/x/../y//a%2Fb?b=1&a=2&a=1",
          {{"Host", "localhost:8443"},
           {"Content-Type", "application/x-amz-json-1.1"},
           {"X-Amz-Meta", ""},
           {"X-Amz-Meta", "  a   b\t"},
           {"X-Amz-Date", "20261122T175956Z"},
           {"Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/ssm/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-meta, "
            "Signature=b7f02763ec099c7f92b39829e06eef58c6e5b0736745d2ce62666ecf7b0762cc"}},
          "{}"};
}

credentials fixture_keys() {
  return credentials::parse("[ops]\naws_access_key_id = " + fixture_key_id +
                              "\naws_secret_access_key = " + fixture_secret + "\n",
                            "test");
}

std::variant<signer, api_error> verify(const signed_request& request, int64_t now_s,
                                          const credentials& keys = fixture_keys()) {
  return verify_sigv4({"POST", request.target, request.headers, request.body}, keys, now_s);
}

// The code of a failure, or "OK".
std::string outcome(const std::variant<signer, api_error>& result) {
  if (const auto* failure = std::get_if<api_error>(&result)) {
    EXPECT_EQ(failure->http_status, 400u);
    EXPECT_EQ(failure->message.find(fixture_secret), std::string::npos);
    return failure->code;
  }
  return "OK";
}

std::string message(const std::variant<signer, api_error>& result) {
  const auto* failure = std::get_if<api_error>(&result);
  return failure ? failure->message : "OK";
}

std::string& header(signed_request& request, std::string_view name) {
  for (auto& h : request.headers)
    if (h.name == name)
      return h.value;
  throw std::logic_error{"no header " + std::string{name}};
}

void remove_header(signed_request& request, std::string_view name) {
  auto& headers = request.headers;
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const http_header& h) { return h.name == name; }),
                headers.end());
}

TEST(Sigv4, BotocoreRequestsVerify) {
  auto ssm = verify(ssm_fixture(), fixture_time);
  ASSERT_EQ(outcome(ssm), "OK") << message(ssm);
  const auto& who = std::get<signer>(ssm);
  EXPECT_EQ(who.access_key_id, fixture_key_id);
  EXPECT_EQ(who.profile, "ops");
  EXPECT_EQ(who.region, "eu-west-1");
  EXPECT_EQ(who.service, "ssm");

  auto pipeline = verify(codepipeline_fixture(), fixture_time);
  ASSERT_EQ(outcome(pipeline), "OK") << message(pipeline);
  EXPECT_EQ(std::get<signer>(pipeline).service, "codepipeline");
  EXPECT_EQ(std::get<signer>(pipeline).region, "us-east-1");

  auto dated = verify(date_header_fixture(), fixture_time);
  EXPECT_EQ(outcome(dated), "OK") << message(dated);

  auto path = verify(path_and_query_fixture(), fixture_time);
  EXPECT_EQ(outcome(path), "OK") << message(path);
}

TEST(Sigv4, UnsignedHeadersAndHeaderNameCaseDoNotMatter) {
  auto request = ssm_fixture();
  header(request, "User-Agent") = "something else";
  header(request, "amz-sdk-request") = "attempt=2";
  for (auto& h : request.headers)
    std::transform(h.name.begin(), h.name.end(), h.name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(outcome(verify(request, fixture_time)), "OK");
}

TEST(Sigv4, WithinFifteenMinutesEitherWay) {
  EXPECT_EQ(outcome(verify(ssm_fixture(), fixture_time + 15 * 60)), "OK");
  EXPECT_EQ(outcome(verify(ssm_fixture(), fixture_time - 15 * 60)), "OK");
}

TEST(Sigv4, NoAuthorizationHeader) {
  auto request = ssm_fixture();
  remove_header(request, "Authorization");
  auto result = verify(request, fixture_time);
  EXPECT_EQ(outcome(result), "MissingAuthenticationTokenException");
  EXPECT_EQ(message(result), "Missing Authentication Token");
}

TEST(Sigv4, MalformedAuthorization) {
  const std::string credential =
    "Credential=AKIAIOSFODNN7EXAMPLE/20261122/eu-west-1/ssm/aws4_request";
  const std::string signed_headers = "SignedHeaders=content-type;host;x-amz-date;x-amz-target";
  const std::string signature =
    "Signature=2885d2c6de1507620e4f660d232405a758f92701b7f90c354bdbb761dc92f37f";
  const std::pair<std::string, std::string> cases[] = {
    {"AWS4-HMAC-SHA512 " + credential + ", " + signed_headers + ", " + signature,
     "Unsupported AWS 'algorithm': only 'AWS4-HMAC-SHA256' is supported."},
    {"Bearer abc", "Unsupported AWS 'algorithm': only 'AWS4-HMAC-SHA256' is supported."},
    {"AWS4-HMAC-SHA256",
     "Authorization header requires 'Credential' parameter. Authorization header requires "
     "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."},
    {"AWS4-HMAC-SHA256 " + credential + ", " + signed_headers,
     "Authorization header requires 'Signature' parameter."},
    {"AWS4-HMAC-SHA256 " + signature,
     "Authorization header requires 'Credential' parameter. Authorization header requires "
     "'SignedHeaders' parameter."},
    {"AWS4-HMAC-SHA256 " + credential + ", " + signed_headers + ", " + signature + ", extra",
     "Invalid key=value pair (missing equal-sign) in Authorization header."},
    {"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/eu-west-1/ssm, " + signed_headers +
       ", " + signature,
     "Credential must have the form "
     "'<access key id>/<yyyyMMdd>/<region>/<service>/aws4_request'."},
    {"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/eu-west-1/ssm/aws5_request, " +
       signed_headers + ", " + signature,
     "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."},
    {"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122//ssm/aws4_request, " +
       signed_headers + ", " + signature,
     "Credential should be scoped to a valid region."},
    {"AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=content-type;x-amz-date;x-amz-target, " +
       signature,
     "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
  };
  for (const auto& [authorization, expected] : cases) {
    auto request = ssm_fixture();
    header(request, "Authorization") = authorization;
    auto result = verify(request, fixture_time);
    EXPECT_EQ(outcome(result), "IncompleteSignatureException") << authorization;
    EXPECT_EQ(message(result), expected) << authorization;
  }
}

TEST(Sigv4, NoDateOrAMalformedOne) {
  auto request = ssm_fixture();
  remove_header(request, "X-Amz-Date");
  auto result = verify(request, fixture_time);
  EXPECT_EQ(outcome(result), "IncompleteSignatureException");
  EXPECT_EQ(message(result), "Authorization header requires existence of either a 'X-Amz-Date' "
                             "or a 'Date' header.");

  request = ssm_fixture();
  header(request, "X-Amz-Date") = "2026-11-22T17:59:56Z";
  EXPECT_EQ(outcome(verify(request, fixture_time)), "IncompleteSignatureException");
  request = date_header_fixture();
  header(request, "Date") = "Sun, 22 Nov 2026 17:59:56 CET";
  EXPECT_EQ(outcome(verify(request, fixture_time)), "IncompleteSignatureException");
}

TEST(Sigv4, UnknownAccessKey) {
  auto others = credentials::parse(
    "[default]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = x\n", "test");
  auto result = verify(ssm_fixture(), fixture_time, others);
  EXPECT_EQ(outcome(result), "UnrecognizedClientException");
  EXPECT_EQ(message(result), "The security token included in the request is invalid.");
}

const std::string mismatch =
  "The request signature we calculated does not match the signature you provided. Check your "
  "AWS Secret Access Key and signing method. Consult the service documentation for details.";

TEST(Sigv4, TamperedRequestsDoNotVerify) {
  auto body = ssm_fixture();
  body.body.replace(body.body.find("hello"), 5, "HELLO");
  auto result = verify(body, fixture_time);
  EXPECT_EQ(outcome(result), "InvalidSignatureException");
  EXPECT_EQ(message(result), mismatch);

  auto target = ssm_fixture();
  header(target, "X-Amz-Target") = "AmazonSSM.CancelCommand";
  EXPECT_EQ(message(verify(target, fixture_time)), mismatch);

  auto host = ssm_fixture();
  header(host, "Host") = "127.0.0.1:8444";
  EXPECT_EQ(message(verify(host, fixture_time)), mismatch);

  auto path = ssm_fixture();
  path.target = "/other";
  EXPECT_EQ(message(verify(path, fixture_time)), mismatch);

  auto dropped = ssm_fixture();
  remove_header(dropped, "Content-Type");
  EXPECT_EQ(message(verify(dropped, fixture_time)), mismatch);

  auto signature = ssm_fixture();
  header(signature, "Authorization").back() = 'e';
  EXPECT_EQ(message(verify(signature, fixture_time)), mismatch);
}

TEST(Sigv4, WrongSecret) {
  auto other_secret = fixture_secret.substr(0, 39) + "z";
  auto keys = credentials::parse("[ops]\naws_access_key_id = " + fixture_key_id +
                                   "\naws_secret_access_key = " + other_secret + "\n",
                                 "test");
  auto result = verify(ssm_fixture(), fixture_time, keys);
  EXPECT_EQ(outcome(result), "InvalidSignatureException");
  EXPECT_EQ(message(result), mismatch);
}

TEST(Sigv4, TooOldOrTooNew) {
  auto old = verify(ssm_fixture(), fixture_time + 16 * 60);
  EXPECT_EQ(outcome(old), "InvalidSignatureException");
  EXPECT_EQ(message(old), "Signature expired: 20261122T175956Z is now earlier than "
                          "20261122T180056Z (20261122T181556Z - 15 min.)");
  auto early = verify(ssm_fixture(), fixture_time - 16 * 60);
  EXPECT_EQ(outcome(early), "InvalidSignatureException");
  EXPECT_EQ(message(early), "Signature not yet current: 20261122T175956Z is still later than "
                            "20261122T175856Z (20261122T174356Z + 15 min.)");
  auto dated = verify(date_header_fixture(), fixture_time + 16 * 60);
  EXPECT_EQ(outcome(dated), "InvalidSignatureException");
}

TEST(Sigv4, ScopeDateMustBeTheRequestsDate) {
  std::vector<http_header> headers{{"Host", "localhost"}};
  sign_sigv4("POST", "/", headers, "{}", fixture_key_id, fixture_secret, "us-east-1", "ssm",
             fixture_time);
  auto& authorization = headers.back().value;
  authorization.replace(authorization.find("/20261122/"), 10, "/20261121/");
  auto result = verify({"/", headers, "{}"}, fixture_time);
  EXPECT_EQ(outcome(result), "InvalidSignatureException");
  EXPECT_EQ(message(result), "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                             "version of date from HTTP: '20261121' != '20261122', from "
                             "'20261122T175956Z'.");
}

TEST(Sigv4, ClaimedPayloadHashMustBeTheBodys) {
  std::vector<http_header> headers{{"Host", "localhost"},
                                   {"X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"}};
  sign_sigv4("POST", "/", headers, "{}", fixture_key_id, fixture_secret, "us-east-1", "ssm",
             fixture_time);
  EXPECT_EQ(outcome(verify({"/", headers, "{}"}, fixture_time)), "InvalidSignatureException");

  headers[1].value = sha256_hex("{}");
  sign_sigv4("POST", "/", headers, "{}", fixture_key_id, fixture_secret, "us-east-1", "ssm",
             fixture_time);
  EXPECT_EQ(outcome(verify({"/", headers, "{}"}, fixture_time)), "OK");
}

// sign_sigv4 signs what botocore signs for these services, so our own client
// and the AWS CLI send the same Authorization header.
TEST(Sigv4, SignsLikeBotocore) {
  const std::tuple<signed_request, std::string, std::string> cases[] = {
    {ssm_fixture(), "eu-west-1", "ssm"},
    {codepipeline_fixture(), "us-east-1", "codepipeline"},
    {path_and_query_fixture(), "us-east-1", "ssm"},
  };
  for (auto [fixture, region, service] : cases) {
    auto expected = header(fixture, "Authorization");
    remove_header(fixture, "Authorization");
    remove_header(fixture, "X-Amz-Date");
    sign_sigv4("POST", fixture.target, fixture.headers, fixture.body, fixture_key_id,
               fixture_secret, region, service, fixture_time);
    EXPECT_EQ(header(fixture, "X-Amz-Date"), "20261122T175956Z");
    EXPECT_EQ(header(fixture, "Authorization"), expected);
  }
}

TEST(Sigv4, SignedRequestsRoundTrip) {
  std::vector<http_header> headers{
    {"host", "ssm.example:443"},
    {"Content-Type", "application/x-amz-json-1.1"},
    {"X-Amz-Target", "  AmazonSSM.SendCommand   "},
    {"X-Amz-Meta", "a   b\t c"},
    {"x-amz-meta", "second"},
    {"Accept", "*/*"},
  };
  const std::string target = "/a/b%20c/./../d//e?b=2&a=1&a=0&flag&space=x%20y";
  sign_sigv4("POST", target, headers, "{\"k\": 1}", "AKIDEXAMPLE", "s3cr3t", "ap-south-2", "ssm",
             fixture_time);
  // Signing again replaces the date and the signature, not adds to them.
  sign_sigv4("POST", target, headers, "{\"k\": 1}", "AKIDEXAMPLE", "s3cr3t", "ap-south-2", "ssm",
             fixture_time + 60);
  EXPECT_EQ(headers.size(), 8u);
  auto keys = credentials::parse(
    "[broadside]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s3cr3t\n", "test");
  auto result = verify_sigv4({"POST", target, headers, "{\"k\": 1}"}, keys, fixture_time + 60);
  ASSERT_EQ(outcome(result), "OK") << message(result);
  EXPECT_EQ(std::get<signer>(result).profile, "broadside");
  EXPECT_EQ(std::get<signer>(result).region, "ap-south-2");

  // The query's order is no part of the signature; its contents are.
  auto reordered = "/a/b%20c/./../d//e?space=x%20y&a=0&flag=&b=2&a=1";
  EXPECT_EQ(outcome(verify_sigv4({"POST", reordered, headers, "{\"k\": 1}"}, keys,
                                 fixture_time + 60)),
            "OK");
  auto changed = "/a/b%20c/./../d//e?b=3&a=1&a=0&flag&space=x%20y";
  EXPECT_EQ(outcome(verify_sigv4({"POST", changed, headers, "{\"k\": 1}"}, keys,
                                 fixture_time + 60)),
            "InvalidSignatureException");
}

}  // namespace
