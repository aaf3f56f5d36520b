// SigV4 checking (api/auth/sigv4.hpp) of any request. The input is a request
// as text: "<method> <target>", a line per header "<name>: <value>", an empty
// line, the body. The corpus holds requests botocore signed with the key
// below (tests/auth_test.cpp's fixtures), so mutations start from ones that
// verify and reach every check.

#include "api/auth/credentials.hpp"
#include "api/auth/sigv4.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

using namespace broadside::api;

// The fixtures' signing time, 2026-11-22T17:59:56Z.
constexpr int64_t now_s = 1'795'370'396;

const credentials& keys() {
  static const credentials parsed = credentials::parse(
    "[ops]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    "fuzz");
  return parsed;
}

// The text up to the next '\n' (all of it if there is none), taken off `text`.
std::string_view take_line(std::string_view& text) {
  auto end = text.find('\n');
  auto line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto request_line = take_line(text);
  auto space = request_line.find(' ');
  auto method = request_line.substr(0, space);
  auto target = space == std::string_view::npos ? std::string_view{} : request_line.substr(space + 1);
  std::vector<http_header> headers;
  while (!text.empty()) {
    auto line = take_line(text);
    if (line.empty())
      break;
    auto colon = line.find(':');
    auto value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    headers.push_back({std::string{line.substr(0, colon)}, std::string{value}});
  }
  auto result = verify_sigv4({method, target, headers, text}, keys(), now_s);
  if (const auto* who = std::get_if<signer>(&result); who && who->profile != "ops")
    std::abort();
  return 0;
}
