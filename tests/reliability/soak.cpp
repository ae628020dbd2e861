// The soak run (tools/soak.sh; not part of the test suite, which has no
// hour to spare):
//
//   reliability_soak [--minutes M] [--articles N] [--seed S] [--kill-every K]
//
// Loads N articles (100,000) into a new index with a bulk build, then for M
// minutes (60) runs writers, each applying a few batches of random
// replacements, additions and removals (soak_workload.hpp), while a reader
// process searches; about one writer in K (3) is SIGKILLed at a random
// moment. After every writer the driver checks:
//   - every committed article: the index holds exactly the articles of the
//     batches reported committed (or one more, the batch in flight), each
//     with its text, source and date as written;
//   - every count: searches with facets (source, year and month, with and
//     without empty buckets), filters, sorting by date, paging and snippets
//     agree with the model of what was committed;
//   - xapian-check, every 10th writer and at the end;
//   - the reader met no error.
// It prints one line per writer and a summary; exit status 1 on the first
// failure, with what failed.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "process.hpp"
#include "soak_workload.hpp"
#include "test_support.hpp"
#include "verify.hpp"

namespace {

namespace fs = std::filesystem;
namespace soak = byline::test::soak;
using byline::test::Child;
using Clock = std::chrono::steady_clock;
using Model = std::map<std::string, int>;

struct Settings {
  double minutes = 60;
  std::uint64_t articles = 100000;
  std::uint64_t seed = 1;
  int kill_every = 3;
};

struct Tally {
  int writers = 0;
  int killed = 0;
  int batches = 0;
  int in_flight_landed = 0;
  std::uint64_t articles_checked = 0;
  int searches = 0;
  int checks = 0;
  int reader_searches = 0;
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "soak: FAILED: %s\n", what.c_str());
  std::exit(1);
}

// Which of the two models the index holds: the batches reported, or one
// more. Every article is compared with what was written.
bool holds(const fs::path& index, const Model& model, Tally& tally) {
  Xapian::Database db(index.string());
  if (db.get_doccount() != model.size())
    return false;
  std::size_t seen = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const byline::Article a = byline::detail::decode_article(db.get_document(*it).get_data());
    const auto m = model.find(a.id);
    if (m == model.end() || a.body != soak::body(a.id, m->second) ||
        a.source != soak::source(a.id) || a.date != soak::date(a.id, m->second)) {
      return false;
    }
    ++seen;
  }
  tally.articles_checked += seen;
  return seen == model.size();
}

void expect(bool ok, const std::string& what) {
  if (!ok)
    fail(what);
}

