// byline serve: an index's shards on the network through Xapian's remote
// backend (one xapian-tcpsrv per shard, read-only), and the stub file a
// client opens them with (docs/cli.md, "More than one machine").
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/shard_servers.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

namespace {

struct ServeCommand {
  std::string index;
  std::string listen = "127.0.0.1";
  unsigned port = 0;
  std::string stub;
  std::optional<unsigned> idle_timeout;
};

std::atomic<int> stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

void request_stop(int signal) {
  stop_signal.store(signal);
}

// The folders to serve: the index's local shards, or the index itself.
std::vector<std::filesystem::path> shards_of(const Index& index) {
  const IndexStats stats = index.stats();
  if (stats.shard_list.empty())
    return {std::filesystem::absolute(index.path())};
  std::vector<std::filesystem::path> out;
  for (std::size_t k = 0; k < stats.shard_list.size(); ++k) {
    const ShardStats& shard = stats.shard_list[k];
    if (shard.remote) {
      throw Error(Error::Kind::invalid_argument,
                  "index " + index.path().string() + ": shard " + std::to_string(k + 1) + " (" +
                      shard.location +
                      ") is served already: serve each shard on the machine that holds it");
    }
    out.emplace_back(shard.location);
  }
  return out;
}

int run(const ServeCommand& cmd) {
  try {
    // Opening checks that the shards make one index (analysed alike, the
    // same aliases) before anything is served.
    const Index index = open_index(resolve_index_path(cmd.index));
    ServeOptions options;
    options.listen = cmd.listen;
    options.first_port = cmd.port;
    options.idle_timeout_ms = cmd.idle_timeout;
    if (const char* tcpsrv = std::getenv("BYLINE_XAPIAN_TCPSRV"); tcpsrv != nullptr && *tcpsrv)
      options.tcpsrv = tcpsrv;
    const std::vector<std::filesystem::path> shards = shards_of(index);

    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGHUP, &action, nullptr);

    ShardServers servers(shards, options);
    const std::string stub = "# byline serve: " + std::to_string(shards.size()) + " " +
                             (shards.size() == 1 ? "shard" : "shards") + " of " +
                             std::filesystem::absolute(index.path()).string() + "\n" +
                             servers.stub();
    if (!cmd.stub.empty()) {
      std::ofstream out(cmd.stub, std::ios::trunc);
      out << stub;
      if (!out.flush()) {
        throw Error(Error::Kind::io, "cannot write the stub file " + cmd.stub);
      }
    }
    std::fputs(stub.c_str(), stdout);
    std::fflush(stdout);
    const Style err_style(use_colour(stderr));
    std::fprintf(stderr, "byline: serving %zu %s read-only on %s%s; Ctrl-C stops\n", shards.size(),
                 shards.size() == 1 ? "shard" : "shards", cmd.listen.c_str(),
                 cmd.stub.empty() ? "" : (", stub in " + cmd.stub).c_str());
    if (cmd.listen != "127.0.0.1" && cmd.listen != "::1") {
      std::fprintf(stderr,
                   "%s the remote backend has no authentication and no encryption: "
                   "anyone who reaches %s can read the whole index\n",
                   err_style.yellow("byline: warning:").c_str(), cmd.listen.c_str());
    }
    while (stop_signal.load() == 0) {
      if (const auto ended = servers.ended()) {
        servers.stop();
        throw Error(Error::Kind::io, "the server of shard " + std::to_string(ended->shard + 1) +
                                         " (" + shards[ended->shard].string() + ") " + ended->how);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    servers.stop();
    return kExitOk;
  } catch (const Error& e) {
    return report_failure(e, {}, false);
  }
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<ServeCommand>();
  CLI::App* sub = app.add_subcommand(
      "serve",
      "Serve the index's shards read-only with xapian-tcpsrv, one server each, and print the "
      "stub file that searches them from another machine");
  add_index_option(*sub, cmd->index);
  sub->add_option("--listen", cmd->listen,
                  "The address to listen on (numeric; 0.0.0.0 for every interface): the "
                  "remote backend has no authentication or encryption, so keep to loopback or "
                  "a private network")
      ->capture_default_str()
      ->type_name("ADDR");
  sub->add_option("--port", cmd->port,
                  "The first shard's port, the next shards' the ports after it (default: free "
                  "ports)")
      ->check(CLI::Range(1U, 65535U))
      ->type_name("PORT");
  sub->add_option("--stub", cmd->stub, "Also write the stub file there")->type_name(kFileValue);
  sub->add_option(
         "--idle-timeout", cmd->idle_timeout,
         "Milliseconds after which a server closes a connection left idle (xapian-tcpsrv's "
         "default: 60000; byline reconnects)")
      ->check(CLI::Range(1U, 86'400'000U))
      ->type_name("MS");
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
