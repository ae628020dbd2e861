// Child processes for the reliability tests: spawn with a pipe on stdout,
// read its lines with a deadline, kill it, and learn how it ended and how
// much memory it took.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace byline::test {

struct Ended {
  bool exited = false;  // else killed by a signal
  int code = -1;        // exit status, or the signal number
  long max_rss_kb = 0;  // peak resident memory
  [[nodiscard]] bool ok() const { return exited && code == 0; }
  [[nodiscard]] bool killed_by(int signal) const { return !exited && code == signal; }
  [[nodiscard]] std::string describe() const {
    return exited ? "exit " + std::to_string(code) : "signal " + std::to_string(code);
  }
};

class Child {
 public:
  // Starts argv[0] with `argv`; its stdout comes back through line(), its
  // stderr goes to `stderr_path` (or is inherited when empty), stdin is
  // /dev/null. `env` entries ("NAME=value") are added to the environment,
  // replacing any of the same name. With `own_group`, it leads a process
  // group of its own, which kill() and the destructor then signal whole:
  // for a server that forks (xapian-tcpsrv, whose SIGTERM handler signals
  // its whole group, which would otherwise be the test's).
  explicit Child(const std::vector<std::string>& argv, const std::string& stderr_path = {},
                 const std::vector<std::string>& env = {}, bool own_group = false)
      : own_group_(own_group) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (!stderr_path.empty()) {
      posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> environment;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      const std::string name = entry.substr(0, entry.find('=') + 1);
      bool replaced = false;
      for (const auto& mine : env)
        replaced = replaced || mine.starts_with(name);
      if (!replaced)
        environment.push_back(entry);
    }
    environment.insert(environment.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (auto& e : environment)
      envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    if (own_group) {
      posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attributes, 0);
    }
    const int rc = ::posix_spawn(&pid_, args[0], &actions, &attributes, args.data(), envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      ::close(fds[0]);
      throw std::runtime_error("cannot start " + argv[0]);
    }
    out_ = fds[0];
  }

  ~Child() {
    if (!ended_) {
      kill(SIGKILL);
      (void)wait();
    }
    if (out_ >= 0)
      ::close(out_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }

  // The next line of its stdout, without "\n"; nullopt at end of output or
  // when `timeout` passes first (then timed_out() is true).
  std::optional<std::string> line(std::chrono::microseconds timeout) {
    timed_out_ = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string l = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return l;
      }
      if (eof_)
        return std::nullopt;
      const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        timed_out_ = true;
        return std::nullopt;
      }
      pollfd p{out_, POLLIN, 0};
      timespec ts{static_cast<time_t>(left.count() / 1'000'000),
                  static_cast<long>(left.count() % 1'000'000) * 1000};
      const int r = ::ppoll(&p, 1, &ts, nullptr);
      if (r < 0 && errno != EINTR)
        throw std::runtime_error("poll failed");
      if (r <= 0)
        continue;
      char chunk[4096];
      const ssize_t n = ::read(out_, chunk, sizeof chunk);
      if (n <= 0) {
        eof_ = true;
      } else {
        buffer_.append(chunk, static_cast<std::size_t>(n));
      }
    }
  }

  [[nodiscard]] bool timed_out() const { return timed_out_; }

  void kill(int signal = SIGKILL) { ::kill(own_group_ ? -pid_ : pid_, signal); }

  // How it ended, if it has; never blocks.
  std::optional<Ended> poll() {
    if (ended_)
      return result_;
    int status = 0;
    rusage usage{};
    if (::wait4(pid_, &status, WNOHANG, &usage) != pid_)
      return std::nullopt;
    record(status, usage);
    return result_;
  }

  // Waits for it to end.
  Ended wait() {
    if (ended_)
      return result_;
    int status = 0;
    rusage usage{};
    while (::wait4(pid_, &status, 0, &usage) < 0) {
      if (errno != EINTR)
        throw std::runtime_error("wait4 failed");
    }
    record(status, usage);
    return result_;
  }

  // Drains stdout to its end, then waits.
  Ended finish(std::vector<std::string>* lines = nullptr) {
    while (auto l = line(std::chrono::hours(1))) {
      if (lines != nullptr)
        lines->push_back(*l);
    }
    return wait();
  }

 private:
  void record(int status, const rusage& usage) {
    ended_ = true;
    result_.exited = WIFEXITED(status);
    result_.code = WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status);
    result_.max_rss_kb = usage.ru_maxrss;
  }

  bool own_group_ = false;
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
  bool eof_ = false;
  bool timed_out_ = false;
  bool ended_ = false;
  Ended result_;
};

}  // namespace byline::test
