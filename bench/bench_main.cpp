// byline_bench: indexing and query latency of byline and its peers on the
// same articles, in one run, ending with the peer table.
//
//   byline_bench --corpus=FILE.jsonl [--work=DIR] [--queries=N] [--seed=N]
//                [--engines=byline,xapian,xapian-stem,fts5,lucene] [--tune]
//                (also byline-shards and byline-remote: byline over 4 shards,
//                local, and served by xapian-tcpsrv on loopback)
//                [--benchmark_...]
//
// Indexing (Index/<engine>): each engine indexes the whole corpus into a
// fresh index, in a child process of its own; articles/s (wall clock) and
// CPU time per article (every thread of the child, and the Lucene peer's
// JVM), MB/s of JSON Lines input, peak memory, size on disk before and
// after compaction.
// Queries (Query/<class>/<engine>): --queries distinct queries per class
// sampled from the corpus (query_sampler.hpp), each run once to warm up
// (Lucene's JVM: five times), then once timed; p50 and p99 per class, 10
// hits fetched with their stored fields, one thread. Queries run on the
// compacted indexes. Lucene, when built in, runs in a Java process of its
// own and times its queries there. After the timed runs, each engine counts
// every query's matches exactly (Session::count), untimed: the totals table
// says, class by class, on how many queries each peer's total equals
// byline's, and why it differs where it does.
// Totals (Total/<class>/exact, Total/<class>/estimate): byline alone, the
// same queries with SearchOptions::exact_total on (its default: every match
// counted) and off (Xapian's estimate, the matcher stopping once the page
// of hits is certain); what exact counting costs, and how far off the
// estimates were.
// Tuning (--tune; Tune/...): byline's batch size, threads, shards, databases
// per shard and stemming, plain Xapian's flush threshold, positions,
// spelling table and stemming; throughput, size and a quick query p50 for
// each.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/engines.hpp"
#include "bench/measure.hpp"
#include "bench/query_classes.hpp"
#include "bench/query_sampler.hpp"

namespace fs = std::filesystem;
using namespace byline::bench;

