// byline over an index made of 4 shards, searched as one (a Xapian stub
// file): `byline-shards` with the shards on this machine, `byline-remote`
// with each served by a xapian-tcpsrv of its own on loopback, as `byline
// serve` serves them (docs/scale-out.md). Articles go to a shard by a hash
// of their id, as byline routes them; each shard is indexed through the
// public API, as `byline index` indexes.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <byline/byline.hpp>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/engines.hpp"

extern char** environ;

namespace byline::bench {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kShards = 4;

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string shard_name(std::size_t k) {
  return "shard-" + std::to_string(k + 1);
}

void write_stub(const fs::path& dir) {
  std::ofstream stub(dir / "XAPIANDB");
  for (std::size_t k = 0; k < kShards; ++k)
    stub << "auto " << shard_name(k) << "\n";
}

// A loopback port nothing listens on now.
unsigned free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  unsigned port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
    port = ntohs(address.sin_port);
  if (fd >= 0)
    ::close(fd);
  return port;
}

bool accepts(unsigned port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok =
      fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  if (fd >= 0)
    ::close(fd);
  return ok;
}

// xapian-tcpsrv serving `database` on loopback, in a process group of its
// own (its SIGTERM handler signals the whole group), until destroyed.
class TcpServer {
 public:
  explicit TcpServer(const fs::path& database) {
    for (int attempt = 0; attempt < 5 && pid_ < 0; ++attempt) {
      port_ = free_port();
      std::vector<std::string> args{"xapian-tcpsrv",  "--port",    std::to_string(port_),
                                    "--interface",    "127.0.0.1", "--quiet",
                                    database.string()};
      std::vector<char*> argv;
      for (std::string& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      posix_spawnattr_t attributes;
      posix_spawnattr_init(&attributes);
      posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attributes, 0);
      pid_t pid = -1;
      const int rc = ::posix_spawnp(&pid, argv[0], nullptr, &attributes, argv.data(), environ);
      posix_spawnattr_destroy(&attributes);
      if (rc != 0)
        throw std::runtime_error("cannot start xapian-tcpsrv (apt install xapian-tools)");
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid, nullptr, WNOHANG) == pid) {
          pid = -1;
          break;
        }
        if (accepts(port_)) {
          pid_ = pid;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (pid_ < 0 && pid > 0) {
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    }
    if (pid_ < 0)
      throw std::runtime_error("xapian-tcpsrv did not start for " + database.string());
  }
  ~TcpServer() {
    ::kill(-pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  [[nodiscard]] unsigned port() const { return port_; }

 private:
  unsigned port_ = 0;
  pid_t pid_ = -1;
};

SearchOptions options_for(const Request& request) {
  SearchOptions options;
  options.limit = request.limit;
  options.default_operator = request.any ? DefaultOperator::any : DefaultOperator::all;
  options.exact_total = request.exact_total;
  if (request.extra == Extra::facets) {
    for (const FacetField field : {FacetField::source, FacetField::month}) {
      FacetRequest facet;
      facet.field = field;
      options.facets.push_back(facet);
    }
  } else if (request.extra == Extra::snippets) {
    options.snippets.count = 1;
  }
  return options;
}

class ShardedSession final : public Session {
 public:
  // `remote`: serve each shard of `dir` and search them through the servers.
  ShardedSession(const fs::path& dir, bool remote) {
    fs::path open = dir;
    if (remote) {
      std::string stub;
      for (std::size_t k = 0; k < kShards; ++k) {
        servers_.push_back(std::make_unique<TcpServer>(dir / shard_name(k)));
        stub += "remote 127.0.0.1:" + std::to_string(servers_.back()->port()) + "\n";
      }
      open = dir.parent_path() / (dir.filename().string() + ".remote.stub");
      std::ofstream(open) << stub;
    }
    index_.emplace(Index::open(open));
    searcher_.emplace(*index_);
  }

  std::size_t run(const std::string& query, const Request& request) override {
    const SearchResults results = searcher_->search(query, options_for(request));
    total_ = Total{results.total, results.total_exact};
    for (const Hit& hit : results.hits) {
      for (const Snippet& snippet : hit.snippets)
        marked_up_ = mark_up(snippet.text, snippet.highlights, Markup::html);
    }
    return results.hits.size();
  }

  [[nodiscard]] std::optional<Total> last_total() const override { return total_; }

  std::uint64_t count(const std::string& query, const Request& request) override {
    SearchOptions options = options_for(request);
    options.limit = 0;
    options.exact_total = true;
    options.suggest_below = 0;
    options.facets.clear();
    options.snippets.count = 0;
    const SearchResults results = searcher_->search(query, options);
    return results.total;
  }

 private:
  std::vector<std::unique_ptr<TcpServer>> servers_;  // before the index, which they serve
  std::optional<Index> index_;
  std::optional<Searcher> searcher_;
  std::string marked_up_;
  Total total_;
};

class ShardedEngine final : public Engine {
 public:
  explicit ShardedEngine(bool remote) : remote_(remote) {}

  std::string name() const override { return remote_ ? "byline-remote" : "byline-shards"; }

  std::size_t build(const std::string& corpus, const fs::path& dir,
                    const BuildOptions& options) override {
    // The corpus split by the hash of each article's id.
    fs::create_directories(dir);
    std::vector<std::ofstream> parts;
    for (std::size_t k = 0; k < kShards; ++k)
      parts.emplace_back(dir / (shard_name(k) + ".jsonl"));
    read_articles(corpus, 0, [&](Article&& article) {
      write_article(parts[fnv1a(article.id) % kShards], article);
      return true;
    });
    parts.clear();
    std::size_t indexed = 0;
    for (std::size_t k = 0; k < kShards; ++k) {
      IndexOptions index_options;
      index_options.mode = OpenMode::create_or_open;
      if (!options.stemming)
        index_options.analyzer.language = "none";
      Index index = Index::open(dir / shard_name(k), index_options);
      Writer writer(index);
      IngestOptions ingest_options;
      ingest_options.batch_size = options.batch_size;
      ingest_options.threads = options.threads;
      ingest_options.shards = options.shards;
      const fs::path part = dir / (shard_name(k) + ".jsonl");
      const IngestSummary summary = ingest(writer, {part.string()}, ingest_options);
      if (summary.skipped != 0)
        throw std::runtime_error("byline skipped inputs of " + part.string());
      indexed += summary.indexed + summary.replaced;
      fs::remove(part);
    }
    write_stub(dir);
    return indexed;
  }

  void compact(const fs::path& dir, const fs::path& out) override {
    fs::create_directories(out);
    for (std::size_t k = 0; k < kShards; ++k)
      Xapian::Database((dir / shard_name(k)).string()).compact((out / shard_name(k)).string());
    write_stub(out);
  }

  std::unique_ptr<Session> open(const fs::path& dir) override {
    return std::make_unique<ShardedSession>(dir, remote_);
  }

 private:
  bool remote_;
};

}  // namespace

std::unique_ptr<Engine> make_byline_shards_engine() {
  return std::make_unique<ShardedEngine>(false);
}

std::unique_ptr<Engine> make_byline_remote_engine() {
  return std::make_unique<ShardedEngine>(true);
}

}  // namespace byline::bench
