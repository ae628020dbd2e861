#include "byline/shard_servers.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "byline/error.hpp"

extern char** environ;

namespace byline::cli {

namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(3);

// The address `text` (IPv4 or IPv6, numeric) with `port`, for bind() and
// connect(); nullopt when it is no numeric address.
std::optional<sockaddr_storage> address_of(const std::string& text, unsigned port,
                                           socklen_t& size) {
  sockaddr_storage out{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (::inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    size = sizeof *v4;
    return out;
  }
  if (::inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    size = sizeof *v6;
    return out;
  }
  return std::nullopt;
}

// A port nothing listens on at `host` now (the kernel's pick); 0 if none.
unsigned free_port(const std::string& host) {
  socklen_t size = 0;
  auto address = address_of(host, 0, size);
  if (!address)
    return 0;
  const int fd = ::socket(address->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return 0;
  unsigned port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&*address), size) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&*address), &size) == 0) {
    port = address->ss_family == AF_INET
               ? ntohs(reinterpret_cast<sockaddr_in*>(&*address)->sin_port)
               : ntohs(reinterpret_cast<sockaddr_in6*>(&*address)->sin6_port);
  }
  ::close(fd);
  return port;
}

bool accepts(const std::string& host, unsigned port) {
  socklen_t size = 0;
  auto address = address_of(host, port, size);
  if (!address)
    return false;
  const int fd = ::socket(address->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return false;
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&*address), size) == 0;
  ::close(fd);
  return ok;
}

std::string describe_status(int status) {
  if (WIFEXITED(status))
    return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "ended";
}

std::string read_log(const fs::path& log) {
  std::ifstream in(log);
  std::ostringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

// Where clients reach a server listening on `listen`: the address itself,
// or, listening on every interface, this machine by its name.
std::string public_host(const std::string& listen) {
  if (listen != "0.0.0.0" && listen != "::")
    return listen.find(':') != std::string::npos ? "[" + listen + "]" : listen;
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) == 0 && name[0] != '\0')
    return name;
  return listen;
}

}  // namespace

ShardServers::ShardServers(const std::vector<fs::path>& shards, const ServeOptions& options)
    : host_(public_host(options.listen)) {
  socklen_t size = 0;
  if (!address_of(options.listen, 0, size)) {
    throw Error(Error::Kind::invalid_argument,
                "--listen " + options.listen + ": give a numeric IPv4 or IPv6 address");
  }
  const std::string connect_to = options.listen == "0.0.0.0" ? "127.0.0.1"
                                 : options.listen == "::"    ? "::1"
                                                             : options.listen;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    Server server;
    server.shard = shards[k];
    std::string why;
    bool started = false;
    // A free port can be taken between its choice and the server's bind:
    // then another is tried.
    const int attempts = options.first_port == 0 ? 5 : 1;
    for (int attempt = 0; attempt < attempts && !started; ++attempt) {
      server.port = options.first_port == 0 ? free_port(options.listen)
                                            : options.first_port + static_cast<unsigned>(k);
      started = start(server, options, connect_to, why);
    }
    if (!started) {
      stop();
      throw Error(Error::Kind::io, "shard " + std::to_string(k + 1) + " (" + shards[k].string() +
                                       "): xapian-tcpsrv did not start on " + options.listen + ":" +
                                       std::to_string(server.port) + ": " + why);
    }
    servers_.push_back(std::move(server));
  }
}

ShardServers::~ShardServers() {
  stop();
}

bool ShardServers::start(Server& server, const ServeOptions& options, const std::string& connect_to,
                         std::string& why) {
  char log_template[] = "/tmp/byline-serve-XXXXXX";
  const int log_fd = ::mkstemp(log_template);
  if (log_fd < 0) {
    why = std::string("cannot make a log file: ") + std::strerror(errno);
    return false;
  }
  ::close(log_fd);
  server.log = log_template;
  std::vector<std::string> args{options.tcpsrv, "--port",       std::to_string(server.port),
                                "--interface",  options.listen, "--quiet"};
  if (options.idle_timeout_ms)
    args.insert(args.end(), {"--idle-timeout", std::to_string(*options.idle_timeout_ms)});
  args.push_back(server.shard.string());
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_template, O_WRONLY | O_APPEND, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  const int rc = ::posix_spawnp(&server.pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    server.pid = -1;
    why = options.tcpsrv + ": " + std::strerror(rc) +
          (rc == ENOENT ? " (it comes with Xapian's tools: apt install xapian-tools)" : "");
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(server.pid, &status, WNOHANG) == server.pid) {
      server.pid = -1;
      why = describe_status(status);
      if (const std::string said = read_log(server.log); !said.empty())
        why += ": " + said;
      std::error_code ignored;
      fs::remove(server.log, ignored);
      return false;
    }
    if (accepts(connect_to, server.port))
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  why = "it did not accept connections within " + std::to_string(kStartTimeout.count()) + " s";
  ::kill(-server.pid, SIGKILL);
  ::waitpid(server.pid, nullptr, 0);
  server.pid = -1;
  return false;
}

std::string ShardServers::stub() const {
  std::string out;
  for (const Server& server : servers_)
    out += "remote " + host_ + ":" + std::to_string(server.port) + "\n";
  return out;
}

std::optional<ShardServers::Ended> ShardServers::ended() {
  for (std::size_t k = 0; k < servers_.size(); ++k) {
    Server& server = servers_[k];
    int status = 0;
    if (server.pid > 0 && ::waitpid(server.pid, &status, WNOHANG) == server.pid) {
      server.pid = -1;
      std::string how = describe_status(status);
      if (const std::string said = read_log(server.log); !said.empty())
        how += ": " + said;
      return Ended{k, how};
    }
  }
  return std::nullopt;
}

void ShardServers::stop() noexcept {
  // SIGTERM to each group: the server, and the process it forked for each
  // connection; what is still there after a while is killed.
  for (const Server& server : servers_) {
    if (server.pid > 0)
      ::kill(-server.pid, SIGTERM);
  }
  const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
  for (Server& server : servers_) {
    const pid_t group = server.pid;
    while (server.pid > 0) {
      const pid_t reaped = ::waitpid(server.pid, nullptr, WNOHANG);
      if (reaped == server.pid || (reaped < 0 && errno == ECHILD)) {
        server.pid = -1;
      } else if (std::chrono::steady_clock::now() > deadline) {
        ::kill(-server.pid, SIGKILL);
        ::waitpid(server.pid, nullptr, 0);
        server.pid = -1;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    // A connection's process that outlived its server.
    if (group > 0)
      ::kill(-group, SIGKILL);
    std::error_code ignored;
    fs::remove(server.log, ignored);
  }
}

}  // namespace byline::cli
