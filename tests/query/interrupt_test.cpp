// Stopping a search: SearchOptions::cancel (set before the search, or from
// another thread while it runs) and SearchOptions::deadline. Each throws
// Error(interrupted), and the Searcher goes on working.
#include "query/interrupt.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "byline/byline.hpp"
#include "engine/schema.hpp"
#include "test_support.hpp"

using byline::Error;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kArticles = 1000;

// Articles whose stored text an exact phrase (="...") must read one by one,
// which is slow enough to be stopped part-way: every one holds the phrase
// through stemming, so that Xapian lets each through to byline's check, and
// none in the exact forms asked for. The index is marked as made before
// format 5, whose exact phrases are checked in the stored text (an index
// of format 5 answers from positions, far too fast to stop).

const std::filesystem::path& slow_index() {
  static byline::test::TempDir dir;
  static const std::filesystem::path path = [] {
    {
      auto index = byline::test::create_index(dir / "idx");
      byline::Writer writer(index);
      for (int i = 0; i < kArticles; ++i) {
        byline::Article a;
        a.id = "s" + std::to_string(i);
        a.title = "Dispatch " + std::to_string(i);
        a.source = i % 2 == 0 ? "Reuters" : "AP";
        a.date = "2014-09-15";
        for (int k = 0; k < 20; ++k)
          a.body +=
              "ceasefire talks resumed on day " + std::to_string(k) + ", one talk to resume. ";
        writer.add(a);
      }
      writer.commit();
    }
    Xapian::WritableDatabase db((dir / "idx").string());
    db.set_metadata(std::string(byline::schema::metadata::kExactPositions), "");
    db.commit();
    return dir / "idx";
  }();
  return path;
}

// Every article is a candidate, none a match.
constexpr const char* kSlowQuery = "=\"ceasefire talk resumed\"";

// The kind and message of the search's error; empty kind when it ran.
struct Outcome {
  bool interrupted = false;
  std::string message;
};

Outcome run(byline::Searcher& searcher, std::string_view query,
            const byline::SearchOptions& options) {
  try {
    (void)searcher.search(query, options);
    return {};
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::interrupted);
    CHECK(!e.is_logic_error());
    CHECK(e.to_string().starts_with("Interrupted: "));
    return {true, e.what()};
  }
}

// How long kSlowQuery takes to run whole (measured once; a Debug build:
// about a second).
Clock::duration slow_query_time() {
  static const Clock::duration time = [] {
    auto index = byline::Index::open(slow_index());
    byline::Searcher searcher(index);
    const auto started = Clock::now();
    CHECK(searcher.search(kSlowQuery).total == 0);
    return Clock::now() - started;
  }();
  return time;
}

// The Searcher still answers correctly.
void check_usable(byline::Searcher& searcher) {
  const auto results = searcher.search("ceasefire source:reuters");
  CHECK(results.total == kArticles / 2);
  CHECK(results.total_exact);
  CHECK(results.hits.size() == 10);
}

}  // namespace

TEST_CASE("a cancel flag set before the search stops it at once and the next search runs") {
  auto index = byline::Index::open(slow_index());
  byline::Searcher searcher(index);
  std::atomic<bool> cancel{true};
  byline::SearchOptions options;
  options.cancel = &cancel;
  const Outcome outcome = run(searcher, "ceasefire", options);
  CHECK(outcome.interrupted);
  CHECK(outcome.message == "the search was interrupted");
  // A flag that is not set stops nothing.
  cancel = false;
  CHECK(searcher.search("ceasefire", options).total == kArticles);
  check_usable(searcher);
}

TEST_CASE("a cancel flag set from another thread stops the search while it runs") {
  auto index = byline::Index::open(slow_index());
  byline::Searcher searcher(index);
  const auto full = slow_query_time();

  // The flag is set a moment after the search starts. A thread scheduled
  // too late finds the search over: tried a few times.
  bool stopped = false;
  for (int attempt = 0; attempt < 10 && !stopped; ++attempt) {
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    std::condition_variable cv;
    bool searching = false;
    std::thread canceller([&] {
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return searching; });
      lock.unlock();
      std::this_thread::sleep_for(full / 10);
      cancel = true;
    });
    byline::SearchOptions options;
    options.cancel = &cancel;
    {
      const std::lock_guard lock(mutex);
      searching = true;
    }
    cv.notify_one();
    const auto t = Clock::now();
    const Outcome outcome = run(searcher, kSlowQuery, options);
    const auto took = Clock::now() - t;
    canceller.join();
    if (outcome.interrupted) {
      stopped = true;
      CHECK(outcome.message == "the search was interrupted");
      CHECK(took < full);
    }
  }
  CHECK(stopped);
  check_usable(searcher);
}

TEST_CASE("a deadline already passed stops the search and one in the future does not") {
  auto index = byline::Index::open(slow_index());
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.deadline = Clock::now() - std::chrono::milliseconds(1);
  const Outcome outcome = run(searcher, "ceasefire", options);
  CHECK(outcome.interrupted);
  CHECK(outcome.message == "the search ran past its deadline");
  check_usable(searcher);
  options.deadline = Clock::now() + std::chrono::hours(1);
  CHECK(searcher.search("ceasefire", options).total == kArticles);
}

TEST_CASE("a deadline that passes during the search stops it there") {
  auto index = byline::Index::open(slow_index());
  byline::Searcher searcher(index);
  const auto full = slow_query_time();
  byline::SearchOptions options;
  // Facets too: a deadline stops their passes as well.
  options.facets = {byline::FacetRequest{}};
  const auto t = Clock::now();
  options.deadline = t + full / 10;
  const Outcome outcome = run(searcher, std::string(kSlowQuery) + " source:reuters", options);
  CHECK(outcome.interrupted);
  CHECK(outcome.message == "the search ran past its deadline");
  check_usable(searcher);
}

TEST_CASE("inside Xapian's matcher, the interrupt spy stops a match every 256 documents") {
  // White-box: the spy alone, on a match that visits every article, its
  // exception going through Xapian's matcher; the database still reads.
  Xapian::Database db(slow_index().string());
  std::atomic<bool> cancel{true};
  const byline::detail::Interrupt interrupt(&cancel, {});
  byline::detail::InterruptSpy spy(interrupt);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query::MatchAll);
  enquire.add_matchspy(&spy);
  CHECK_THROWS_AS((void)enquire.get_mset(0, 10, db.get_doccount()), Error);
  // Fewer matches than the interval: never polled.
  Xapian::Enquire few(db);
  few.set_query(Xapian::Query(std::string(byline::schema::prefix::kId) + "s1"));
  byline::detail::InterruptSpy other(interrupt);
  few.add_matchspy(&other);
  CHECK(few.get_mset(0, 10, db.get_doccount()).size() <= 1);
  cancel = false;
  CHECK(enquire.get_mset(0, 10, db.get_doccount()).get_matches_estimated() == kArticles);
}
