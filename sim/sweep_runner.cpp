#include "sim/sweep_runner.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

namespace broadside::sim {

namespace {

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// Closes a descriptor once, however the function leaves.
class fd_guard {
public:
  explicit fd_guard(int fd) : fd_(fd) {}
  ~fd_guard() { close(); }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  int get() const { return fd_; }
  void close() {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
  }

private:
  int fd_;
};

std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of("\r\n");
  if (end == std::string::npos)
    return {};
  auto newline = text.rfind('\n', end);
  auto begin = newline == std::string::npos ? 0 : newline + 1;
  return text.substr(begin, end + 1 - begin);
}

}  // namespace

nlohmann::ordered_json run_in_child(const run_command& command, const std::string& scenario) {
  // A child that dies before reading all of its scenario must make our
  // write fail with EPIPE, not kill this process.
  std::signal(SIGPIPE, SIG_IGN);
  int in[2];
  int out[2];
  // O_CLOEXEC: other threads fork children too; none may inherit these.
  if (pipe2(in, O_CLOEXEC) != 0)
    throw sweep_error(system_error("pipe"));
  fd_guard in_read{in[0]}, in_write{in[1]};
  if (pipe2(out, O_CLOEXEC) != 0)
    throw sweep_error(system_error("pipe"));
  fd_guard out_read{out[0]}, out_write{out[1]};
  std::vector<char*> argv;
  for (const auto& arg : command)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0)
    throw sweep_error(system_error("fork"));
  if (pid == 0) {
    // Only async-signal-safe calls until exec. The child dies with the
    // thread that started it, so killing a sweep or a worker kills its runs.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(127);
    signal(SIGPIPE, SIG_DFL);
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  in_read.close();
  out_write.close();
  // The child reads all of its input before it writes anything, so writing
  // everything first and then reading cannot deadlock.
  for (size_t done = 0; done < scenario.size();) {
    auto n = write(in_write.get(), scenario.data() + done, scenario.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;  // the child is gone; its status says why
    done += static_cast<size_t>(n);
  }
  in_write.close();
  std::string output;
  char buf[4096];
  for (;;) {
    auto n = read(out_read.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    output.append(buf, static_cast<size_t>(n));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      throw sweep_error(system_error("waitpid"));
  if (WIFSIGNALED(status))
    throw sweep_error("killed by signal " + std::to_string(WTERMSIG(status)) + "\n" + output);
  int code = WEXITSTATUS(status);
  if (code != 0 && code != 3)
    throw sweep_error("exited with code " + std::to_string(code) + ": " + output);
  try {
    return nlohmann::ordered_json::parse(last_line(output));
  } catch (const nlohmann::json::exception&) {
    throw sweep_error("printed no summary: " + output);
  }
}

std::vector<nlohmann::ordered_json> run_sweep_locally(const run_command& command,
                                                      const std::vector<sweep_run>& runs,
                                                      const std::vector<sweep_param>& params,
                                                      unsigned jobs) {
  std::vector<nlohmann::ordered_json> rows(runs.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex failure_mtx;
  std::optional<std::pair<size_t, std::string>> failure;
  auto work = [&] {
    for (size_t i = next++; i < runs.size() && !failed; i = next++) {
      try {
        rows[i] = sweep_row(runs[i], params, run_in_child(command, runs[i].scenario));
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> guard{failure_mtx};
        if (!failure || i < failure->first)
          failure.emplace(i, describe_run(runs[i], params) + ": " + e.what());
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < std::max(1u, jobs) && j < runs.size(); ++j)
    threads.emplace_back(work);
  for (auto& t : threads)
    t.join();
  if (failure)
    throw sweep_error(failure->second);
  return rows;
}

}  // namespace broadside::sim
