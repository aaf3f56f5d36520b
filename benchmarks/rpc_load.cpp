// rpc_load: closed-loop load on Cloud Assistant's RPC API. wrk cannot drive
// it: a signed request can be sent only once (its SignatureNonce is refused
// the second time), so each request here gets a fresh nonce and Timestamp
// and is signed (signature 1.0, HMAC-SHA1, as Alibaba's SDKs sign) before it
// goes out. Each connection is a thread with one keep-alive connection and
// one request in flight. api_bench.py runs it against `broadside serve` and,
// as the baseline, against bare_http_server, which costs the client the same.
//
//   rpc_load --port P --key-id ID --secret S [--connections 16] [--duration-s 5]
//            NAME=VALUE...        (the request's own parameters: Action=..., ...)
//
// Prints one JSON document: requests, requests_per_s, latency_ms {p50, p90,
// p99, max}, non_2xx (with the first such answer), errors (connection
// failures). Exits non-zero if any request failed or was not 2xx.

#include "api/auth/acs_signature.hpp"
#include "api/auth/percent_encoding.hpp"
#include "api/auth/utc_time.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

struct options {
  unsigned short port = 0;
  std::string key_id;
  std::string secret;
  int connections = 16;
  int duration_s = 5;
  std::vector<broadside::api::rpc_param> params;
  std::string run_id;  // in every nonce: runs against the same server never share one
};

struct tally {
  std::vector<double> latencies_ms;
  uint64_t non_2xx = 0;
  uint64_t errors = 0;
  std::string first_non_2xx;
};

// The request-target of one signed GET: the parameters, the signature's
// own with a nonce no other request uses, and Signature.
std::string signed_target(const options& o, const std::string& nonce) {
  auto all = o.params;
  all.emplace_back("AccessKeyId", o.key_id);
  all.emplace_back("SignatureMethod", "HMAC-SHA1");
  all.emplace_back("SignatureVersion", "1.0");
  all.emplace_back("SignatureNonce", nonce);
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  all.emplace_back("Timestamp", broadside::api::format_utc(now, broadside::api::iso_8601_extended));
  broadside::api::rpc_params params{all};
  all.emplace_back("Signature", broadside::api::acs_sign("GET", params, o.secret));
  std::string target = "/?";
  for (const auto& [name, value] : all) {
    if (target.size() > 2)
      target += '&';
    target += broadside::api::percent_encode(name) + "=" + broadside::api::percent_encode(value);
  }
  return target;
}

void connection(const options& o, int index, clock_type::time_point until, tally& out) {
  net::io_context io;
  beast::tcp_stream stream{io};
  try {
    stream.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), o.port});
  } catch (const std::exception&) {
    ++out.errors;
    return;
  }
  beast::flat_buffer buffer;
  for (uint64_t n = 0; clock_type::now() < until; ++n) {
    http::request<http::empty_body> request{
        http::verb::get,
        signed_target(o, o.run_id + "-" + std::to_string(index) + "-" + std::to_string(n)), 11};
    request.set(http::field::host, "127.0.0.1");
    http::response<http::string_body> response;
    auto start = clock_type::now();
    beast::error_code failed;
    http::write(stream, request, failed);
    if (!failed)
      http::read(stream, buffer, response, failed);
    if (failed) {
      ++out.errors;
      return;
    }
    out.latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
    if (response.result_int() / 100 != 2 && out.non_2xx++ == 0)
      out.first_non_2xx = std::to_string(response.result_int()) + " " + response.body();
  }
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&] {
      if (i + 1 >= argc)
        throw std::runtime_error{arg + " needs a value"};
      return std::string{argv[++i]};
    };
    if (arg == "--port")
      o.port = static_cast<unsigned short>(std::stoi(value()));
    else if (arg == "--key-id")
      o.key_id = value();
    else if (arg == "--secret")
      o.secret = value();
    else if (arg == "--connections")
      o.connections = std::stoi(value());
    else if (arg == "--duration-s")
      o.duration_s = std::stoi(value());
    else if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) != 0)
      o.params.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    else
      throw std::runtime_error{"unknown argument " + arg};
  }
  o.run_id = std::to_string(std::random_device{}()) + std::to_string(std::random_device{}());
  if (o.port == 0 || o.key_id.empty() || o.secret.empty() || o.connections < 1)
    throw std::runtime_error{"usage: rpc_load --port P --key-id ID --secret S NAME=VALUE..."};
  return o;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty())
    return 0;
  auto at = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[at];
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  try {
    o = parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "rpc_load: " << e.what() << "\n";
    return 2;
  }
  std::vector<tally> tallies(static_cast<size_t>(o.connections));
  auto start = clock_type::now();
  auto until = start + std::chrono::seconds{o.duration_s};
  std::vector<std::thread> threads;
  for (int k = 0; k < o.connections; ++k)
    threads.emplace_back(connection, std::cref(o), k, until, std::ref(tallies[static_cast<size_t>(k)]));
  for (auto& t : threads)
    t.join();
  auto elapsed_s = std::chrono::duration<double>(clock_type::now() - start).count();
  tally all;
  for (auto& t : tallies) {
    all.latencies_ms.insert(all.latencies_ms.end(), t.latencies_ms.begin(), t.latencies_ms.end());
    all.errors += t.errors;
    if (all.non_2xx == 0 && t.non_2xx > 0)
      all.first_non_2xx = t.first_non_2xx;
    all.non_2xx += t.non_2xx;
  }
  std::sort(all.latencies_ms.begin(), all.latencies_ms.end());
  auto round3 = [](double x) { return static_cast<double>(static_cast<int64_t>(x * 1000 + 0.5)) / 1000; };
  nlohmann::ordered_json out{
      {"connections", o.connections},
      {"duration_s", round3(elapsed_s)},
      {"requests", all.latencies_ms.size()},
      {"requests_per_s", round3(static_cast<double>(all.latencies_ms.size()) / elapsed_s)},
      {"latency_ms",
       {{"p50", round3(percentile(all.latencies_ms, 0.50))},
        {"p90", round3(percentile(all.latencies_ms, 0.90))},
        {"p99", round3(percentile(all.latencies_ms, 0.99))},
        {"max", round3(all.latencies_ms.empty() ? 0 : all.latencies_ms.back())}}},
      {"non_2xx", all.non_2xx},
      {"first_non_2xx", all.first_non_2xx},
      {"errors", all.errors}};
  std::cout << out.dump() << std::endl;
  return all.errors == 0 && all.non_2xx == 0 ? 0 : 1;
}
