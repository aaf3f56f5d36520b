// The HTTP server on real sockets on 127.0.0.1: requests and answers,
// keep-alive and pipelining, answers from other threads, the requests it
// refuses itself, timeouts, 100-continue, many clients, and stopping with
// connections open.

#include "runtime/http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace broadside::test {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using runtime::http_handler;
using runtime::http_request;
using runtime::http_responder;
using runtime::http_response;
using runtime::http_server;
using runtime::http_server_options;
using response = http::response<http::string_body>;

// A client on its own socket. Every wait ends after a few seconds at most,
// so that a broken server fails a test instead of hanging it.
class client {
public:
  explicit client(uint16_t port) : stream_(io_) {
    stream_.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  }

  void send(const std::string& bytes) {
    auto ec = finish([&](auto done) { net::async_write(stream_, net::buffer(bytes), done); });
    EXPECT_FALSE(ec) << ec.message();
  }

  // The next response; `to_head` for one to a HEAD request, which has no body.
  response receive(bool to_head = false) {
    http::response_parser<http::string_body> parser;
    parser.skip(to_head);
    auto ec = finish([&](auto done) { http::async_read(stream_, buffer_, parser, done); });
    EXPECT_FALSE(ec) << ec.message();
    return parser.release();
  }

  // Whether the server closes the connection, with nothing more to read.
  bool closed() {
    if (buffer_.size() > 0)
      return false;
    char byte;
    auto ec = finish([&](auto done) { stream_.async_read_some(net::buffer(&byte, 1), done); });
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

private:
  template <class Start>
  beast::error_code finish(Start start) {
    beast::error_code result = net::error::would_block;
    stream_.expires_after(5s);
    start([&](beast::error_code ec, size_t) { result = ec; });
    io_.restart();
    io_.run();
    return result;
  }

  net::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

std::string post(const std::string& target, const std::string& body,
                 const std::string& more_headers = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
         + "Content-Type: application/x-amz-json-1.1\r\n"
         + "Content-Length: " + std::to_string(body.size()) + "\r\n" + more_headers + "\r\n"
         + body;
}

int64_t milliseconds_since(std::chrono::steady_clock::time_point start) {
  auto waited = std::chrono::steady_clock::now() - start;
  return std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
}

// Answers with the request's body, its target in X-Target, and counts calls.
http_handler echo(std::atomic<int>& calls) {
  return [&calls](http_request req, http_responder respond) {
    ++calls;
    http_response res;
    res.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Target", req.target}};
    res.body = std::move(req.body);
    respond(std::move(res));
  };
}

TEST(HttpServer, AnswersARequest) {
  std::promise<http_request> seen;
  http_server server{{}, [&](http_request req, http_responder respond) {
    seen.set_value(req);
    respond({201,
             {{"Content-Type", "application/x-amz-json-1.1"},
              {"x-amzn-RequestId", "r-1"}},
             R"({"CommandId":"c-1"})"});
  }};
  client c{server.port()};
  c.send(post("/?x=y", R"({"DocumentName":"AWS-RunShellScript"})",
              "X-Amz-Target: AmazonSSM.SendCommand\r\n"));
  auto res = c.receive();

  EXPECT_EQ(res.result_int(), 201u);
  EXPECT_EQ(res.version(), 11u);
  EXPECT_EQ(res[http::field::content_type], "application/x-amz-json-1.1");
  EXPECT_EQ(res["x-amzn-requestid"], "r-1");
  EXPECT_EQ(res.body(), R"({"CommandId":"c-1"})");
  EXPECT_EQ(res[http::field::content_length], std::to_string(res.body().size()));
  EXPECT_TRUE(res.keep_alive());

  auto req = seen.get_future().get();
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/?x=y");
  EXPECT_EQ(req.version, 11u);
  EXPECT_EQ(req.body, R"({"DocumentName":"AWS-RunShellScript"})");
  EXPECT_EQ(req.remote.rfind("127.0.0.1:", 0), 0u) << req.remote;
  ASSERT_NE(req.header("x-amz-target"), nullptr);
  EXPECT_EQ(*req.header("x-amz-target"), "AmazonSSM.SendCommand");
  EXPECT_EQ(req.header("X-Missing"), nullptr);
  bool name_as_sent = false;
  for (auto& h : req.headers)
    name_as_sent = name_as_sent || h.name == "X-Amz-Target";
  EXPECT_TRUE(name_as_sent);
}

TEST(HttpServer, KeepsTheConnectionForTheNextRequest) {
  std::vector<std::string> remotes;
  http_server server{{}, [&](http_request req, http_responder respond) {
    remotes.push_back(req.remote);  // one connection: one thread at a time
    respond({200, {}, req.target});
  }};
  client c{server.port()};
  c.send(post("/first", "1"));
  EXPECT_EQ(c.receive().body(), "/first");
  c.send(post("/second", "2"));
  EXPECT_EQ(c.receive().body(), "/second");
  ASSERT_EQ(remotes.size(), 2u);
  EXPECT_EQ(remotes[0], remotes[1]);
}

TEST(HttpServer, AnswersPipelinedRequestsInOrder) {
  std::atomic<int> calls{0};
  http_server server{{}, echo(calls)};
  client c{server.port()};
  c.send(post("/1", "one") + post("/2", "two") + post("/3", "three"));
  for (auto [target, body] : {std::pair{"/1", "one"}, {"/2", "two"}, {"/3", "three"}}) {
    auto res = c.receive();
    EXPECT_EQ(res["X-Target"], target);
    EXPECT_EQ(res.body(), body);
  }
  EXPECT_EQ(calls, 3);
}

TEST(HttpServer, TakesAnAnswerLaterFromAnotherThread) {
  std::promise<http_responder> handed;
  http_server server{{}, [&](http_request, http_responder respond) {
    handed.set_value(std::move(respond));
  }};
  std::thread answerer{[&] {
    auto respond = handed.get_future().get();
    respond({200, {}, "later"});
    respond({500, {}, "a second answer is ignored"});
  }};
  client c{server.port()};
  c.send(post("/", "{}"));
  auto res = c.receive();
  answerer.join();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), "later");
}

