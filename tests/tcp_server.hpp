// xapian-tcpsrv for the tests of remote shards: real servers on free
// loopback ports, each in a process group of its own (its SIGTERM handler
// signals its whole group, which would otherwise be the test's), stopped
// with the object.
#pragma once

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "reliability/process.hpp"

namespace byline::test {

// A loopback port no one listens on now (the kernel's pick).
inline unsigned free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t size = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

// xapian-tcpsrv serving `database` on 127.0.0.1, until destroyed.
class Server {
 public:
  // `options`: more of xapian-tcpsrv's, before the database.
  explicit Server(const std::filesystem::path& database,
                  const std::vector<std::string>& options = {}) {
    // Another process may take the port between free_port() and the
    // server's bind: then try another.
    for (int attempt = 0; attempt < 5 && !child_; ++attempt) {
      port_ = free_port();
      std::vector<std::string> argv{BYLINE_XAPIAN_TCPSRV, "--port", std::to_string(port_),
                                    "--interface", "127.0.0.1"};
      argv.insert(argv.end(), options.begin(), options.end());
      argv.push_back(database.string());
      auto child =
          std::make_unique<byline::test::Child>(argv, "", std::vector<std::string>{}, true);
      while (const auto line = child->line(std::chrono::seconds(10))) {
        if (*line == "Listening...") {
          child_ = std::move(child);
          break;
        }
      }
    }
    REQUIRE_MESSAGE(child_, "xapian-tcpsrv did not start for " << database);
  }

  [[nodiscard]] unsigned port() const { return port_; }
  // The server and the processes it forked for each connection.
  void kill() { child_->kill(SIGKILL); }
  void signal(int signal) { child_->kill(signal); }

 private:
  unsigned port_ = 0;
  std::unique_ptr<byline::test::Child> child_;
};

}  // namespace byline::test
