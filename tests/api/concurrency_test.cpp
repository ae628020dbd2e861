// The thread-safety contract of the public API, as an application would use
// it: several threads searching, each with its own Searcher made from the
// Index a writer is using, while the writer adds and commits batches.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

namespace {

using byline::test::TempDir;

constexpr int kBatches = 24;
constexpr int kPerBatch = 15;
constexpr int kReaders = 4;

// A word only the articles of batch `b` contain ("markeraak", "markerabk",
// ...): the final k keeps the stemmer from folding two of them together, as
// it would "markerae" and "markeras".
std::string marker(int b) {
  return std::string("marker") + static_cast<char>('a' + b / 26) + static_cast<char>('a' + b % 26) +
         'k';
}

byline::Article article(int batch, int n) {
  byline::Article a;
  a.id = "b" + std::to_string(batch) + "-" + std::to_string(n);
  a.title = "Concurrent report " + std::to_string(n);
  a.date = "2014-09-15";
  a.body = "A concurrent dispatch, number " + std::to_string(n) + " of its batch, tagged " +
           marker(batch) + ".";
  return a;
}

struct ReaderLog {
  std::size_t searches = 0;
  std::vector<std::string> problems;
  std::vector<int> batches_seen;  // complete batches visible, search after search
};

void read_until_done(const byline::Index& index, const std::atomic<bool>& done,
                     std::atomic<int>& max_seen, ReaderLog& log) {
  try {
    byline::Searcher searcher(index);
    byline::SearchOptions search_options;
    search_options.limit = kPerBatch;
    for (int i = 0; !done.load(); ++i) {
      // Every article says "concurrent": the total is a whole number of batches.
      const byline::SearchResults all = searcher.search("concurrent", search_options);
      ++log.searches;
      if (!all.total_exact || all.total % kPerBatch != 0) {
        log.problems.push_back("\"concurrent\" matched " + std::to_string(all.total) +
                               " articles, not a whole number of batches");
      }
      const int seen = static_cast<int>(all.total / kPerBatch);
      if (!log.batches_seen.empty() && seen < log.batches_seen.back()) {
        log.problems.push_back("went back from " + std::to_string(log.batches_seen.back()) +
                               " batches to " + std::to_string(seen));
      }
      log.batches_seen.push_back(seen);
      int expected = max_seen.load();
      while (seen > expected && !max_seen.compare_exchange_weak(expected, seen)) {
      }

      // One batch's marker: none of its articles, or all of them, never part.
      const int b = i % kBatches;
      const byline::SearchResults one = searcher.search(marker(b), search_options);
      ++log.searches;
      if (one.total != 0 && one.total != static_cast<std::uint64_t>(kPerBatch)) {
        log.problems.push_back(marker(b) + " matched " + std::to_string(one.total) + " of " +
                               std::to_string(kPerBatch) + " articles");
      }
      if (one.hits.size() != one.total) {
        log.problems.push_back(marker(b) + ": " + std::to_string(one.hits.size()) +
                               " hits for a total of " + std::to_string(one.total));
      }
      for (const byline::Hit& hit : one.hits) {
        if (hit.id.rfind("b" + std::to_string(b) + "-", 0) != 0)
          log.problems.push_back(marker(b) + " found " + hit.id + ", of another batch");
      }
    }
  } catch (const std::exception& e) {
    log.problems.push_back(std::string("exception: ") + e.what());
  }
}

}  // namespace

TEST_CASE("searchers in parallel threads see a writer's batches whole or not at all") {
  const TempDir dir;
  const std::filesystem::path path = dir / "index";
  byline::Index writable = byline::test::create_index(path);

  std::atomic<bool> done{false};
  std::atomic<int> max_seen{0};
  std::vector<ReaderLog> logs(kReaders);
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back(read_until_done, std::cref(writable), std::cref(done), std::ref(max_seen),
                         std::ref(logs[r]));
  }

  // The writer adds while the readers search; after each commit it waits
  // (up to a second) until some reader has seen the batch, so that the
  // readers meet every intermediate state, not just the first and the last.
  std::string writer_problem;
  try {
    byline::Writer writer(writable);
    for (int b = 0; b < kBatches; ++b) {
      for (int n = 0; n < kPerBatch; ++n)
        writer.add(article(b, n));
      writer.commit();
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (max_seen.load() < b + 1 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  } catch (const std::exception& e) {
    writer_problem = e.what();
  }
  done.store(true);
  for (std::thread& t : readers)
    t.join();

  CHECK(writer_problem == "");
  std::size_t in_between = 0;  // searches that saw some batches but not all
  for (int r = 0; r < kReaders; ++r) {
    INFO("reader ", r, " after ", logs[r].searches, " searches");
    CHECK_MESSAGE(logs[r].problems.empty(), logs[r].problems.size(),
                  " problem(s), the first: ", logs[r].problems.front());
    CHECK(logs[r].searches > 0);
    for (int seen : logs[r].batches_seen)
      in_between += (seen > 0 && seen < kBatches) ? 1 : 0;
  }
  CHECK(max_seen.load() == kBatches);
  CHECK(in_between > 0);

  byline::Searcher searcher(writable);
  CHECK(searcher.search("concurrent").total == static_cast<std::uint64_t>(kBatches * kPerBatch));
}

TEST_CASE("a Searcher made by one thread can be handed to another") {
  const TempDir dir;
  byline::Index index = byline::test::create_index(dir / "index");
  {
    byline::Writer writer(index);
    writer.add(article(0, 1));
    writer.commit();
  }
  byline::Searcher searcher(index);
  std::uint64_t total = 0;
  std::thread([&] { total = searcher.search(marker(0)).total; }).join();
  CHECK(total == 1);
}