TEST(HttpServer, RefusesABodyOverTheLimit) {
  http_server_options o;
  o.body_limit = 1000;
  std::atomic<int> calls{0};
  http_server server{o, echo(calls)};

  client at_limit{server.port()};
  at_limit.send(post("/", std::string(1000, 'a')));
  EXPECT_EQ(at_limit.receive().result_int(), 200u);

  client declared{server.port()};
  declared.send(post("/", std::string(1001, 'a')));
  auto res = declared.receive();
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(declared.closed());

  client chunked{server.port()};
  chunked.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "258\r\n" + std::string(600, 'a') + "\r\n258\r\n" + std::string(600, 'b')
               + "\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.receive().result_int(), 413u);
  EXPECT_TRUE(chunked.closed());
  EXPECT_EQ(calls, 1);
}

TEST(HttpServer, RefusesHeadersOverTheLimit) {
  http_server_options o;
  o.header_limit = 1024;
  std::atomic<int> calls{0};
  http_server server{o, echo(calls)};
  client c{server.port()};
  c.send(post("/", "{}", "X-Big: " + std::string(2000, 'a') + "\r\n"));
  auto res = c.receive();
  EXPECT_EQ(res.result_int(), 431u);
  EXPECT_EQ(res[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_FALSE(res.body().empty());
  EXPECT_TRUE(c.closed());
  EXPECT_EQ(calls, 0);
}

TEST(HttpServer, RefusesMalformedRequestsWithoutTheHandler) {
  std::atomic<int> calls{0};
  http_server server{{}, echo(calls)};
  for (std::string garbage : {"NOT HTTP AT ALL\r\n\r\n",
                              "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n",
                              "POST / HTTP/1.1\r\nBad Header\r\n\r\n"}) {
    client c{server.port()};
    c.send(garbage);
    auto res = c.receive();
    EXPECT_EQ(res.result_int(), 400u) << garbage;
    EXPECT_TRUE(c.closed()) << garbage;
  }
  EXPECT_EQ(calls, 0);
}

TEST(HttpServer, ClosesASlowClientAndServesOthersMeanwhile) {
  http_server_options o;
  o.read_timeout = 200ms;
  std::atomic<int> calls{0};
  http_server server{o, echo(calls)};
  client slow{server.port()};
  auto sent = std::chrono::steady_clock::now();  // the server's timeout starts later
  slow.send("POST / HTTP/1.1\r\nHost: loc");

  client other{server.port()};
  other.send(post("/", "{}"));
  EXPECT_EQ(other.receive().result_int(), 200u);

  EXPECT_TRUE(slow.closed());
  EXPECT_GE(milliseconds_since(sent), 200);
  EXPECT_EQ(calls, 1);
}

TEST(HttpServer, ClosesAnIdleConnection) {
  http_server_options o;
  o.idle_timeout = 200ms;
  std::atomic<int> calls{0};
  http_server server{o, echo(calls)};
  client c{server.port()};
  auto sent = std::chrono::steady_clock::now();  // the server's wait starts later
  c.send(post("/", "{}"));
  EXPECT_EQ(c.receive().result_int(), 200u);
  EXPECT_TRUE(c.closed());
  EXPECT_GE(milliseconds_since(sent), 200);
}

TEST(HttpServer, SendsContinueBeforeTheBody) {
  std::atomic<int> calls{0};
  http_server server{{}, echo(calls)};
  client c{server.port()};
  std::string body(2000, 'x');
  c.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
         + std::to_string(body.size()) + "\r\n\r\n");
  EXPECT_EQ(c.receive().result_int(), 100u);
  c.send(body);
  auto res = c.receive();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), body);
}

