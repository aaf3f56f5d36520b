// Verifies requests signed elsewhere (by botocore, in sigv4_botocore_test.py).
//
//   sigv4_check CREDENTIALS_FILE < requests
//
// Each request is a run of fields, each written as its length in bytes, a
// newline, the bytes and a newline: now (Unix seconds), method, target, the
// number of headers, each header's name and value, the body. Prints a line
// per request: "OK <profile> <region> <service>", or the error code.

#include "api/auth/credentials.hpp"
#include "api/auth/sigv4.hpp"

#include <iostream>
#include <optional>
#include <string>

namespace {

std::optional<std::string> read_field(std::istream& in) {
  size_t length = 0;
  if (!(in >> length) || in.get() != '\n')
    return std::nullopt;
  std::string field(length, '\0');
  if (!in.read(field.data(), static_cast<std::streamsize>(length)) || in.get() != '\n')
    return std::nullopt;
  return field;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace broadside::api;
  if (argc != 2) {
    std::cerr << "usage: sigv4_check CREDENTIALS_FILE < requests\n";
    return 2;
  }
  auto keys = credentials::read_file(argv[1]);
  while (auto now = read_field(std::cin)) {
    auto method = read_field(std::cin);
    auto target = read_field(std::cin);
    auto header_count = read_field(std::cin);
    if (!method || !target || !header_count)
      break;
    std::vector<http_header> headers(std::stoul(*header_count));
    for (auto& header : headers) {
      auto name = read_field(std::cin);
      auto value = read_field(std::cin);
      if (!name || !value)
        return 2;
      header = {*name, *value};
    }
    auto body = read_field(std::cin);
    if (!body)
      return 2;
    auto result = verify_sigv4({*method, *target, headers, *body}, keys, std::stoll(*now));
    if (const auto* who = std::get_if<signer>(&result))
      std::cout << "OK " << who->profile << " " << who->region << " " << who->service << "\n";
    else
      std::cout << std::get<api_error>(result).code << "\n";
  }
  return std::cin.eof() ? 0 : 2;
}
