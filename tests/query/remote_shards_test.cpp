// An index whose shards xapian-tcpsrv serves (Xapian's remote backend, a
// stub file of "remote HOST:PORT" lines): what works over it already, and
// what is refused with a clear error rather than answered wrong
// (docs/plans/scale-out.md). Real servers, on free loopback ports, each in
// a process group of its own: xapian-tcpsrv's SIGTERM handler signals its
// whole group.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "reliability/process.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

// A loopback port no one listens on now (the kernel's pick).
unsigned free_port() {
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
  explicit Server(const fs::path& database) {
    // Another process may take the port between free_port() and the
    // server's bind: then try another.
    for (int attempt = 0; attempt < 5 && !child_; ++attempt) {
      port_ = free_port();
      auto child = std::make_unique<byline::test::Child>(
          std::vector<std::string>{BYLINE_XAPIAN_TCPSRV, "--port", std::to_string(port_),
                                   "--interface", "127.0.0.1", database.string()},
          "", std::vector<std::string>{}, true);
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

 private:
  unsigned port_ = 0;
  std::unique_ptr<byline::test::Child> child_;
};

// The seed articles and the multilingual fixture, in one index and in two
// shards, each shard served.
struct Layouts {
  byline::test::TempDir dir;
  fs::path one = dir / "one";
  std::unique_ptr<Server> first;
  std::unique_ptr<Server> second;
  fs::path remote = dir / "remote.stub";

  Layouts() {
    {
      auto index = byline::test::create_index(one);
      byline::Writer writer(index);
      (void)byline::ingest(writer, {byline::test::corpus_dir().string(),
                                    (fs::path(BYLINE_SOURCE_DIR) / "tests" / "fixtures" /
                                     "multilingual" / "articles.jsonl")
                                        .string()});
    }
    const fs::path shards = byline::test::split_into_shards(one, dir / "shards", 2);
    first = std::make_unique<Server>(shards / "shard-1");
    second = std::make_unique<Server>(shards / "shard-2");
    byline::test::write_file(remote, "remote 127.0.0.1:" + std::to_string(first->port()) +
                                         "\nremote 127.0.0.1:" + std::to_string(second->port()) +
                                         "\n");
  }
};

std::set<std::string> ids_of(const byline::SearchResults& results) {
  std::set<std::string> out;
  for (const auto& hit : results.hits)
    out.insert(hit.id);
  return out;
}

}  // namespace

TEST_CASE("remote shards: plain searches find what one index finds, facets are refused") {
  Layouts layouts;
  byline::Searcher one(byline::Index::open(layouts.one));
  const byline::Index remote_index = byline::Index::open(layouts.remote);
  CHECK(remote_index.article_count() == 55);
  const byline::IndexStats stats = remote_index.stats();
  CHECK(stats.shards == 2);
  CHECK(stats.remote_shards == 2);
  CHECK(stats.bytes_on_disk == 0);
  CHECK(remote_index.remote_shards() == 2);
  CHECK(byline::Index::open(layouts.one).remote_shards() == 0);
  byline::Searcher remote(remote_index);

  byline::SearchOptions options;
  options.limit = 100;
  options.aliases = false;  // not served by the remote backend yet
  for (const char* query : {"iraq", "\"islamic state\"", "kerry OR paris", "pledge -iran",
                            "date:2014-09-15", "source:\"al jazeera\"", "coalit*", "title:iraq"}) {
    CAPTURE(query);
    const auto expected = one.search(query, options);
    const auto found = remote.search(query, options);
    CHECK(found.total == expected.total);
    CHECK(ids_of(found) == ids_of(expected));
  }

  // A search that can be stopped (the shell's always can) sends the
  // servers no match spy of byline's, which they could not run: it is
  // stopped between its steps.
  std::atomic<bool> stop{false};
  byline::SearchOptions stoppable = options;
  stoppable.cancel = &stop;
  stoppable.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  CHECK(remote.search("iraq OR paris", stoppable).total ==
        one.search("iraq OR paris", options).total);
  stop = true;
  CHECK_THROWS_WITH_AS((void)remote.search("iraq", stoppable), "the search was interrupted",
                       byline::Error);

  byline::SearchOptions faceted = options;
  byline::FacetRequest by_source;
  by_source.field = byline::FacetField::source;
  faceted.facets.push_back(by_source);
  try {
    (void)remote.search("iraq", faceted);
    FAIL("facets over remote shards were counted");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::invalid_argument);
    CHECK(std::string(e.what()).find("remote shards") != std::string::npos);
  }
}

TEST_CASE("remote shards: a server that is gone is named at once, never waited for") {
  Layouts layouts;
  const std::string port = std::to_string(layouts.second->port());
  layouts.second->kill();
  const auto started = std::chrono::steady_clock::now();
  try {
    (void)byline::Index::open(layouts.remote);
    FAIL("an index with a shard gone opened");
  } catch (const byline::Error& e) {
    const std::string message = e.what();
    CHECK(message.find("shard 2 (remote 127.0.0.1:" + port + ", line 2 of ") != std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}