TEST(HttpServer, ClosesAfterAnHttp10Response) {
  std::atomic<int> calls{0};
  http_server server{{}, echo(calls)};
  client c{server.port()};
  c.send("GET /old HTTP/1.0\r\n\r\n");
  auto res = c.receive();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.version(), 10u);
  EXPECT_EQ(res["X-Target"], "/old");
  EXPECT_TRUE(c.closed());
}

TEST(HttpServer, AnswersHeadWithoutABody) {
  http_server server{{}, [](http_request, http_responder respond) {
    respond({200, {}, "twelve bytes"});
  }};
  client c{server.port()};
  c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
  auto res = c.receive(true);
  EXPECT_EQ(res[http::field::content_length], "12");
  c.send(post("/", ""));  // the connection is still in step
  EXPECT_EQ(c.receive().body(), "twelve bytes");
}

TEST(HttpServer, ServesManyConnectionsAtOnce) {
  http_server_options o;
  o.threads = 4;
  std::atomic<int> calls{0};
  http_server server{o, echo(calls)};
  constexpr int clients = 50, requests = 5;
  std::atomic<int> right{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] {
      client c{server.port()};
      for (int r = 0; r < requests; ++r) {
        auto body = std::to_string(i) + "/" + std::to_string(r);
        c.send(post("/" + body, body));
        auto res = c.receive();
        right += res.result_int() == 200 && res.body() == body;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(right, clients * requests);
  EXPECT_EQ(calls, clients * requests);
}

TEST(HttpServer, AnswersAThrowingHandlerWith500) {
  http_server server{{}, [](http_request, http_responder) {
    throw std::runtime_error{"broken"};
  }};
  client c{server.port()};
  for (int i = 0; i < 2; ++i) {  // and keeps the connection
    c.send(post("/", "{}"));
    auto res = c.receive();
    EXPECT_EQ(res.result_int(), 500u);
    EXPECT_NE(res.body().find("broken"), std::string::npos);
  }
}

TEST(HttpServer, AnswersARequestTheHandlerDroppedWith500) {
  http_server server{{}, [](http_request, http_responder) {}};
  client c{server.port()};
  c.send(post("/", "{}"));
  EXPECT_EQ(c.receive().result_int(), 500u);
}

TEST(HttpServer, AnswersAnAnswerItCannotSendWith500) {
  http_server server{{}, [](http_request, http_responder respond) {
    respond({200, {{"X-Split", "a\r\nInjected: yes"}}, ""});
  }};
  client c{server.port()};
  c.send(post("/", "{}"));
  auto res = c.receive();
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(res.count("Injected"), 0u);
}

TEST(HttpServer, ClosesConnectionsBeyondTheLimit) {
  http_server_options o;
  o.max_connections = 2;
  std::atomic<int> calls{0};
  http_server server{o, echo(calls)};
  client a{server.port()}, b{server.port()};
  for (auto* c : {&a, &b}) {  // both accepted and served
    c->send(post("/", "{}"));
    EXPECT_EQ(c->receive().result_int(), 200u);
  }
  client third{server.port()};
  EXPECT_TRUE(third.closed());
}

TEST(HttpServer, StopsWithConnectionsOpenAndARequestUnanswered) {
  std::promise<http_responder> handed;
  auto server = std::make_optional<http_server>(
      http_server_options{},
      [&](http_request, http_responder respond) { handed.set_value(std::move(respond)); });
  client waiting{server->port()}, idle{server->port()}, halfway{server->port()};
  waiting.send(post("/", "{}"));
  auto respond = handed.get_future().get();
  halfway.send("POST / HTTP/1.1\r\nHo");

  server.reset();
  respond({200, {}, "too late"});

  EXPECT_TRUE(waiting.closed());
  EXPECT_TRUE(idle.closed());
  EXPECT_TRUE(halfway.closed());
}

TEST(HttpServer, SaysWhereItCannotListen) {
  std::atomic<int> calls{0};
  http_server first{{}, echo(calls)};
  http_server_options o;
  o.port = first.port();
  try {
    http_server second{o, echo(calls)};
    FAIL() << "two servers on one port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string{e.what()}.find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace broadside::test
