#include "runtime/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace broadside::runtime {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

const std::string* http_request::header(std::string_view name) const {
  for (auto& h : headers)
    if (beast::iequals(h.name, beast::string_view{name.data(), name.size()}))
      return &h.value;
  return nullptr;
}

namespace {

// Bytes asked of the socket at a time outside of Beast's own reads.
constexpr size_t read_chunk = 4096;

// After an answer that ends the connection, how long the client may go on
// sending (the rest of a refused body, say) while its bytes are thrown away:
// closing a socket with unread bytes resets it, which can lose the answer.
constexpr std::chrono::milliseconds linger_limit{2'000};

// Closed when the server stops, so that answers given later are dropped
// instead of reaching an io_context that is going away.
struct answer_gate {
  std::mutex mutex;
  bool open = true;
};

struct shared_state {
  http_server_options options;
  http_handler handler;
  std::shared_ptr<answer_gate> gate = std::make_shared<answer_gate>();
  std::atomic<size_t> connections{0};
};

http::response<http::string_body> plain_response(http::status status, unsigned version,
                                                 std::string text) {
  http::response<http::string_body> res{status, version};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::move(text) + "\n";
  return res;
}

bool has_line_break(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

class connection;

// One request's answer, shared by the copies of its responder. The first
// answer is written; when the last copy goes unanswered, the client gets a
// 500 rather than waiting forever.
class pending_answer {
public:
  pending_answer(std::shared_ptr<answer_gate> gate, std::weak_ptr<connection> to)
      : gate_(std::move(gate)), to_(std::move(to)) {}
  ~pending_answer() {
    if (!given_)
      give(http_response{500, {}, "the request was left unanswered\n"});
  }
  pending_answer(const pending_answer&) = delete;
  pending_answer& operator=(const pending_answer&) = delete;

  void give(http_response answer);

private:
  std::shared_ptr<answer_gate> gate_;
  std::weak_ptr<connection> to_;
  std::atomic<bool> given_{false};
};

class connection : public std::enable_shared_from_this<connection> {
public:
  connection(tcp::socket socket, std::shared_ptr<shared_state> shared)
      : shared_(std::move(shared)),
        options_(shared_->options),
        stream_(std::move(socket)),
        buffer_(options_.header_limit + read_chunk),
        handler_wait_(stream_.get_executor()) {
    ++shared_->connections;
    beast::error_code ec;
    auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      auto address = peer.address().to_string();
      remote_ = (peer.address().is_v6() ? "[" + address + "]" : address) + ":"
                + std::to_string(peer.port());
    }
  }
  ~connection() { --shared_->connections; }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }

  // From any thread: writes `answer` on the connection's strand.
  void post_answer(http_response answer) {
    net::post(stream_.get_executor(), [self = shared_from_this(), a = std::move(answer)]() mutable {
      self->write_answer(std::move(a));
    });
  }

private:
  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(options_.header_limit, std::numeric_limits<std::uint32_t>::max())));
    parser_->body_limit(options_.body_limit);
    parser_->eager(true);
    if (buffer_.size() == 0)
      wait_for_request();
    else
      read_buffered();  // pipelined: the next request is already here
  }

  // Parses what is buffered here, and reads asynchronously only what is
  // still to come: a client's small request arrives whole in one read, and
  // two asynchronous reads (each a trip through the executor and a timer)
  // cost more than the parsing. The read timeout starts when a read has to
  // wait: right after the request's first bytes.
  void read_buffered() {
    beast::error_code ec;
    while (buffer_.size() > 0 && !parser_->is_done()) {
      auto used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec)
        return refuse_unreadable(ec);
      if (used == 0)
        break;
    }
    if (parser_->is_done())
      return hand_over();
    if (parser_->is_header_done()) {
      stream_.expires_after(options_.read_timeout);
      return continue_if_asked();
    }
    read_header();
  }

  // The idle timeout runs until a request's first bytes arrive, the read
  // timeout from then on.
  void wait_for_request() {
    stream_.expires_after(options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(read_chunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->buffer_.commit(n);
                              if (!ec)
                                self->read_buffered();
                            });
  }

  void read_header() {
    stream_.expires_after(options_.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec)
                                return self->refuse_unreadable(ec);
                              self->continue_if_asked();
                            });
  }

  // curl, for one, waits (a while) for "100 Continue" before sending a body.
  void continue_if_asked() {
    auto& header = parser_->get();
    if (parser_->is_done() || !beast::iequals(header[http::field::expect], "100-continue"))
      return read_body();
    continue_ = http::response<http::empty_body>{http::status::continue_, header.version()};
    http::async_write(stream_, continue_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (!ec)
                          self->read_body();
                      });
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec)
                         return self->refuse_unreadable(ec);
                       self->hand_over();
                     });
  }

  void refuse_unreadable(beast::error_code ec) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
      return refuse(http::status::request_header_fields_too_large, "request headers too large");
    if (ec == http::error::body_limit)
      return refuse(http::status::payload_too_large, "request body too large");
    // Other parse errors are the request's fault; end of stream, a message
    // cut short and socket errors (timeouts too) mean the client is gone.
    if (ec.category() == http::make_error_code(http::error::bad_target).category()
        && ec != http::error::end_of_stream && ec != http::error::partial_message)
      refuse(http::status::bad_request, "malformed request");
  }

  void refuse(http::status status, std::string why) {
    response_ = plain_response(status, 11, std::move(why));
    response_.keep_alive(false);
    response_.prepare_payload();
    write_response(false);
  }

  void hand_over() {
    stream_.expires_never();  // the handler takes its time; the client waits
    auto message = parser_->release();
    http_request request;
    request.method = std::string{message.method_string()};
    request.target = std::string{message.target()};
    request.version = message.version();
    for (auto& field : message)
      request.headers.push_back({std::string{field.name_string()}, std::string{field.value()}});
    request.body = std::move(message.body());
    request.remote = remote_;
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    head_ = message.method() == http::verb::head;

    // Until the answer comes, this wait is what holds the connection: it
    // goes with the io_context, so a server that stops leaves nothing behind.
    handler_wait_.expires_at(net::steady_timer::time_point::max());
    handler_wait_.async_wait([self = shared_from_this()](beast::error_code) {});

    auto answer = std::make_shared<pending_answer>(shared_->gate, weak_from_this());
    http_responder respond = [answer](http_response r) { answer->give(std::move(r)); };
    try {
      shared_->handler(std::move(request), respond);
    } catch (const std::exception& e) {
      respond(http_response{500, {}, std::string{"internal error: "} + e.what() + "\n"});
    } catch (...) {
      respond(http_response{500, {}, "internal error\n"});
    }
  }

  void write_answer(http_response answer) {
    handler_wait_.cancel();
    try {
      response_ = to_message(std::move(answer));
    } catch (const std::exception& e) {
      response_ = plain_response(http::status::internal_server_error, version_,
                                 std::string{"internal error: "} + e.what());
      response_.keep_alive(keep_alive_);
      response_.prepare_payload();
    }
    write_response(response_.keep_alive());
  }

  http::response<http::string_body> to_message(http_response answer) const {
    if (answer.status < 200 || answer.status > 599)
      throw std::invalid_argument{"status " + std::to_string(answer.status) + " cannot answer"};
    http::response<http::string_body> res;
    res.version(version_);
    res.result(answer.status);
    for (auto& h : answer.headers) {
      if (h.name.empty() || has_line_break(h.name) || has_line_break(h.value))
        throw std::invalid_argument{"header \"" + h.name + "\" cannot be sent"};
      res.insert(h.name, h.value);
    }
    res.body() = std::move(answer.body);
    res.keep_alive(keep_alive_ && res.keep_alive());  // the handler may ask to close
    res.prepare_payload();
    if (head_)
      res.body().clear();  // Content-Length stays that of the body a GET would get
    return res;
  }

  void write_response(bool keep_alive) {
    stream_.expires_after(options_.read_timeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        self->response_ = {};
                        if (ec)
                          return;
                        if (keep_alive)
                          self->read_request();
                        else
                          self->linger();
                      });
  }

  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::min<std::chrono::milliseconds>(options_.read_timeout, linger_limit));
    drain();
  }

  void drain() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(read_chunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->buffer_.commit(n);
                              if (!ec)
                                self->drain();
                            });
  }

  std::shared_ptr<shared_state> shared_;
  const http_server_options& options_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::empty_body> continue_;
  http::response<http::string_body> response_;
  net::steady_timer handler_wait_;
  std::string remote_;
  // Of the request with the handler.
  bool keep_alive_ = false;
  unsigned version_ = 11;
  bool head_ = false;
};

