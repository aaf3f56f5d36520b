#pragma once

// A small HTTP/1.1 server (Boost.Beast underneath) for the service API: it
// reads one request at a time per connection, hands each to a handler, and
// writes the handler's answer, which may come later and from any thread
// (say, after an actor replied). HTTP/1.0 and 1.1, keep-alive, pipelining
// (a request is read after the previous answer is written), Expect:
// 100-continue. The server answers what it can tell is wrong itself, with a
// short text/plain body, and never shows such a request to the handler:
// malformed 400, body too large 413, headers too large 431 (each closing
// the connection); a handler that throws gives 500. Slow or silent clients
// are closed after a timeout.

#include "runtime/http_header.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace broadside::runtime {

struct http_request {
  std::string method;  // "POST"
  std::string target;  // "/" or "/metrics?x=y"
  unsigned version = 11;  // 10 or 11
  std::vector<http_header> headers;
  std::string body;
  std::string remote;  // "127.0.0.1:54321", for logs

  // The first header named `name`, compared without case; null if none.
  const std::string* header(std::string_view name) const;
};

struct http_response {
  unsigned status = 200;
  std::vector<http_header> headers;  // the server sets Content-Length and Connection
  std::string body;
};

// Answers the request it came with. Call it once, from any thread; later
// calls are ignored, and so is a call after the connection or the server is
// gone. Copies share the answer; when the last goes uncalled, the client gets
// a 500.
using http_responder = std::function<void(http_response)>;

// Called on one of the server's threads, for different connections on
// several threads at once when the server has more than one.
using http_handler = std::function<void(http_request, http_responder)>;

struct http_server_options {
  std::string host = "127.0.0.1";  // an address or a name
  uint16_t port = 0;               // 0: any free port
  size_t threads = 1;              // threads running the connections
  size_t body_limit = 1 << 20;     // larger bodies: 413
  size_t header_limit = 16 * 1024; // larger request line and headers: 431
  // For a whole request, headers and body, from its first byte (against
  // slow-loris clients); also for writing an answer to a client that does not
  // read it.
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // a connection between requests
  size_t max_connections = 1024;  // more are accepted and closed at once
};

class http_server {
public:
  // Listens at once; throws std::runtime_error saying where when it cannot.
  http_server(http_server_options options, http_handler handler);
  // Stops accepting, closes every connection (requests still with the
  // handler are dropped) and joins the threads. Not from a handler.
  ~http_server();

  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  uint16_t port() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace broadside::runtime
