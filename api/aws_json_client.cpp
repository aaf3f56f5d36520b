#include "api/aws_json_client.hpp"

#include "api/auth/credentials.hpp"
#include "api/auth/sigv4.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <vector>

namespace broadside::api {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

constexpr std::string_view json_content_type = "application/x-amz-json-1.1";

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value)
    return std::nullopt;
  return std::string{value};
}

std::filesystem::path shared_credentials_file() {
  auto home = environment("HOME").value_or("");
  if (auto file = environment("AWS_SHARED_CREDENTIALS_FILE"))
    return file->rfind("~/", 0) == 0 ? home + file->substr(1) : *file;
  return std::filesystem::path{home} / ".aws" / "credentials";
}

client_key profile_key(const std::string& profile) {
  auto file = shared_credentials_file();
  std::error_code missing;
  if (!std::filesystem::exists(file, missing))
    throw missing_credentials{"Unable to locate credentials: neither AWS_ACCESS_KEY_ID and "
                              "AWS_SECRET_ACCESS_KEY nor the credentials file " +
                              file.string() + " (AWS_SHARED_CREDENTIALS_FILE)"};
  credentials keys;
  try {
    keys = credentials::read_file(file);
  } catch (const std::runtime_error& e) {
    throw missing_credentials{e.what()};
  }
  const auto* key_id = keys.key_id_of(profile);
  if (!key_id)
    throw missing_credentials{"The profile (" + profile + ") holds no key in " + file.string()};
  return {*key_id, keys.find(*key_id)->secret};
}

// http://HOST[:PORT][/], split.
struct endpoint_address {
  std::string authority;  // HOST[:PORT], the Host header
  std::string host;
  std::string port = "80";
};

endpoint_address parse_endpoint_url(const std::string& url) {
  constexpr std::string_view scheme = "http://";
  auto fail = [&url](const std::string& why) {
    return unreachable_endpoint{"Invalid endpoint URL \"" + url + "\": " + why};
  };
  if (url.rfind("https://", 0) == 0)
    throw fail("https is not supported (broadside serve speaks plain HTTP)");
  if (url.rfind(scheme, 0) != 0)
    throw fail("expected http://HOST:PORT");
  endpoint_address address;
  address.authority = url.substr(scheme.size());
  if (auto slash = address.authority.find('/'); slash != std::string::npos) {
    if (slash + 1 != address.authority.size())
      throw fail("the service is at the root path /");
    address.authority.resize(slash);
  }
  const auto& authority = address.authority;
  // [v6]:port or host:port
  auto host_end = authority.front() == '[' ? authority.find(']') : authority.find(':');
  if (authority.front() == '[') {
    if (host_end == std::string::npos)
      throw fail("unterminated [");
    address.host = authority.substr(1, host_end - 1);
    ++host_end;
  } else {
    address.host = authority.substr(0, host_end);
  }
  if (host_end < authority.size()) {
    if (authority[host_end] != ':' || host_end + 1 == authority.size())
      throw fail("malformed HOST:PORT");
    address.port = authority.substr(host_end + 1);
  }
  if (address.host.empty())
    throw fail("no host");
  return address;
}

// The error code botocore reads from an error body: "__type" without the
// namespace some services prefix it with ("com.amazon.coral#Code").
std::string error_code(const json& body, const http::response<http::string_body>& response) {
  std::string code;
  if (auto type = body.find("__type"); type != body.end() && type->is_string())
    code = type->get<std::string>();
  else if (auto header = response.find("x-amzn-ErrorType"); header != response.end())
    code = std::string{header->value()};
  else
    return std::to_string(response.result_int());
  if (auto hash = code.rfind('#'); hash != std::string::npos)
    code.erase(0, hash + 1);
  if (auto colon = code.find(':'); colon != std::string::npos)
    code.resize(colon);
  return code;
}

aws_result read_answer(const http::response<http::string_body>& response,
                       const std::string& url) {
  auto body = response.body().empty() ? json{} : json::parse(response.body(), nullptr, false);
  auto status = response.result_int();
  if (status >= 200 && status < 300) {
    if (body.is_discarded())
      throw unreachable_endpoint{"The endpoint " + url + " answered with a body that is not JSON"};
    return body;
  }
  if (body.is_discarded() || !body.is_object())
    return api_error{error_code(json::object(), response), response.body(), status};
  std::string message;
  for (const char* key : {"message", "Message"})
    if (auto text = body.find(key); text != body.end() && text->is_string())
      message = text->get<std::string>();
  return api_error{error_code(body, response), message, status};
}

}  // namespace

client_key find_client_key(const std::optional<std::string>& profile) {
  if (profile)
    return profile_key(*profile);
  auto key_id = environment("AWS_ACCESS_KEY_ID");
  auto secret = environment("AWS_SECRET_ACCESS_KEY");
  if (key_id && secret)
    return {*key_id, *secret};
  return profile_key(environment("AWS_PROFILE").value_or("default"));
}

aws_result call_aws_json(const aws_json_client_options& options, std::string_view operation,
                         const nlohmann::json& input) {
  auto address = parse_endpoint_url(options.endpoint_url);
  auto body = input.dump();
  std::vector<runtime::http_header> headers{
      {"Host", address.authority},
      {"Content-Type", std::string{json_content_type}},
      {"X-Amz-Target", options.target_prefix + "." + std::string{operation}}};
  sign_sigv4("POST", "/", headers, body, options.key.access_key_id, options.key.secret,
             options.region, options.signing_name, std::time(nullptr));

  http::request<http::string_body> request{http::verb::post, "/", 11};
  for (const auto& h : headers)
    request.set(h.name, h.value);
  request.set(http::field::user_agent, "broadside");
  request.body() = std::move(body);
  request.prepare_payload();

  // Asynchronous steps on a private io_context: tcp_stream's deadline
  // covers only asynchronous operations.
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  beast::error_code failure;
  std::string_view failed_step;
  auto fail = [&](std::string_view step, beast::error_code e) {
    failure = e;
    failed_step = step;
  };
  asio::ip::tcp::resolver resolver{io};
  auto endpoints = resolver.resolve(address.host, address.port, failure);
  if (failure)
    throw unreachable_endpoint{"Could not connect to the endpoint URL: \"" + options.endpoint_url +
                               "\": cannot resolve " + address.host + ": " + failure.message()};
  stream.expires_after(options.timeout);
  stream.async_connect(endpoints, [&](beast::error_code connected, const auto&) {
    if (connected)
      return fail("connect", connected);
    http::async_write(stream, request, [&](beast::error_code sent, size_t) {
      if (sent)
        return fail("send the request", sent);
      http::async_read(stream, buffer, response, [&](beast::error_code read, size_t) {
        if (read)
          fail("read the answer", read);
      });
    });
  });
  io.run();
  if (failure == beast::error::timeout)
    throw unreachable_endpoint{"No answer from the endpoint URL \"" + options.endpoint_url +
                               "\" within " + std::to_string(options.timeout.count()) +
                               " ms (could not " + std::string{failed_step} + ")"};
  if (failure)
    throw unreachable_endpoint{"Could not connect to the endpoint URL: \"" + options.endpoint_url +
                               "\" (could not " + std::string{failed_step} +
                               ": " + failure.message() + ")"};
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return read_answer(response, options.endpoint_url);
}

}  // namespace broadside::api
