#include "runtime/process_runner.hpp"

#include <boost/asio/post.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace broadside::runtime {

namespace {

// Output that grows only up to its limit; the rest is counted.
struct capture {
  std::string kept;
  size_t limit = 0;
  uint64_t dropped = 0;

  void append(const char* data, size_t n) {
    auto room = limit > kept.size() ? limit - kept.size() : 0;
    auto take = std::min(room, n);
    kept.append(data, take);
    dropped += n - take;
  }

  // A cut in the middle of a UTF-8 sequence moves its head to `dropped`.
  void end_on_character() {
    if (dropped == 0 || kept.empty())
      return;
    size_t i = kept.size();
    size_t back = 0;
    while (i > 0 && back < 4 && (static_cast<unsigned char>(kept[i - 1]) & 0xC0) == 0x80) {
      --i;
      ++back;
    }
    if (i == 0)
      return;
    auto lead = static_cast<unsigned char>(kept[i - 1]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    if (lead >= 0x80 && back + 1 < length) {
      dropped += back + 1;
      kept.resize(i - 1);
    }
  }
};

struct fd_closer {
  int fd = -1;
  ~fd_closer() {
    if (fd >= 0)
      ::close(fd);
  }
  int release() { return std::exchange(fd, -1); }
};

int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Whether a process of `group` still runs (zombies, which wait for their
// new parent to reap them, do not count). Only asked when ending a run.
bool group_alive(pid_t group) {
  if (::kill(-group, 0) != 0 && errno == ESRCH)
    return false;
  auto* proc = ::opendir("/proc");
  if (!proc)
    return true;
  bool alive = false;
  while (auto* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
      continue;
    std::ifstream stat{std::string{"/proc/"} + entry->d_name + "/stat"};
    std::string line;
    if (!std::getline(stat, line))
      continue;
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
    auto close = line.rfind(')');
    if (close == std::string::npos)
      continue;
    std::istringstream rest{line.substr(close + 1)};
    char state = 0;
    long ppid = 0, pgrp = 0;
    rest >> state >> ppid >> pgrp;
    if (pgrp == group && state != 'Z' && state != 'X') {
      alive = true;
      break;
    }
  }
  ::closedir(proc);
  return alive;
}

}  // namespace

// One of a run's output pipes.
struct process_runner::stream {
  explicit stream(boost::asio::io_context& io) : pipe(io) {}

  boost::asio::posix::stream_descriptor pipe;
  capture captured;
  std::array<char, 8 * 1024> buffer{};
  bool open = true;  // until its end, or until the run stops waiting for it
};

struct process_runner::run {
  run(boost::asio::io_context& io, completion d)
      : done(std::move(d)), out(io), err(io), exit_watch(io), deadline(io), linger(io) {}

