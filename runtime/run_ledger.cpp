#include "runtime/run_ledger.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace broadside::runtime {

namespace {

std::runtime_error failure(const std::string& what, const std::filesystem::path& file) {
  return std::runtime_error{what + " " + file.string() + ": " + std::strerror(errno)};
}

}  // namespace

run_ledger::run_ledger(std::filesystem::path file) : file_(std::move(file)) {
  std::error_code ec;
  if (file_.has_parent_path())
    std::filesystem::create_directories(file_.parent_path(), ec);
  {
    std::ifstream in{file_};
    std::string line;
    while (std::getline(in, line)) {
      if (in.eof())
        break;  // no newline: a line torn by a crash
      std::istringstream fields{line};
      std::string what, id_text;
      fields >> what >> id_text;
      auto id = parse_uuid(id_text);
      if (!id)
        continue;
      if (what == "started") {
        entry e;
        if (fields >> e.start_ms)
          entries_[*id] = e;
      } else if (what == "finished") {
        int outcome = 0;
        int32_t exit_code = -1;
        int64_t end_ms = -1;
        if (fields >> outcome >> exit_code >> end_ms)
          note_end(*id, static_cast<run_outcome>(outcome), exit_code, end_ms);
      }
    }
  }
  fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0)
    throw failure("cannot open the run ledger", file_);
  flusher_ = std::thread{[this] { flush_loop(); }};
}

run_ledger::~run_ledger() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    closing_ = true;
    unflushed_.clear();
  }
  wake_.notify_one();
  flusher_.join();
  ::close(fd_);
}

void run_ledger::flush_loop() {
  std::unique_lock<std::mutex> lock{mtx_};
  for (;;) {
    wake_.wait(lock, [this] { return closing_ || !unflushed_.empty(); });
    if (closing_)
      return;
    // Everything written before this point is covered by one flush.
    std::vector<std::function<void()>> now_durable;
    now_durable.swap(unflushed_);
    lock.unlock();
    // Without a ledger on disk no run can be kept to once: the exception
    // ends the agent's process.
    if (::fdatasync(fd_) != 0)
      throw failure("cannot flush the run ledger", file_);
    for (auto& then : now_durable)
      then();
    lock.lock();
  }
}

std::optional<run_ledger::entry> run_ledger::find(const uuid& command_id) const {
  auto i = entries_.find(command_id);
  if (i == entries_.end())
    return std::nullopt;
  return i->second;
}

void run_ledger::started(const uuid& command_id, int64_t start_ms, std::function<void()> then) {
  append("started " + to_string(command_id) + " " + std::to_string(start_ms) + "\n");
  entries_[command_id] = entry{start_ms, false, run_outcome::exited, -1, -1};
  {
    std::lock_guard<std::mutex> guard{mtx_};
    unflushed_.push_back(std::move(then));
  }
  wake_.notify_one();
}

void run_ledger::finished(const uuid& command_id, run_outcome outcome, int32_t exit_code,
                          int64_t end_ms) {
  append("finished " + to_string(command_id) + " " + std::to_string(static_cast<int>(outcome))
         + " " + std::to_string(exit_code) + " " + std::to_string(end_ms) + "\n");
  note_end(command_id, outcome, exit_code, end_ms);
}

void run_ledger::note_end(const uuid& command_id, run_outcome outcome, int32_t exit_code,
                          int64_t end_ms) {
  auto& e = entries_[command_id];
  e.finished = true;
  e.outcome = outcome;
  e.exit_code = exit_code;
  e.end_ms = end_ms;
}

void run_ledger::append(const std::string& line) {
  // O_APPEND writes of a line this short are not interleaved or split.
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    throw failure("cannot write the run ledger", file_);
}

}  // namespace broadside::runtime
