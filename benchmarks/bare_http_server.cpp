// The floor for the service's HTTP figures: the smallest reasonable Beast
// server, one io thread and keep-alive, answering every request with the same
// small AWS JSON body. Prints its port, then serves until SIGTERM or SIGINT.
//
//   bare_http_server [port]    (default: any free port)

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <csignal>
#include <exception>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// About the size of a small SendCommand answer.
const std::string answer_body =
    R"({"Command":{"CommandId":"5f1e6a4c-0d2b-4c55-9a57-6f0e2d1c3b8a","DocumentName":)"
    R"("AWS-RunShellScript","Status":"Pending","TargetCount":1,"CompletedCount":0,)"
    R"("ErrorCount":0,"MaxConcurrency":"50","MaxErrors":"0"}})";

class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket socket) : stream_(std::move(socket)) {}

  void read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (!ec)
                         self->answer();
                     });
  }

private:
  void answer() {
    response_ = {http::status::ok, request_.version()};
    response_.set(http::field::content_type, "application/x-amz-json-1.1");
    response_.body() = answer_body;
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (!ec && self->response_.keep_alive())
                          self->read();
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
    if (!ec)
      std::make_shared<session>(std::move(socket))->read();
    accept(acceptor);
  });
}

}  // namespace

int main(int argc, char** argv) {
  auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 0);
  net::io_context io{1};
  tcp::acceptor acceptor{io};
  try {
    tcp::endpoint endpoint{net::ip::make_address("127.0.0.1"), port};
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(tcp::socket::max_listen_connections);
  } catch (const std::exception& e) {
    std::cerr << "bare_http_server: cannot listen on port " << port << ": " << e.what() << "\n";
    return 1;
  }
  accept(acceptor);

  net::signal_set signals{io, SIGTERM, SIGINT};
  signals.async_wait([&io](beast::error_code, int) { io.stop(); });

  std::cout << acceptor.local_endpoint().port() << std::endl;
  io.run();
}
