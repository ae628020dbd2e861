// byline_stories_bench: what near-duplicates and stories cost (issue 22's
// targets), on a generated corpus as byline_bench uses.
//
//   byline_stories_bench --corpus=FILE.jsonl [--work=DIR] [--queries=N]
//                        [--sample=N] [--rebuild] [--brown=BROWN.jsonl --seeds=DIR]
//
// A plain program: each figure is a loop of the library's own calls.
//   1. Building: DocumentBuilder::build() per article (what indexing does
//      on its analysing threads), and of it the fingerprint and the story
//      features, each timed alone on the same articles (--sample of them).
//   2. Indexing: the corpus ingested into DIR/byline-stories (once; reused
//      when DIR/byline-stories.complete exists). With --rebuild, then
//      `byline stories --rebuild` timed on it: it rewrites each article
//      whose story changes, ~10 ms each, so half an hour at 100,000.
//   3. Queries, on that index, for --queries words sampled from its
//      vocabulary (stems in 0.1% to 5% of the articles, evenly spread):
//      each word alone; collapsed; filtered to the story of its best hit;
//      Searcher::similar to its best hit; Searcher::stories of the word;
//      and Searcher::stories of every article.
// Times are p50 and p99 per call, by the thread's CPU time and by wall time.
//   4. With --brown (tools/fetch_brown.sh makes it) and --seeds (corpus/):
//      the seed articles' story among the Brown corpus's press articles,
//      all dated the seeds' day, so that only their words keep them apart:
//      the seeds must make one story, which no Brown article joins.
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/measure.hpp"
#include "byline/byline.hpp"
#include "engine/schema.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/near_duplicates.hpp"
#include "indexer/story_features.hpp"

namespace fs = std::filesystem;
using byline::bench::percentile;
using byline::bench::seconds_since;
using byline::bench::steady_now_ns;
using byline::bench::thread_cpu_ns;

namespace {

struct Args {
  std::string corpus;
  fs::path work = "bench/data/work/stories";
  std::size_t queries = 200;
  std::size_t sample = 2000;
  std::string brown;
  std::string seeds;
  bool rebuild = false;
};

[[noreturn]] void usage(const std::string& problem) {
  std::fprintf(stderr,
               "byline_stories_bench: %s\n"
               "usage: byline_stories_bench --corpus=FILE.jsonl [--work=DIR] [--queries=N] "
               "[--sample=N]\n",
               problem.c_str());
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&](std::string_view name) -> std::optional<std::string> {
      const std::string prefix = std::string(name) + "=";
      if (arg.starts_with(prefix))
        return arg.substr(prefix.size());
      return std::nullopt;
    };
    if (auto v = value("--corpus")) {
      args.corpus = *v;
    } else if (auto v = value("--work")) {
      args.work = *v;
    } else if (auto v = value("--queries")) {
      args.queries = std::strtoull(v->c_str(), nullptr, 10);
    } else if (auto v = value("--sample")) {
      args.sample = std::strtoull(v->c_str(), nullptr, 10);
    } else if (arg == "--rebuild") {
      args.rebuild = true;
    } else if (auto v = value("--brown")) {
      args.brown = *v;
    } else if (auto v = value("--seeds")) {
      args.seeds = *v;
    } else {
      usage("unknown argument " + arg);
    }
  }
  if (args.corpus.empty())
    usage("--corpus is required");
  return args;
}

// CPU and wall milliseconds of each call.
struct Timings {
  std::vector<double> cpu_ms;
  std::vector<double> wall_ms;

  void time(const std::function<void()>& call) {
    const std::int64_t cpu = thread_cpu_ns();
    const std::int64_t wall = steady_now_ns();
    call();
    cpu_ms.push_back(static_cast<double>(thread_cpu_ns() - cpu) / 1e6);
    wall_ms.push_back(seconds_since(wall) * 1e3);
  }
};

void print_row(const char* what, const Timings& t) {
  std::printf("%-34s %9.3f %9.3f %9.3f %9.3f %7zu\n", what, percentile(t.cpu_ms, 50),
              percentile(t.cpu_ms, 99), percentile(t.wall_ms, 50), percentile(t.wall_ms, 99),
              t.cpu_ms.size());
}

