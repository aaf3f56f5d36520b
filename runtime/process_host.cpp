#include "runtime/process_host.hpp"

#include <boost/asio/post.hpp>

namespace broadside::runtime {

process_host::process_host()
    : work_(boost::asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}

process_host::~process_host() {
  work_.reset();
  io_.stop();
  thread_.join();
}

void process_host::start(uint64_t key, process_request req,
                         std::function<void(process_result)> done) {
  boost::asio::post(io_, [this, key, req = std::move(req), done = std::move(done)]() mutable {
    if (stopped_early_.erase(key) > 0) {
      process_result r;
      r.end = process_end::stopped;
      return done(std::move(r));
    }
    runs_[key] = runner_.start(std::move(req),
                               [this, key, done = std::move(done)](auto, process_result r) {
                                 runs_.erase(key);
                                 done(std::move(r));
                               });
  });
}

void process_host::stop(uint64_t key) {
  boost::asio::post(io_, [this, key] {
    if (auto i = runs_.find(key); i != runs_.end())
      runner_.stop(i->second);
    else
      stopped_early_.insert(key);
  });
}

}  // namespace broadside::runtime
