// byline serve: one xapian-tcpsrv per local shard of an index, each in a
// process group of its own (xapian-tcpsrv's SIGTERM handler signals its
// whole group, which would otherwise be ours), never writable, and the
// stub file a client opens them with.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace byline::cli {

struct ServeOptions {
  std::string listen = "127.0.0.1";         // xapian-tcpsrv's --interface
  unsigned first_port = 0;                  // 0: a free port for each shard
  std::optional<unsigned> idle_timeout_ms;  // xapian-tcpsrv's default: 60000
  std::string tcpsrv = "xapian-tcpsrv";     // found on PATH unless a path
};

class ShardServers {
 public:
  // Starts a server for each of `shards` (database folders), in order, and
  // returns once each accepts connections. Throws Error(io) naming the
  // shard when one does not start (with what the server said), after
  // stopping those started.
  ShardServers(const std::vector<std::filesystem::path>& shards, const ServeOptions& options);
  ~ShardServers();
  ShardServers(const ShardServers&) = delete;
  ShardServers& operator=(const ShardServers&) = delete;

  // "remote HOST:PORT" lines, one per shard, in order.
  [[nodiscard]] std::string stub() const;

  // The first server to end, if one has (never blocks): its shard's index
  // in the list, and how it ended.
  struct Ended {
    std::size_t shard = 0;
    std::string how;  // "exited with status 1", "was killed by signal 9"
  };
  [[nodiscard]] std::optional<Ended> ended();

  // Stops every server and the connections they serve, and waits for them.
  void stop() noexcept;

 private:
  struct Server {
    std::filesystem::path shard;
    unsigned port = 0;
    pid_t pid = -1;
    std::filesystem::path log;  // what it wrote on stderr
  };
  std::vector<Server> servers_;
  std::string host_;  // the address clients connect to

  [[nodiscard]] static bool start(Server& server, const ServeOptions& options,
                                  const std::string& connect_to, std::string& why);
};

}  // namespace byline::cli
