// One writer, many readers: reader threads and a separate reader process
// search without pause while a writer replaces, removes and adds articles
// and commits as fast as it can. No error may reach a reader, and every
// result set must be exactly the articles of some committed revision.
// A second writer is refused with a clear message, or waits with --wait.
//
// BYLINE_CONCURRENCY_SECONDS (default 3) sets how long the writer runs.
#include <doctest/doctest.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "byline/byline.hpp"
#include "process.hpp"
#include "test_support.hpp"
#include "verify.hpp"
#include "workload.hpp"

namespace {

namespace workload = byline::test::workload;
using Clock = std::chrono::steady_clock;

// The fingerprints of every revision the writer committed (or is committing).
class Revisions {
 public:
  void publish(const std::set<std::string>& live) {
    const auto hash = workload::ids_hash({live.begin(), live.end()});
    std::lock_guard lock(mutex_);
    hashes_.insert(hash);
  }
  [[nodiscard]] bool known(std::uint64_t hash) const {
    std::lock_guard lock(mutex_);
    return hashes_.count(hash) != 0;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::uint64_t> hashes_;
};

byline::Article article(const std::string& id, int revision, std::mt19937_64& rng) {
  const auto& words = workload::vocabulary();
  byline::Article a;
  a.id = id;
  a.title = "Item " + id + " of the common register";
  a.body = "common rev" + std::to_string(revision);
  const int length = 40 + static_cast<int>(rng() % 160);
  for (int w = 0; w < length; ++w)
    a.body += " " + words[rng() % words.size()];
  return a;
}

}  // namespace

TEST_CASE(
    "one writer committing fast, reader threads and a reader process: no errors, consistent "
    "results") {
  const char* seconds_env = std::getenv("BYLINE_CONCURRENCY_SECONDS");
  const double seconds = seconds_env != nullptr ? std::atof(seconds_env) : 3.0;
  constexpr int kLive = 60;
  constexpr int kReaderThreads = 3;
  byline::test::TempDir dir;
  const auto path = dir / "idx";
  std::mt19937_64 rng(7);
  Revisions revisions;
  std::set<std::string> live;
  int next_id = 0;

  byline::Index index = byline::test::create_index(path);
  byline::Writer writer(index);
  for (; next_id < kLive; ++next_id) {
    live.insert("c" + std::to_string(next_id));
    (void)writer.add(article("c" + std::to_string(next_id), 0, rng));
  }
  revisions.publish(live);
  writer.commit();

  std::atomic<bool> stop{false};
  std::atomic<long> thread_searches{0};
  std::mutex problems_mutex;
  std::vector<std::string> problems;
  auto problem = [&](std::string what) {
    std::lock_guard lock(problems_mutex);
    if (problems.size() < 20)
      problems.push_back(std::move(what));
  };

  std::vector<std::thread> readers;
  for (int t = 0; t < kReaderThreads; ++t) {
    readers.emplace_back([&, t] {
      try {
        byline::Index mine = byline::Index::open(path);
        byline::Searcher searcher(mine);
        byline::SearchOptions all;
        all.limit = 1000;
        byline::SearchOptions any;
        any.default_operator = byline::DefaultOperator::any;
        const auto& words = workload::vocabulary();
        long n = 0;
        while (!stop.load()) {
          try {
            const auto results = searcher.search("common", all);
            std::vector<std::string> ids;
            for (const auto& hit : results.hits)
              ids.push_back(hit.id);
            if (results.total != kLive || ids.size() != static_cast<std::size_t>(kLive))
              problem("thread " + std::to_string(t) + ": " + std::to_string(ids.size()) + " hits");
            if (!revisions.known(workload::ids_hash(ids)))
              problem("thread " + std::to_string(t) + ": a result set of no committed revision");
            (void)searcher.search(words[n % words.size()] + " " + words[(n * 7) % words.size()],
                                  any);
            // Now and then open afresh, as every `byline search` run does:
            // opening meets commits too. Thread 0 also counts statistics on
            // its handle, which by then sees an old revision.
            if (n % 8 == 0) {
              if (t == 0 && mine.stats().articles != kLive)
                problem("thread 0: stats counted another number of articles");
              mine = byline::Index::open(path);
              searcher = byline::Searcher(mine);
            }
            ++n;
          } catch (const byline::Error& e) {
            problem("thread " + std::to_string(t) + ": " + e.to_string());
          }
        }
        thread_searches += n;
      } catch (const byline::Error& e) {
        problem("thread " + std::to_string(t) + " could not start: " + e.to_string());
      }
    });
  }
  byline::test::Child process(
      {BYLINE_RELIABILITY_WORKER, "read", path.string(), std::to_string(seconds + 0.5)});

  // The writer: three replacements, one removal, one addition per commit.
  const auto started = Clock::now();
  long commits = 0;
  while (Clock::now() - started < std::chrono::duration<double>(seconds)) {
    std::vector<std::string> ids(live.begin(), live.end());
    for (int r = 0; r < 3; ++r)
      (void)writer.add(article(ids[rng() % ids.size()], static_cast<int>(commits + 1), rng));
    const std::string gone = ids[rng() % ids.size()];
    CHECK(writer.remove(gone));
    live.erase(gone);
    const std::string added = "c" + std::to_string(next_id++);
    (void)writer.add(article(added, static_cast<int>(commits + 1), rng));
    live.insert(added);
    revisions.publish(live);  // before the commit: a reader may see it at once
    writer.commit();
    ++commits;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  stop = true;
  for (auto& r : readers)
    r.join();

  std::vector<std::string> lines;
  const auto ended = process.finish(&lines);
  CHECK(ended.ok());
  long process_searches = 0;
  for (const auto& l : lines) {
    if (l.starts_with("E ")) {
      problem("process: " + l.substr(2));
      continue;
    }
    unsigned long long total = 0, hits = 0, hash = 0;
    if (std::sscanf(l.c_str(), "R %llu %llu %llu", &total, &hits, &hash) != 3) {
      problem("process said: " + l);
      continue;
    }
    ++process_searches;
    if (total != kLive || hits != kLive)
      problem("process: " + std::to_string(hits) + " hits");
    if (!revisions.known(hash))
      problem("process: a result set of no committed revision");
  }
  std::printf(
      "one writer, %d reader threads and a reader process: %ld commits in %.1f s (%.0f/s); "
      "%ld searches in threads, %ld in the process; %zu problems\n",
      kReaderThreads, commits, elapsed, static_cast<double>(commits) / elapsed,
      thread_searches.load(), process_searches, problems.size());
  for (const auto& p : problems)
    MESSAGE(p);
  CHECK(problems.empty());
  CHECK(thread_searches.load() > 0);
  CHECK(process_searches > 0);
  CHECK(byline::test::xapian_check(path) == "");
}

#ifdef BYLINE_CLI
TEST_CASE("a second writer is told the index is locked, or waits for it with --wait") {
  byline::test::TempDir dir;
  const auto path = dir / "idx";
  byline::test::write_file(dir / "late.txt", "A late report arrives\n\nThe late report arrived.");
  byline::test::write_file(dir / "err", "");
  auto held = std::make_unique<byline::Index>(byline::test::create_index(path));
  auto writer = std::make_unique<byline::Writer>(*held);

  {
    byline::test::Child refused(
        {BYLINE_CLI, "index", "--index", path.string(), "-q", (dir / "late.txt").string()},
        (dir / "err").string());
    const auto ended = refused.finish();
    CHECK(ended.exited);
    CHECK(ended.code == 1);
    std::ifstream err(dir / "err");
    const std::string message((std::istreambuf_iterator<char>(err)), {});
    CHECK(message.find("the index is locked by another writer") != std::string::npos);
    CHECK(message.find(path.string()) != std::string::npos);
  }

  byline::test::Child waiting(
      {BYLINE_CLI, "index", "--wait", "--index", path.string(), "-q", (dir / "late.txt").string()},
      (dir / "err").string());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK_FALSE(waiting.poll().has_value());  // still waiting for the lock
  byline::Article first;
  first.id = "first";
  first.title = "The first writer's article";
  first.body = "Written while another writer waited.";
  (void)writer->add(first);
  writer->commit();
  writer.reset();
  held.reset();  // lets go of the lock
  const auto ended = waiting.finish();
  CHECK(ended.ok());

  const byline::Index index = byline::Index::open(path);
  CHECK(index.article_count() == 2);
  CHECK(byline::test::xapian_check(path) == "");
}
#endif