namespace {

std::vector<std::string> default_engines() {
  std::vector<std::string> engines{"byline", "xapian", "xapian-stem", "fts5"};
  if (lucene_available())
    engines.emplace_back("lucene");
  return engines;
}

struct Settings {
  std::string corpus;
  fs::path work;
  std::size_t queries = 300;
  std::uint64_t seed = 1;
  std::vector<std::string> engines = default_engines();
  bool tune = false;
};

Settings settings;

std::unique_ptr<Engine> make_engine(const std::string& name) {
  if (name == "byline")
    return make_byline_engine();
  if (name == "byline-shards")
    return make_byline_shards_engine();
  if (name == "byline-remote")
    return make_byline_remote_engine();
  if (name == "xapian")
    return make_xapian_engine();
  if (name == "xapian-stem")
    return make_xapian_stem_engine();
  if (name == "fts5")
    return make_fts5_engine();
  if (name == "lucene")
    return make_lucene_engine();
  throw std::runtime_error("unknown engine " + name);
}

struct BuildRow {
  std::string label;
  double articles = 0, seconds = 0, cpu_seconds = 0, peak = 0, size = 0, compacted = 0,
         compact_seconds = 0;
  double query_p50 = -1, query_p99 = -1;
};
struct LatencyRow {
  double p50 = 0, p99 = 0;          // wall time, ms
  double cpu_p50 = 0, cpu_p99 = 0;  // CPU time of the querying thread, ms
};
std::vector<BuildRow> build_rows;
std::vector<BuildRow> tune_rows;
std::map<std::string, std::map<std::string, LatencyRow>> latency;  // class -> engine -> row

struct TotalRow {
  LatencyRow exact, estimate;
  // Of the estimated totals: how many were not exact, and how far off they
  // were, |estimate - exact| / exact in percent (p50 and largest), over the
  // queries of the class that match something.
  std::size_t queries = 0;
  std::size_t inexact = 0;
  double error_p50 = 0, error_max = 0;
};
std::map<std::string, TotalRow> totals;               // by class
std::map<std::string, std::uint64_t> exact_total_of;  // by byline query, from Total/.../exact

// Each engine's exact totals of a class's queries, in sample order, from
// the counting pass after its timed run; and the samples, to name a query.
std::map<std::string, std::map<std::string, std::vector<std::uint64_t>>> match_counts;
std::map<std::string, std::vector<Sample>> class_samples;

// The peers, in the tables' order.
// byline-shards and byline-remote: byline itself over 4 shards, local and
// served (the "byline/byline-remote" ratio is local over remote).
const std::vector<std::string> kPeers = {"xapian", "xapian-stem",   "fts5",
                                         "lucene", "byline-shards", "byline-remote"};

constexpr double kMB = 1024.0 * 1024.0;

// The index queries run on: built and compacted once, marked complete.
fs::path query_index(const std::string& engine) {
  return settings.work / (engine + ".compact");
}

// Builds a fresh index of the corpus with `engine` (and a compacted copy when
// `compacted` is set) in a child process. Values: articles, seconds, CPU
// seconds, bytes, compacted bytes, compaction seconds, query p50 and p99
// (ms; negative when not measured), peak RSS.
std::vector<double> build_in_child(Engine& engine, const BuildOptions& options, const fs::path& dir,
                                   const fs::path& compacted,
                                   const std::vector<std::string>& quick_queries) {
  fs::remove_all(dir);
  if (!compacted.empty())
    fs::remove_all(compacted);
  return run_in_child([&] {
    const auto started = steady_now_ns();
    const auto cpu_started = process_cpu_ns();
    const auto articles = static_cast<double>(engine.build(settings.corpus, dir, options));
    const double seconds = seconds_since(started);
    const double cpu_seconds = static_cast<double>(process_cpu_ns() - cpu_started) / 1e9;
    const auto size = static_cast<double>(size_on_disk(dir));
    double compacted_size = 0, compact_seconds = 0;
    if (!compacted.empty()) {
      const auto compact_started = steady_now_ns();
      engine.compact(dir, compacted);
      compact_seconds = seconds_since(compact_started);
      compacted_size = static_cast<double>(size_on_disk(compacted));
      std::ofstream(compacted / ".complete") << settings.corpus << "\n";
    }
    double p50 = -1, p99 = -1;
    if (!quick_queries.empty()) {
      auto session = engine.open(dir);
      std::vector<double> times;
      for (int pass = 0; pass < 2; ++pass) {
        for (const std::string& q : quick_queries) {
          const auto t = steady_now_ns();
          benchmark::DoNotOptimize(session->run(q, Request{}));
          if (pass == 1)
            times.push_back(seconds_since(t) * 1e3);
        }
      }
      p50 = percentile(times, 50);
      p99 = percentile(times, 99);
    }
    return std::vector<double>{articles,       seconds,         cpu_seconds, size,
                               compacted_size, compact_seconds, p50,         p99};
  });
}

void report_build(benchmark::State& state, const std::vector<double>& v, BuildRow& row) {
  const double input = static_cast<double>(size_on_disk(settings.corpus));
  row.articles = v[0];
  row.seconds = v[1];
  row.cpu_seconds = v[2];
  row.size = v[3];
  row.compacted = v[4];
  row.compact_seconds = v[5];
  row.query_p50 = v[6];
  row.query_p99 = v[7];
  row.peak = v[8];
  state.counters["articles_per_s"] = row.articles / row.seconds;
  state.counters["cpu_ms_per_article"] = row.cpu_seconds * 1e3 / row.articles;
  state.counters["MB_per_s"] = input / kMB / row.seconds;
  state.counters["peak_MB"] = row.peak / kMB;
  state.counters["size_MB"] = row.size / kMB;
  if (row.compacted > 0) {
    state.counters["compacted_MB"] = row.compacted / kMB;
    state.counters["compact_s"] = row.compact_seconds;
  }
  if (row.query_p50 >= 0) {
    state.counters["query_p50_ms"] = row.query_p50;
    state.counters["query_p99_ms"] = row.query_p99;
  }
}

void index_benchmark(benchmark::State& state, const std::string& engine_name) {
  try {
    auto engine = make_engine(engine_name);
    for (auto _ : state) {
      const auto v =
          build_in_child(*engine, BuildOptions{}, settings.work / (engine_name + ".build"),
                         query_index(engine_name), {});
      state.SetIterationTime(v[1]);
      BuildRow row;
      row.label = engine_name;
      report_build(state, v, row);
      build_rows.push_back(row);
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void tune_benchmark(benchmark::State& state, const std::string& engine_name,
                    const BuildOptions& options, const std::string& label,
                    const std::vector<std::string>& quick_queries) {
  try {
    auto engine = make_engine(engine_name);
    const fs::path dir = settings.work / "tune";
    for (auto _ : state) {
      const auto v = build_in_child(*engine, options, dir, {}, quick_queries);
      state.SetIterationTime(v[1]);
      BuildRow row;
      row.label = label;
      report_build(state, v, row);
      tune_rows.push_back(row);
    }
    fs::remove_all(dir);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

// The sessions on the engines' compacted indexes, one per engine for every
// class (the Lucene peer: one server process), closed after the runs.
std::map<std::string, std::unique_ptr<Session>> sessions;

// The engine's session, on its compacted index (built first if need be).
Session& query_session(const std::string& engine_name) {
  std::unique_ptr<Session>& session = sessions[engine_name];
  if (session)
    return *session;
  auto engine = make_engine(engine_name);
  const fs::path dir = query_index(engine_name);
  if (!fs::exists(dir / ".complete"))
    build_in_child(*engine, BuildOptions{}, settings.work / (engine_name + ".build"), dir, {});
  session = engine->open(dir);
  return *session;
}

// Runs the queries through `session`, warm-up passes first, then one query
// per benchmark iteration, timed (wall and CPU); `after` is called after
// each timed run with its query. Sets the latency counters.
LatencyRow time_queries(benchmark::State& state, Session& session, const Request& request,
                        const std::vector<std::string>& queries,
                        const std::function<void(const std::string&)>& after = {}) {
  for (int pass = 0; pass < session.warm_up_passes(); ++pass) {
    for (const std::string& q : queries)
      benchmark::DoNotOptimize(session.run(q, request));
  }
  std::vector<double> times, cpu_times;
  std::size_t next = 0;
  double hits = 0;
  for (auto _ : state) {
    const std::string& q = queries[next++ % queries.size()];
    const auto cpu = thread_cpu_ns();
    const auto t = steady_now_ns();
    const std::size_t n = session.run(q, request);
    double seconds = seconds_since(t);
    double cpu_ms = static_cast<double>(thread_cpu_ns() - cpu) / 1e6;
    if (const auto own = session.last_timing()) {
      seconds = own->wall_ms / 1e3;
      cpu_ms = own->cpu_ms;
    }
    cpu_times.push_back(cpu_ms);
    state.SetIterationTime(seconds);
    times.push_back(seconds * 1e3);
    hits += static_cast<double>(n);
    if (after)
      after(q);
  }
  LatencyRow row{percentile(times, 50), percentile(times, 99), percentile(cpu_times, 50),
                 percentile(cpu_times, 99)};
  state.counters["p50_ms"] = row.p50;
  state.counters["p99_ms"] = row.p99;
  state.counters["cpu_p50_ms"] = row.cpu_p50;
  state.counters["cpu_p99_ms"] = row.cpu_p99;
  state.counters["hits"] = hits / static_cast<double>(times.size());
  return row;
}

void query_benchmark(benchmark::State& state, const QueryClass& query_class,
                     const std::string& engine_name, std::vector<std::string> queries) {
  try {
    Session& session = query_session(engine_name);
    Request request;
    request.any = query_class.byline_any;
    request.extra = query_class.extra;
    request.dates = query_class.dates;
    latency[query_class.name][engine_name] = time_queries(state, session, request, queries);
    // The totals, in a pass of their own: counting does not change the
    // times above.
    std::vector<std::uint64_t>& counts = match_counts[query_class.name][engine_name];
    counts.clear();
    for (const std::string& q : queries)
      counts.push_back(session.count(q, request));
  } catch (const std::exception& e) {
    sessions.erase(engine_name);  // the next class starts afresh
    state.SkipWithError(e.what());
  }
}

// byline's queries of one class, counted exactly or estimated. The exact
// run, registered first, records each query's total for the estimated run
// to compare with.
void total_benchmark(benchmark::State& state, const QueryClass& query_class, bool exact,
                     std::vector<std::string> queries) {
  try {
    Session& session = query_session("byline");
    Request request;
    request.any = query_class.byline_any;
    request.extra = query_class.extra;
    request.exact_total = exact;
    TotalRow& row = totals[query_class.name];
    std::vector<double> errors;
    std::size_t inexact = 0;
    const auto compare = [&](const std::string& q) {
      const auto total = session.last_total();
      if (!total)
        return;
      if (exact) {
        exact_total_of[q] = total->count;
        return;
      }
      if (!total->exact)
        ++inexact;
      const auto known = exact_total_of.find(q);
      if (known != exact_total_of.end() && known->second > 0) {
        const auto truth = static_cast<double>(known->second);
        errors.push_back(std::abs(static_cast<double>(total->count) - truth) / truth * 100);
      }
    };
    const LatencyRow timed = time_queries(state, session, request, queries, compare);
    if (exact) {
      row.exact = timed;
      return;
    }
    row.estimate = timed;
    row.queries = static_cast<std::size_t>(state.iterations());
    row.inexact = inexact;
    row.error_p50 = percentile(errors, 50);
    row.error_max = errors.empty() ? 0 : *std::max_element(errors.begin(), errors.end());
    state.counters["inexact"] = static_cast<double>(inexact);
    state.counters["error_p50_pct"] = row.error_p50;
  } catch (const std::exception& e) {
    sessions.erase("byline");
    state.SkipWithError(e.what());
  }
}

void register_benchmarks(const Vocabulary& vocabulary) {
  for (const std::string& engine : settings.engines) {
    benchmark::RegisterBenchmark(("Index/" + engine).c_str(), index_benchmark, engine)
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kSecond);
  }
  for (const QueryClass& c : query_classes()) {
    const auto samples = sample_queries(vocabulary, c.sample, settings.queries, settings.seed);
    if (samples.empty())
      continue;
    class_samples[c.name] = samples;
    for (const std::string& engine : settings.engines) {
      if (c.template_for(engine).empty())
        continue;
      std::vector<std::string> queries;
      for (const Sample& s : samples)
        queries.push_back(render(c.template_for(engine), s));
      benchmark::RegisterBenchmark(("Query/" + c.name + "/" + engine).c_str(), query_benchmark, c,
                                   engine, queries)
          ->Iterations(static_cast<benchmark::IterationCount>(queries.size()))
          ->UseManualTime()
          ->Unit(benchmark::kMicrosecond);
    }
  }
  if (std::find(settings.engines.begin(), settings.engines.end(), "byline") !=
      settings.engines.end()) {
    // Facet counts count every match whatever exact_total says: not here.
    for (const QueryClass& c : query_classes()) {
      if (c.extra == Extra::facets)
        continue;
      std::vector<std::string> queries;
      for (const Sample& s : sample_queries(vocabulary, c.sample, settings.queries, settings.seed))
        queries.push_back(render(c.template_for("byline"), s));
      if (queries.empty())
        continue;
      for (const bool exact : {true, false}) {
        benchmark::RegisterBenchmark(
            ("Total/" + c.name + "/" + (exact ? "exact" : "estimate")).c_str(), total_benchmark, c,
            exact, queries)
            ->Iterations(static_cast<benchmark::IterationCount>(queries.size()))
            ->UseManualTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
  if (!settings.tune)
    return;
  // A quick latency check per setting: single words and phrases.
  const auto quick = [&](const std::string& engine) {
    std::vector<std::string> queries;
    for (const QueryClass& c : query_classes()) {
      if (c.name != "term" && c.name != "phrase")
        continue;
      for (const Sample& s : sample_queries(vocabulary, c.sample, 100, settings.seed))
        queries.push_back(render(c.template_for(engine), s));
    }
    return queries;
  };
  const auto tune = [&](const std::string& engine, const BuildOptions& options,
                        const std::string& label) {
    benchmark::RegisterBenchmark(("Tune/" + label).c_str(), tune_benchmark, engine, options, label,
                                 quick(engine))
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kSecond);
  };
  for (const std::size_t batch : {250, 1000, 5000}) {
    BuildOptions o;
    o.batch_size = batch;
    tune("byline", o, "byline/batch:" + std::to_string(batch));
  }
  // One setting away from the defaults.
  const auto tune_one = [&](const std::string& engine, const std::string& label,
                            void (*change)(BuildOptions&)) {
    BuildOptions o;
    change(o);
    tune(engine, o, label);
  };
  tune_one("byline", "byline/batch:1000/threads:1", [](BuildOptions& o) { o.threads = 1; });
  tune_one("byline", "byline/batch:1000/shards:off", [](BuildOptions& o) { o.shards = false; });
  tune_one("byline", "byline/batch:1000/stemming:off", [](BuildOptions& o) { o.stemming = false; });
  // Databases per shard: a new one every N articles, or one (0).
  for (const std::size_t segment : {0, 2500}) {
    BuildOptions o;
    o.segment_size = segment;
    tune("byline", o, "byline/batch:1000/segment:" + std::to_string(segment));
  }
  // Xapian's own default (10,000) and more, against the peers' 2,000.
  for (const std::size_t threshold : {2000, 10000, 50000}) {
    BuildOptions o;
    o.flush_threshold = threshold;
    tune("xapian", o, "xapian/flush:" + std::to_string(threshold));
  }
  // What the switches byline does not have cost plain Xapian.
  tune_one("xapian", "xapian/flush:2000/positions:off",
           [](BuildOptions& o) { o.positions = false; });
  tune_one("xapian", "xapian/flush:2000/spelling:on", [](BuildOptions& o) { o.spelling = true; });
  tune_one("xapian", "xapian/flush:2000/stemming:off", [](BuildOptions& o) { o.stemming = false; });
}

// Class by class: on how many queries each peer's exact total equals
// byline's, and where it does not, why (the class table's reason and the
// peer's general ones) with the first such query.
void print_totals_agreement() {
  if (match_counts.empty())
    return;
  std::printf(
      "\n== Totals: every query's matches counted exactly by each engine, in a pass apart from the "
      "timed runs\n");
  const auto thousands = [](std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i != 0 && (digits.size() - i) % 3 == 0)
        out += ',';
      out += digits[i];
    }
    return out;
  };
  for (const QueryClass& c : query_classes()) {
    const auto by_engine = match_counts.find(c.name);
    if (by_engine == match_counts.end())
      continue;
    const auto mine = by_engine->second.find("byline");
    if (mine == by_engine->second.end()) {
      std::printf("%-22s totals: byline not counted\n", c.name.c_str());
      continue;
    }
    const std::vector<std::uint64_t>& expected = mine->second;
    std::string summary, details;
    for (const std::string& engine : kPeers) {
      const auto counted = by_engine->second.find(engine);
      if (counted == by_engine->second.end())
        continue;
      const std::vector<std::uint64_t>& counts = counted->second;
      std::size_t same = 0, first_different = counts.size();
      std::uint64_t sum = 0, byline_sum = 0;
      for (std::size_t i = 0; i < counts.size() && i < expected.size(); ++i) {
        sum += counts[i];
        byline_sum += expected[i];
        if (counts[i] == expected[i]) {
          ++same;
        } else if (first_different == counts.size()) {
          first_different = i;
        }
      }
      const std::size_t n = std::min(counts.size(), expected.size());
      if (!summary.empty())
        summary += "; ";
      if (same == n) {
        summary += "byline=" + engine + " on " + std::to_string(same) + "/" + std::to_string(n);
        continue;
      }
      std::string why = c.differs.count(engine) ? c.differs.find(engine)->second : "";
      if (const std::string general = known_differences(engine); !general.empty())
        why += (why.empty() ? "" : "; ") + general;
      if (why.empty())
        why = "UNEXPLAINED";
      summary += engine + " differs on " + std::to_string(n - same) + "/" + std::to_string(n) +
                 " (" + why + ")";
      const auto& samples = class_samples[c.name];
      details += "  " + engine + ": " + thousands(sum) + " matches in all, byline " +
                 thousands(byline_sum);
      if (first_different < samples.size()) {
        details += "; e.g. for " + render(c.template_for("byline"), samples[first_different]) +
                   ": byline " + thousands(expected[first_different]) + ", " + engine + " " +
                   thousands(counts[first_different]);
      }
      details += "\n";
    }
    if (summary.empty())
      summary = "byline alone";
    std::printf("%-22s totals: %s\n%s", c.name.c_str(), summary.c_str(), details.c_str());
  }
  for (const std::string& line : known_differences_legend())
    std::printf("%s\n", line.c_str());
}

void print_tables() {
  std::printf("\n== Indexing: %s\n", settings.corpus.c_str());
  std::printf("%-34s %10s %8s %9s %10s %9s %9s %12s %10s %10s\n", "engine", "articles", "art/s",
              "CPU s", "CPU ms/art", "MB/s", "peak MB", "size MB", "compact MB", "p50/p99 ms");
  const double input = static_cast<double>(size_on_disk(settings.corpus)) / kMB;
  const auto row = [&](const BuildRow& r) {
    char latency_cell[32] = "-";
    if (r.query_p50 >= 0)
      std::snprintf(latency_cell, sizeof latency_cell, "%.2f/%.2f", r.query_p50, r.query_p99);
    std::printf("%-34s %10.0f %8.0f %9.1f %10.3f %9.2f %9.0f %12.1f %10.1f %10s\n", r.label.c_str(),
                r.articles, r.articles / r.seconds, r.cpu_seconds, r.cpu_seconds * 1e3 / r.articles,
                input / r.seconds, r.peak / kMB, r.size / kMB, r.compacted / kMB, latency_cell);
  };
  for (const BuildRow& r : build_rows)
    row(r);
  std::printf(
      "art/s: wall clock; CPU: every thread of the indexing process (byline: two) and the Lucene "
      "peer's JVM\n");
  if (!tune_rows.empty()) {
    std::printf("\n== Tuning (quick query p50/p99 on the uncompacted index: words and phrases)\n");
    for (const BuildRow& r : tune_rows)
      row(r);
  }

  // A peer's columns only when it ran.
  std::vector<std::string> peers;
  for (const std::string& peer : kPeers) {
    if (std::any_of(latency.begin(), latency.end(),
                    [&](const auto& by_class) { return by_class.second.count(peer) > 0; }))
      peers.emplace_back(peer);
  }
  const auto latency_table = [&](const char* title, bool cpu) {
    std::printf("\n== %s\n", title);
    std::printf("%-22s %17s", "class", "byline");
    for (const std::string& peer : peers)
      std::printf(" %17s", peer.c_str());
    for (const std::string& peer : peers)
      std::printf(" %13s", ("byline/" + peer).c_str());
    std::printf("\n");
    const auto p50 = [cpu](const LatencyRow& r) { return cpu ? r.cpu_p50 : r.p50; };
    const auto p99 = [cpu](const LatencyRow& r) { return cpu ? r.cpu_p99 : r.p99; };
    const auto cell = [&](const std::map<std::string, LatencyRow>& m, const std::string& e) {
      char buf[32] = "-";
      if (const auto it = m.find(e); it != m.end())
        std::snprintf(buf, sizeof buf, "%.3f / %.3f", p50(it->second), p99(it->second));
      return std::string(buf);
    };
    const auto ratio = [&](const std::map<std::string, LatencyRow>& m, const std::string& e) {
      char buf[32] = "-";
      const auto b = m.find("byline"), p = m.find(e);
      if (b != m.end() && p != m.end() && p50(p->second) > 0 && p99(p->second) > 0)
        std::snprintf(buf, sizeof buf, "%.2f / %.2f", p50(b->second) / p50(p->second),
                      p99(b->second) / p99(p->second));
      return std::string(buf);
    };
    for (const QueryClass& c : query_classes()) {
      const auto it = latency.find(c.name);
      if (it == latency.end())
        continue;
      std::printf("%-22s %17s", c.name.c_str(), cell(it->second, "byline").c_str());
      for (const std::string& peer : peers)
        std::printf(" %17s", cell(it->second, peer).c_str());
      for (const std::string& peer : peers)
        std::printf(" %13s", ratio(it->second, peer).c_str());
      std::printf("\n");
    }
  };
  latency_table("Query CPU time, ms (p50 / p99), one thread: what the engine costs", true);
  latency_table(
      "Query latency, ms (p50 / p99), wall clock: what a user waits on this (shared) machine",
      false);
  std::printf(
      "10 hits fetched with their stored fields; ratios are p50 / p99. xapian: positions on the "
      "words as written; xapian-stem: on stems.\n"
      "targets: p50 <= 1.1 x the Xapian peer with byline's totals and < fts5; p99 <= 0.1 x fts5\n");
  print_totals_agreement();

  if (totals.empty())
    return;
  std::printf(
      "\n== Totals, byline: exact (every match counted, the default) against Xapian's estimate "
      "(exact_total = false), ms (p50 / p99)\n");
  std::printf("%-22s %17s %17s %17s %17s %9s %15s\n", "class", "exact CPU", "estimate CPU",
              "exact wall", "estimate wall", "inexact", "error p50/max %");
  const auto pair = [](double a, double b) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.3f / %.3f", a, b);
    return std::string(buf);
  };
  for (const QueryClass& c : query_classes()) {
    const auto it = totals.find(c.name);
    if (it == totals.end())
      continue;
    const TotalRow& r = it->second;
    char inexact[32], error[40];
    std::snprintf(inexact, sizeof inexact, "%zu/%zu", r.inexact, r.queries);
    std::snprintf(error, sizeof error, "%.1f / %.0f", r.error_p50, r.error_max);
    std::printf("%-22s %17s %17s %17s %17s %9s %15s\n", c.name.c_str(),
                pair(r.exact.cpu_p50, r.exact.cpu_p99).c_str(),
                pair(r.estimate.cpu_p50, r.estimate.cpu_p99).c_str(),
                pair(r.exact.p50, r.exact.p99).c_str(),
                pair(r.estimate.p50, r.estimate.p99).c_str(), inexact, error);
  }
  std::printf(
      "inexact: estimated totals that were not exact, of the queries run; error: how far the "
      "estimates were from the exact totals\n");
}

// Google Benchmark prints "***WARNING*** Library was built as DEBUG.
// Timings may be affected." when its own library was (Debian's
// libbenchmark is), with no switch to turn it off. It concerns the
// library's loop, not byline or its peers, which are built Release, and
// every time reported here is taken by the benchmark itself (manual time).
// While it lives, this filter on `stream` (std::cerr, where the warning
// goes) replaces that line with one saying so; other text passes through,
// a line at a time.
class DebugWarningFilter final : public std::streambuf {
 public:
  explicit DebugWarningFilter(std::ostream& stream) : stream_(stream), target_(stream.rdbuf()) {
    stream_.rdbuf(this);
  }
  ~DebugWarningFilter() override {
    write_line();
    stream_.rdbuf(target_);
  }
  DebugWarningFilter(const DebugWarningFilter&) = delete;
  DebugWarningFilter& operator=(const DebugWarningFilter&) = delete;

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof())
      return 0;
    line_ += static_cast<char>(c);
    if (c == '\n')
      write_line();
    return c;
  }
  std::streamsize xsputn(const char* text, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i)
      overflow(static_cast<unsigned char>(text[i]));
    return n;
  }
  // A partial line waits for its end.
  int sync() override { return target_->pubsync(); }

 private:
  void write_line() {
    if (line_.find("Library was built as DEBUG") != std::string::npos) {
      line_ =
          "(Google Benchmark's own library is a debug build, Debian's: that is its loop's code, "
          "not byline's or the peers', built Release; the times below are taken by the benchmark "
          "itself.)\n";
    }
    target_->sputn(line_.data(), static_cast<std::streamsize>(line_.size()));
    target_->pubsync();
    line_.clear();
  }

  std::ostream& stream_;
  std::streambuf* target_;
  std::string line_;
};

bool parse_flag(const std::string& arg) {
  const auto value = [&](const char* name) -> const char* {
    const std::string prefix = std::string("--") + name + "=";
    return arg.rfind(prefix, 0) == 0 ? arg.c_str() + prefix.size() : nullptr;
  };
  if (const char* v = value("corpus")) {
    settings.corpus = v;
  } else if (const char* v = value("work")) {
    settings.work = v;
  } else if (const char* v = value("queries")) {
    settings.queries = std::stoul(v);
  } else if (const char* v = value("seed")) {
    settings.seed = std::stoull(v);
  } else if (const char* v = value("engines")) {
    settings.engines.clear();
    std::stringstream list(v);
    for (std::string e; std::getline(list, e, ',');)
      settings.engines.push_back(e);
  } else if (arg == "--tune") {
    settings.tune = true;
  } else {
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (!parse_flag(argv[i])) {
      std::fprintf(stderr, "byline_bench: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (settings.corpus.empty()) {
    std::fprintf(stderr,
                 "usage: byline_bench --corpus=FILE.jsonl [--work=DIR] [--queries=N] [--seed=N]\n"
                 "                    [--engines=byline,xapian,xapian-stem,fts5,lucene] [--tune]\n"
                 "                    [--benchmark_...]\n");
    return 2;
  }
  try {
    for (const std::string& e : settings.engines)
      make_engine(e);
    if (settings.work.empty()) {
      const fs::path corpus(settings.corpus);
      settings.work = corpus.parent_path() / "work" / corpus.stem();
    }
    fs::create_directories(settings.work);
    const Vocabulary vocabulary = scan_corpus(settings.corpus, settings.seed);
    std::fprintf(stderr, "byline_bench: %zu articles, %zu words, %zu word pairs sampled\n",
                 vocabulary.articles, vocabulary.words.size(), vocabulary.pairs.size());
    register_benchmarks(vocabulary);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "byline_bench: error: %s\n", e.what());
    return 1;
  }
  {
    const DebugWarningFilter filter(std::cerr);
    benchmark::RunSpecifiedBenchmarks();
  }
  sessions.clear();
  benchmark::Shutdown();
  print_tables();
  return 0;
}