void print_header(const char* title) {
  std::printf("\n%s\n%-34s %9s %9s %9s %9s %7s\n", title, "", "cpu p50", "cpu p99", "wall p50",
              "wall p99", "calls");
}

// 1. What building an article costs, and the share of it stories add.
void measure_building(const Args& args) {
  std::vector<byline::Article> articles;
  byline::bench::read_articles(args.corpus, args.sample, [&](byline::Article&& a) {
    articles.push_back(std::move(a));
    return true;
  });
  byline::detail::DocumentBuilder builder{byline::AnalyzerSettings{}};
  byline::Analyzer analyzer;
  Timings build, print, features;
  for (const byline::Article& a : articles)
    build.time([&] { (void)builder.build(a); });
  for (const byline::Article& a : articles) {
    const std::vector<byline::Token> tokens = analyzer.analyze(a.body, a.lang);
    print.time([&] { (void)byline::detail::fingerprint(tokens); });
    features.time([&] {
      (void)byline::detail::encode_story_features(byline::detail::story_features(analyzer, a));
    });
  }
  print_header("building an article (ms per article)");
  print_row("DocumentBuilder::build (all)", build);
  print_row("  of it: fingerprint", print);
  print_row("  of it: story features", features);
  double total = 0, stories = 0;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    total += build.cpu_ms[i];
    stories += print.cpu_ms[i] + features.cpu_ms[i];
  }
  std::printf("stories' share of building, by CPU: %.1f%%\n",
              total > 0 ? 100 * stories / total : 0);
}

// 2. The index, built once; the grouping pass timed alone.
fs::path measure_indexing(const Args& args) {
  const fs::path path = args.work / "byline-stories";
  const fs::path complete = args.work / "byline-stories.complete";
  print_header("indexing (seconds)");
  if (!fs::exists(complete)) {
    fs::remove_all(path);
    fs::create_directories(args.work);
    byline::IndexOptions options;
    options.mode = byline::OpenMode::create_or_open;
    auto index = byline::Index::open(path, options);
    byline::Writer writer(index);
    const std::int64_t cpu = byline::bench::process_cpu_ns();
    const std::int64_t wall = steady_now_ns();
    const byline::IngestSummary summary = byline::ingest(writer, {args.corpus});
    std::printf(
        "ingest: %zu articles, %.1f s wall, %.1f s CPU (all threads), %zu near-duplicates, "
        "%zu stories\n",
        summary.indexed, seconds_since(wall),
        static_cast<double>(byline::bench::process_cpu_ns() - cpu) / 1e9, summary.near_duplicates,
        summary.new_stories);
    std::FILE* f = std::fopen(complete.c_str(), "w");
    if (f != nullptr)
      std::fclose(f);
  } else {
    std::printf("ingest: reusing %s\n", path.c_str());
  }
  std::fflush(stdout);
  if (!args.rebuild)
    return path;
  byline::IndexOptions options;
  options.mode = byline::OpenMode::read_write;
  auto index = byline::Index::open(path, options);
  byline::Writer writer(index);
  const std::int64_t cpu = thread_cpu_ns();
  const std::int64_t wall = steady_now_ns();
  writer.rebuild_stories();
  writer.commit();
  std::printf("grouping pass over every article (stories --rebuild): %.1f s wall, %.1f s CPU\n",
              seconds_since(wall), static_cast<double>(thread_cpu_ns() - cpu) / 1e9);
  return path;
}

// Words to search: stems of mid frequency, evenly spread over the vocabulary.
std::vector<std::string> sample_words(const fs::path& path, std::size_t count) {
  Xapian::Database db(path.string());
  const double n = db.get_doccount();
  std::vector<std::string> candidates;
  const std::string prefix(byline::schema::prefix::kStem);
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    const double share = it.get_termfreq() / n;
    const std::string stem = (*it).substr(prefix.size());
    if (share >= 0.001 && share <= 0.05 &&
        std::all_of(stem.begin(), stem.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      candidates.push_back(stem);
    }
  }
  std::vector<std::string> out;
  const std::size_t step =
      std::max<std::size_t>(1, candidates.size() / std::max<std::size_t>(1, count));
  for (std::size_t i = 0; i < candidates.size() && out.size() < count; i += step)
    out.push_back(candidates[i]);
  return out;
}