// Searches with every option, each count compared with the model.
void check_searches(const fs::path& index, const Model& model, int last_batch, std::mt19937_64& rng,
                    Tally& tally) {
  const byline::Index opened = byline::Index::open(index);
  byline::Searcher searcher(opened);
  std::map<std::string, std::uint64_t> per_source;
  std::map<std::string, std::uint64_t> per_year;
  std::map<std::string, std::uint64_t> per_month;
  std::map<int, std::uint64_t> per_version;
  for (const auto& [id, version] : model) {
    ++per_source[soak::source(id)];
    ++per_year[soak::date(id, version).substr(0, 4)];
    ++per_month[soak::date(id, version).substr(0, 7)];
    ++per_version[version];
  }
  // Facets over everything.
  byline::SearchOptions all;
  all.limit = 0;
  byline::FacetRequest sources;
  sources.top = 0;
  byline::FacetRequest years;
  years.field = byline::FacetField::year;
  years.empty_buckets = true;
  byline::FacetRequest months;
  months.field = byline::FacetField::month;
  months.from = "2013-03";
  months.to = "2014-02";
  months.empty_buckets = true;
  all.facets = {sources, years, months};
  const auto everything = searcher.search("common", all);
  ++tally.searches;
  expect(everything.total_exact, "a count with facets is not exact");
  expect(everything.total == model.size(), "common: " + std::to_string(everything.total) +
                                               " found, " + std::to_string(model.size()) +
                                               " committed");
  std::map<std::string, std::uint64_t> found_sources;
  for (const auto& v : everything.facets[0].values)
    found_sources[v.value] = v.count;
  expect(found_sources == per_source, "source facet counts differ from the committed articles");
  std::map<std::string, std::uint64_t> found_years;
  for (const auto& v : everything.facets[1].values) {
    if (v.count > 0)
      found_years[v.value] = v.count;
  }
  expect(found_years == per_year, "year facet counts differ from the committed articles");
  expect(everything.facets[2].values.size() == 12, "a histogram of 12 months has other buckets");
  for (const auto& v : everything.facets[2].values) {
    expect(v.count == per_month[v.value], "month " + v.value + " counts " +
                                              std::to_string(v.count) + ", not " +
                                              std::to_string(per_month[v.value]));
  }
  // A source filter, a version word, a date range.
  const std::string source = soak::sources()[rng() % soak::sources().size()];
  // A facet makes the count exact (SearchResults::total_exact); without
  // one, Xapian may estimate it.
  byline::SearchOptions counting;
  counting.limit = 0;
  counting.facets = {sources};
  const auto filtered = searcher.search("common source:\"" + source + "\"", counting);
  ++tally.searches;
  expect(filtered.total == per_source[source], "source:\"" + source + "\" counts " +
                                                   std::to_string(filtered.total) + ", not " +
                                                   std::to_string(per_source[source]));
  const int version = static_cast<int>(rng() % static_cast<std::uint64_t>(last_batch + 1));
  const auto versioned = searcher.search("v" + std::to_string(version), counting);
  ++tally.searches;
  expect(versioned.total == per_version[version], "v" + std::to_string(version) + " counts " +
                                                      std::to_string(versioned.total) + ", not " +
                                                      std::to_string(per_version[version]));
  const auto dated = searcher.search("common date:2013", counting);
  ++tally.searches;
  expect(dated.total == per_year["2013"], "date:2013 counts otherwise than the committed articles");
  // Pages sorted by date, with snippets: ranks run on, dates never rise,
  // every hit has a snippet, no id twice.
  byline::SearchOptions paging;
  paging.sort = byline::SortOrder::newest;
  paging.limit = 50;
  paging.offset = model.empty() ? 0 : rng() % model.size();
  paging.snippets.count = 1;
  const auto page = searcher.search("common", paging);
  ++tally.searches;
  expect(page.total == model.size(), "a sorted page's total differs");
  expect(page.hits.size() == std::min<std::size_t>(50, model.size() - paging.offset),
         "a page holds " + std::to_string(page.hits.size()) + " hits");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < page.hits.size(); ++i) {
    const auto& hit = page.hits[i];
    expect(hit.rank == paging.offset + i + 1, "ranks do not run on across pages");
    expect(i == 0 || hit.date <= page.hits[i - 1].date, "newest first is not sorted by date");
    expect(!hit.snippets.empty(), "a hit without a snippet");
    expect(ids.insert(hit.id).second, "an id twice on one page");
    const auto m = model.find(hit.id);
    expect(m != model.end() && hit.date == soak::date(hit.id, m->second),
           "a hit that is not a committed article: " + hit.id);
  }
  ++tally.checks;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--minutes") {
      settings.minutes = std::atof(value);
    } else if (flag == "--articles") {
      settings.articles = std::strtoull(value, nullptr, 10);
    } else if (flag == "--seed") {
      settings.seed = std::strtoull(value, nullptr, 10);
    } else if (flag == "--kill-every") {
      settings.kill_every = std::max(1, std::atoi(value));
    } else {
      std::fprintf(stderr,
                   "usage: reliability_soak [--minutes M] [--articles N] [--seed S] "
                   "[--kill-every K]\n");
      return 2;
    }
  }
  const std::string worker = BYLINE_RELIABILITY_WORKER;
  byline::test::TempDir dir;
  const fs::path index = dir / "idx";
  const fs::path err = dir / "worker.err";
  std::mt19937_64 rng(settings.seed);
  Tally tally;
  Model committed;  // the batches reported committed
  int next = 0;     // the first batch not yet reported committed
  const auto started = Clock::now();
  const auto end = started + std::chrono::duration<double>(settings.minutes * 60);
  std::printf("soak: %llu articles, %.1f minutes, seed %llu, index %s\n",
              static_cast<unsigned long long>(settings.articles), settings.minutes,
              static_cast<unsigned long long>(settings.seed), index.c_str());
  std::fflush(stdout);

  while (Clock::now() < end || next == 0) {
    const int to = next + 1 + static_cast<int>(rng() % 4);
    const bool kill = next > 0 && rng() % static_cast<std::uint64_t>(settings.kill_every) == 0;
    // The reader searches throughout; it must meet no error.
    std::optional<Child> reader;
    if (next > 0)
      reader.emplace(std::vector<std::string>{worker, "read", index.string(), "5"}, err.string());
    Child writer({worker, "soak", index.string(), std::to_string(settings.seed),
                  std::to_string(settings.articles), std::to_string(next), std::to_string(to)},
                 err.string());
    ++tally.writers;
    const auto kill_at =
        Clock::now() + std::chrono::milliseconds(kill ? 50 + rng() % 3000 : 3'600'000);
    int reported = next;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::microseconds>(kill_at - Clock::now());
      if (left.count() <= 0) {
        writer.kill(SIGKILL);
        ++tally.killed;
        break;
      }
      const auto line = writer.line(left);
      if (line && line->starts_with("done "))
        reported = std::atoi(line->c_str() + 5) + 1;
      else if (!line && !writer.timed_out())
        break;
    }
    const auto ended = writer.wait();
    if (!ended.ok() && !ended.killed_by(SIGKILL))
      fail("the writer ended with " + ended.describe());
    for (int k = next; k < reported; ++k)
      soak::apply(committed, soak::batch(settings.seed, k, settings.articles));
    tally.batches += reported - next;
    next = reported;
    // The index holds what was reported committed, or the batch in flight too.
    if (fs::exists(index / "iamglass")) {
      if (!holds(index, committed, tally)) {
        Model more = committed;
        soak::apply(more, soak::batch(settings.seed, next, settings.articles));
        if (!holds(index, more, tally))
          fail("after writer " + std::to_string(tally.writers) +
               ", the index holds neither the batches reported committed nor one more");
        committed = std::move(more);
        ++next;
        ++tally.in_flight_landed;
      }
    } else if (next > 0) {
      fail("the index is gone");
    }
    if (reader) {
      std::vector<std::string> lines;
      (void)reader->finish(&lines);
      for (const auto& l : lines) {
        if (l.starts_with("E "))
          fail("the reader met an error: " + l);
        ++tally.reader_searches;
      }
    }
    if (next > 0)
      check_searches(index, committed, next - 1, rng, tally);
    if (tally.writers % 10 == 0) {
      if (auto problem = byline::test::xapian_check(index); !problem.empty())
        fail(problem);
    }
    std::printf("writer %d: batches to %d%s, %zu articles; %d searches checked\n", tally.writers,
                next - 1, ended.ok() ? "" : " (killed)", committed.size(), tally.searches);
    std::fflush(stdout);
  }
  if (auto problem = byline::test::xapian_check(index); !problem.empty())
    fail(problem);
  const double minutes = std::chrono::duration<double>(Clock::now() - started).count() / 60;
  std::printf(
      "soak: passed: %.1f minutes, %d writers (%d killed; %d batches in flight landed anyway), "
      "%d batches committed, %llu article checks, %d searches checked, %d reader searches, "
      "0 errors\n",
      minutes, tally.writers, tally.killed, tally.in_flight_landed, tally.batches,
      static_cast<unsigned long long>(tally.articles_checked), tally.searches,
      tally.reader_searches);
  return 0;
}