  completion done;
  pid_t pid = -1;
  stream out, err;
  boost::asio::posix::stream_descriptor exit_watch;
  boost::asio::steady_timer deadline;  // timeout, then the kill grace period
  boost::asio::steady_timer linger;    // after exit, for output still in the pipes
  int64_t kill_grace_ms = 0;
  bool exited = false;   // the process exited (and was reaped)
  int status = 0;        // its wait status
  bool ending = false;   // the runner sent SIGTERM
  bool killed = false;   // ... and SIGKILL
  process_end why = process_end::exited;
};

process_runner::process_runner(boost::asio::io_context& io) : io_(io) {}

process_runner::~process_runner() {
  // Runs still going when the runner goes: end them without a report.
  for (auto& [id, r] : runs_) {
    ::kill(-r->pid, SIGKILL);
    if (!r->exited)
      ::waitpid(r->pid, nullptr, 0);
  }
}

pid_t process_runner::group_of(run_id id) const {
  auto i = runs_.find(id);
  return i == runs_.end() ? -1 : i->second->pid;
}

process_runner::run_id process_runner::start(process_request req, completion done) {
  auto id = next_id_++;
  auto fail = [&](start_failure f, std::string why) {
    process_result r;
    r.failure = f;
    r.error = std::move(why);
    boost::asio::post(io_, [done = std::move(done), id, r = std::move(r)]() mutable {
      done(id, std::move(r));
    });
    return id;
  };
  if (req.argv.empty())
    return fail(start_failure::no_program, "nothing to run");
  if (!req.working_directory.empty()) {
    struct stat st{};
    if (::stat(req.working_directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      return fail(start_failure::no_working_directory,
                  "working directory " + req.working_directory + " does not exist");
  }
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0)
    return fail(start_failure::system, std::string{"pipe: "} + std::strerror(errno));
  fd_closer out_read{out_pipe[0]}, out_write{out_pipe[1]};
  if (::pipe2(err_pipe, O_CLOEXEC) != 0)
    return fail(start_failure::system, std::string{"pipe: "} + std::strerror(errno));
  fd_closer err_read{err_pipe[0]}, err_write{err_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.fd, 2);
  if (!req.working_directory.empty())
    posix_spawn_file_actions_addchdir_np(&actions, req.working_directory.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // A group of its own, so that ending it reaches its children; default
  // signal handling and an empty mask whatever the agent itself uses.
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK
                                      | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv;
  for (auto& a : req.argv)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  auto rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0)
    return fail(rc == ENOENT || rc == EACCES || rc == ENOEXEC ? start_failure::no_program
                                                              : start_failure::system,
                "cannot run " + req.argv[0] + ": " + std::strerror(rc));
  int watch = pidfd_open(pid);
  if (watch < 0) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return fail(start_failure::system, std::string{"pidfd_open: "} + std::strerror(errno));
  }

  auto r = std::make_unique<run>(io_, std::move(done));
  r->pid = pid;
  r->kill_grace_ms = req.kill_grace_ms;
  r->out.captured.limit = req.stdout_limit;
  r->err.captured.limit = req.stderr_limit;
  r->out.pipe.assign(out_read.release());
  r->err.pipe.assign(err_read.release());
  r->exit_watch.assign(watch);
  r->out.pipe.non_blocking(true);
  r->err.pipe.non_blocking(true);
  auto& self = *r;
  runs_.emplace(id, std::move(r));

  read(id, self.out);
  read(id, self.err);

  self.exit_watch.async_wait(boost::asio::posix::stream_descriptor::wait_read, [this, id](auto ec) {
    auto i = runs_.find(id);
    if (ec || i == runs_.end())
      return;
    auto& rr = *i->second;
    // Reaped at once: while other members of its group live, the kernel
    // does not reuse the group's id, so signalling the group stays safe.
    if (::waitpid(rr.pid, &rr.status, 0) != rr.pid)
      rr.status = W_EXITCODE(255, 0);
    rr.exited = true;
    // Output written by the process is in the pipes by now; what a
    // background child may still hold open is not waited for long.
    rr.linger.expires_after(std::chrono::milliseconds{200});
    rr.linger.async_wait([this, id](auto lec) {
      auto j = runs_.find(id);
      if (lec || j == runs_.end())
        return;
      j->second->out.open = j->second->err.open = false;
      finish(id);
    });
    finish(id);
  });

  self.deadline.expires_after(std::chrono::milliseconds{req.timeout_ms});
  self.deadline.async_wait([this, id](auto ec) {
    if (!ec)
      terminate(id, process_end::timed_out);
  });
  return id;
}

// `s` (of run `id`) is read until its end; the run may be gone meanwhile.
void process_runner::read(run_id id, stream& s) {
  s.pipe.async_read_some(boost::asio::buffer(s.buffer), [this, id, &s](auto ec, size_t n) {
    if (ec == boost::asio::error::operation_aborted || runs_.count(id) == 0)
      return;
    s.captured.append(s.buffer.data(), n);
    if (!ec)
      return read(id, s);
    s.open = false;
    finish(id);
  });
}

void process_runner::stop(run_id id) { terminate(id, process_end::stopped); }

void process_runner::terminate(run_id id, process_end why) {
  auto i = runs_.find(id);
  if (i == runs_.end() || i->second->ending)
    return;
  auto& r = *i->second;
  r.ending = true;
  r.why = why;
  ::kill(-r.pid, SIGTERM);
  r.deadline.expires_after(std::chrono::milliseconds{r.kill_grace_ms});
  r.deadline.async_wait([this, id](auto ec) {
    auto j = runs_.find(id);
    if (ec || j == runs_.end())
      return;
    j->second->killed = true;
    ::kill(-j->second->pid, SIGKILL);
    finish(id);
  });
}

void process_runner::finish(run_id id) {
  auto i = runs_.find(id);
  if (i == runs_.end())
    return;
  auto& r = *i->second;
  if (!r.exited || r.out.open || r.err.open)
    return;
  // A group the runner ended must be gone entirely before the run ends: a
  // child that outlived SIGTERM gets SIGKILL when the grace period is over.
  if (r.ending && !r.killed && group_alive(r.pid))
    return;
  process_result result;
  if (r.ending) {
    result.end = r.why;
  } else if (WIFEXITED(r.status)) {
    result.end = process_end::exited;
    result.exit_code = WEXITSTATUS(r.status);
  } else {
    result.end = process_end::killed;
    result.exit_code = 128 + WTERMSIG(r.status);
  }
  r.out.captured.end_on_character();
  r.err.captured.end_on_character();
  result.standard_output = std::move(r.out.captured.kept);
  result.standard_error = std::move(r.err.captured.kept);
  result.stdout_dropped = r.out.captured.dropped;
  result.stderr_dropped = r.err.captured.dropped;
  auto done = std::move(r.done);
  runs_.erase(i);  // closes the pipes and the pidfd, cancels the timers
  done(id, std::move(result));
}

}  // namespace broadside::runtime