// 3. Queries.
void measure_queries(const Args& args, const fs::path& path) {
  const std::vector<std::string> words = sample_words(path, args.queries);
  auto index = byline::Index::open(path);
  byline::Searcher searcher(index);
  byline::SearchOptions plain;
  byline::SearchOptions collapsed;
  collapsed.collapse = true;
  // Warm up: the facet columns and the caches, as a long-running searcher has them.
  (void)searcher.stories();
  for (const std::string& w : words)
    (void)searcher.search(w, plain);
  Timings word, collapse, story, similar, similar_estimated, stories, every_story;
  byline::SearchOptions estimated;
  estimated.exact_total = false;
  std::size_t groups_smaller = 0;
  bool collapsed_first = false;
  for (const std::string& w : words) {
    // Plain and collapsed take turns going first: the second finds what
    // the first read in the caches.
    collapsed_first = !collapsed_first;
    byline::SearchResults found;
    byline::SearchResults folded;
    if (collapsed_first)
      collapse.time([&] { folded = searcher.search(w, collapsed); });
    word.time([&] { found = searcher.search(w, plain); });
    if (!collapsed_first)
      collapse.time([&] { folded = searcher.search(w, collapsed); });
    groups_smaller += folded.collapsed_total < folded.total ? 1 : 0;
    if (found.hits.empty())
      continue;
    const byline::Hit& best = found.hits.front();
    if (!best.story.empty())
      story.time([&] { (void)searcher.search("story:" + best.story + " " + w, plain); });
    similar.time([&] { (void)searcher.similar({best.id}); });
    similar_estimated.time([&] { (void)searcher.similar({best.id}, estimated); });
    stories.time([&] { (void)searcher.stories(w); });
  }
  for (int i = 0; i < 20; ++i)
    every_story.time([&] { (void)searcher.stories(); });
  print_header("queries (ms per call)");
  print_row("word", word);
  print_row("word, collapsed", collapse);
  print_row("story:ID word", story);
  print_row("similar (best hit of word)", similar);
  print_row("  the same, total estimated", similar_estimated);
  print_row("stories word", stories);
  print_row("stories (every article)", every_story);
  std::printf("collapsing changed the count of %zu of %zu words\n", groups_smaller, words.size());
  std::printf("collapse adds %.1f%% to the word's p50 by CPU; a story filter %+.1f%%\n",
              100 * (percentile(collapse.cpu_ms, 50) / percentile(word.cpu_ms, 50) - 1),
              100 * (percentile(story.cpu_ms, 50) / percentile(word.cpu_ms, 50) - 1));
}

// 4. The seeds' story among the Brown press articles of the same day.
void measure_seed_story(const Args& args) {
  const fs::path path = args.work / "brown-seeds";
  fs::remove_all(path);
  byline::IndexOptions options;
  options.mode = byline::OpenMode::create_or_open;
  auto index = byline::Index::open(path, options);
  std::size_t brown = 0;
  {
    byline::Writer writer(index);
    (void)byline::ingest(writer, {args.seeds});
    byline::bench::read_articles(args.brown, 0, [&](byline::Article&& a) {
      if (a.source.starts_with("Press")) {
        a.date = "2014-09-15";
        writer.add(a);
        ++brown;
      }
      return true;
    });
    writer.commit();
  }
  byline::Searcher searcher(index);
  const auto seeds = searcher.search("source:\"Al Jazeera\" date:2014-09-15");
  if (seeds.hits.empty() || seeds.hits.front().story.empty()) {
    std::printf("\nseed story: not found\n");
    return;
  }
  byline::SearchOptions all;
  all.limit = 1000;
  const auto members = searcher.search("story:" + seeds.hits.front().story, all);
  std::size_t seed_members = 0;
  for (const auto& hit : members.hits)
    seed_members += hit.id.starts_with("brown-") ? 0 : 1;
  std::printf(
      "\nseed story among %zu Brown press articles of the same day: %zu seed articles "
      "of 5, %zu Brown articles joined it; %llu stories in all\n",
      brown, seed_members, members.hits.size() - seed_members,
      static_cast<unsigned long long>(searcher.stories().total));
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  try {
    measure_building(args);
    const fs::path path = measure_indexing(args);
    measure_queries(args, path);
    if (!args.brown.empty() && !args.seeds.empty())
      measure_seed_story(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "byline_stories_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
