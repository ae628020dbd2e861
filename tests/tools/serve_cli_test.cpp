// byline serve: an index's shards served read-only by xapian-tcpsrv, one
// server each, and the stub that searches them; stopped whole by a signal.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "byline/byline.hpp"
#include "reliability/process.hpp"
#include "test_support.hpp"
#include "tools/cli_run.hpp"

namespace fs = std::filesystem;
using byline::test::byline_run;
using byline::test::Run;

namespace {

// Asks `serve` to stop (SIGTERM, as a user's Ctrl-C or kill would) and
// waits up to 10 s for it to stop its servers and end; how it ended, or
// nullopt if it did not. Also when a check fails before the test does it:
// killed outright, byline serve would leave its servers running.
std::optional<byline::test::Ended> stop(byline::test::Child& serve) {
  if (auto ended = serve.poll())
    return ended;  // already stopped (and its process id perhaps reused)
  serve.kill(SIGTERM);
  std::optional<byline::test::Ended> ended;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(ended = serve.poll()) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return ended;
}

struct StopOnExit {
  byline::test::Child& serve;
  ~StopOnExit() { (void)stop(serve); }
};

}  // namespace

TEST_CASE("byline serve prints a stub that searches its shards as the index, and stops whole") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "one");
    byline::Writer writer(index);
    (void)byline::ingest(writer, {byline::test::corpus_dir().string()});
  }
  const fs::path shards = byline::test::split_into_shards(dir / "one", dir / "shards", 2);
  const fs::path stub = dir / "remote.stub";
  byline::test::Child serve(
      {BYLINE_CLI, "serve", "--index", shards.string(), "--stub", stub.string()},
      (dir / "serve.err").string(), {}, true);
  std::vector<std::string> lines;
  while (lines.size() < 3) {
    const auto line = serve.line(std::chrono::seconds(20));
    REQUIRE_MESSAGE(line,
                    "byline serve printed no stub: " << byline::test::slurp(dir / "serve.err"));
    lines.push_back(*line);
  }
  CHECK(lines[0].starts_with("# byline serve: 2 shards of "));
  CHECK(lines[1].starts_with("remote 127.0.0.1:"));
  CHECK(lines[2].starts_with("remote 127.0.0.1:"));
  CHECK(byline::test::slurp(stub) == lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n");

  const Run remote =
      byline_run({"search", "--index", stub.string(), "--json", "--facets", "source", "daesh"});
  const Run local =
      byline_run({"search", "--index", shards.string(), "--json", "--facets", "source", "daesh"});
  REQUIRE(remote.status == 0);
  REQUIRE(local.status == 0);
  const auto remote_json = nlohmann::json::parse(remote.out);
  const auto local_json = nlohmann::json::parse(local.out);
  CHECK(remote_json["total"] == local_json["total"]);
  CHECK(remote_json["total"] == 5);
  CHECK(remote_json["facets"] == local_json["facets"]);

  // The servers are read-only: nothing writes through the stub.
  const Run write =
      byline_run({"index", "--index", stub.string(), byline::test::corpus_dir().string()});
  CHECK(write.status == 1);

  const auto ended = stop(serve);
  REQUIRE_MESSAGE(ended, "byline serve did not stop on SIGTERM");
  CHECK(ended->ok());
  // Every server went with it: the stub opens no more.
  const Run gone = byline_run({"search", "--index", stub.string(), "daesh"});
  CHECK(gone.status == 1);
  CHECK(gone.err.find("shard 1 (remote 127.0.0.1:") != std::string::npos);
}

TEST_CASE("byline serve names what it cannot serve") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "one");
    byline::Writer writer(index);
    (void)byline::ingest(writer, {byline::test::corpus_dir().string()});
  }
  // Without xapian-tcpsrv: where to get it.
  const Run missing = byline_run({"serve", "--index", (dir / "one").string()}, {},
                                 {"BYLINE_XAPIAN_TCPSRV=/nonexistent/xapian-tcpsrv"});
  CHECK(missing.status == 1);
  CHECK(missing.err.find("apt install xapian-tools") != std::string::npos);
  // A shard served already is served where it is.
  byline::test::write_file(dir / "mixed.stub", "auto one\nremote 127.0.0.1:1\n");
  const Run remote = byline_run({"serve", "--index", (dir / "mixed.stub").string()});
  CHECK(remote.status == 1);
  CHECK(remote.err.find("shard 2") != std::string::npos);
  // Not an address.
  const Run bad = byline_run({"serve", "--index", (dir / "one").string(), "--listen", "localhost"});
  CHECK(bad.status == 1);
  CHECK(bad.err.find("numeric") != std::string::npos);
}