void pending_answer::give(http_response answer) {
  if (given_.exchange(true))
    return;
  std::lock_guard lock{gate_->mutex};
  if (!gate_->open)
    return;
  if (auto c = to_.lock())
    c->post_answer(std::move(answer));
}

}  // namespace

struct http_server::impl {
  impl(http_server_options options, http_handler handler)
      : shared(std::make_shared<shared_state>()) {
    shared->options = std::move(options);
    shared->handler = std::move(handler);
  }

  void listen() {
    auto& o = shared->options;
    auto where = o.host + ":" + std::to_string(o.port);
    auto fail = [&](const beast::error_code& ec) {
      throw std::runtime_error{"cannot listen on " + where + ": " + ec.message()};
    };
    beast::error_code ec;
    tcp::resolver resolver{io};
    auto found = resolver.resolve(o.host, std::to_string(o.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec)
      fail(ec);
    if (found.empty())
      fail(net::error::host_not_found);
    auto endpoint = found.begin()->endpoint();
    if (acceptor.open(endpoint.protocol(), ec); ec)
      fail(ec);
    if (acceptor.set_option(tcp::acceptor::reuse_address(true), ec); ec)
      fail(ec);
    if (acceptor.bind(endpoint, ec); ec)
      fail(ec);
    if (acceptor.listen(tcp::socket::max_listen_connections, ec); ec)
      fail(ec);
    port = acceptor.local_endpoint().port();
  }

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        // Out of file descriptors, say: try again in a while rather than spin.
        accept_pause.expires_after(std::chrono::milliseconds{100});
        accept_pause.async_wait([this](beast::error_code) { accept(); });
        return;
      }
      if (shared->connections < shared->options.max_connections)
        std::make_shared<connection>(std::move(socket), shared)->start();
      accept();  // a connection beyond the limit closes as its socket goes
    });
  }

  std::shared_ptr<shared_state> shared;
  net::io_context io;
  tcp::acceptor acceptor{io};
  net::steady_timer accept_pause{io};
  uint16_t port = 0;
  std::vector<std::thread> threads;
};

http_server::http_server(http_server_options options, http_handler handler)
    : impl_(std::make_unique<impl>(std::move(options), std::move(handler))) {
  impl_->listen();
  impl_->accept();
  auto threads = std::max<size_t>(impl_->shared->options.threads, 1);
  for (size_t i = 0; i < threads; ++i)
    impl_->threads.emplace_back([io = &impl_->io] { io->run(); });
}

http_server::~http_server() {
  {
    std::lock_guard lock{impl_->shared->gate->mutex};
    impl_->shared->gate->open = false;
  }
  impl_->io.stop();
  for (auto& t : impl_->threads)
    t.join();
}

uint16_t http_server::port() const { return impl_->port; }

}  // namespace broadside::runtime
