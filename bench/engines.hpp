// The engines the benchmark compares: byline, and its peers on the same
// articles: plain Xapian in two layouts (TermGenerator and QueryParser,
// the floor byline builds on: `xapian` with their default stemming, whose
// phrases match exact forms, and `xapian-stem` with positions on stems,
// whose phrases match inflections as byline's do), SQLite FTS5 (Debian's
// libsqlite3, bm25() ordering) and, when built with it, Lucene (Debian's
// liblucene8-java, in a Java process of its own).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace byline::bench {

struct BuildOptions {
  // Articles per commit. byline: the Writer's batch, one Xapian transaction
  // (Xapian never flushes inside one, so this is also its flush threshold).
  // FTS5: one SQLite transaction. Plain Xapian: unused (it commits once at
  // the end and flushes by its own threshold, see below).
  std::size_t batch_size = 1000;
  // byline: English stemming, or the "none" stemmer. FTS5: the porter
  // tokenizer or not. Plain Xapian: TermGenerator's English stemmer or none.
  // Lucene: EnglishAnalyzer or StandardAnalyzer.
  bool stemming = true;
  // Plain Xapian: XAPIAN_FLUSH_THRESHOLD; 0 leaves Xapian's default
  // (10,000). 2,000 indexed fastest (XAPIAN-NOTES.md; the --tune sweep
  // shows it again), so the peer gets it.
  std::size_t flush_threshold = 2000;
  // byline: IngestOptions::threads (1: all on one thread; 2: two shards
  // built side by side, or with shards off, reading and analysis on a second
  // thread; 0: byline's default). The peers index on one thread.
  unsigned threads = 0;
  // byline: IngestOptions::shards.
  bool shards = true;
  // byline: IngestOptions::segment_size; unset, byline's default.
  std::optional<std::size_t> segment_size;
  // Plain Xapian: positional terms, or TermGenerator's
  // index_text_without_positions (phrases then match as AND). byline has no
  // such switch: phrases, NEAR, body: and its snippets need positions.
  bool positions = true;
  // Plain Xapian: TermGenerator::FLAG_SPELLING, the spelling table that
  // QueryParser's corrections read. byline keeps none: its "did you mean"
  // walks the index's own words.
  bool spelling = false;
};

// Articles dated from `from` to `to`, both included, as "YYYY-MM-DD";
// empty: no date filter.
struct DateRange {
  std::string from, to;
  [[nodiscard]] bool empty() const { return from.empty() && to.empty(); }
};

// What a query asks for besides its top hits.
enum class Extra {
  none,
  // Exact counts per source and per month over all matching articles.
  facets,
  // A highlighted fragment of the body (about 200 characters) per hit.
  snippets,
};

struct Request {
  // Bare words combine with OR (byline's DefaultOperator::any); the peers'
  // templates spell their operators out.
  bool any = false;
  std::size_t limit = 10;
  Extra extra = Extra::none;
  // byline: SearchOptions::exact_total. Off in the timed runs of the peer
  // tables, so that byline answers what the peers do (plain Xapian: an
  // estimate unless facets are asked for; FTS5 and Lucene: no total); the
  // Totals table (Total/<class>/exact and /estimate) measures what counting
  // every match costs, byline's default. Session::count() counts exactly
  // whatever this says.
  bool exact_total = false;
  // The peers: a date filter beside the query, as their APIs take one
  // (plain Xapian: a value range; FTS5: a condition in SQL; Lucene: a point
  // range). byline ignores it: its query language says it (`date:A..B`).
  DateRange dates;
};

// How many articles the last query matched, as the engine reported it.
struct Total {
  std::uint64_t count = 0;
  bool exact = false;
};

// How long a query took, in milliseconds.
struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;  // of the thread that ran it
};

// A query handle on one built index. Not thread-safe.
class Session {
 public:
  virtual ~Session() = default;
  // Runs the query and fetches the stored fields (id, title, source, date)
  // of the top `limit` hits, and what `request.extra` asks for; returns how
  // many hits it fetched.
  virtual std::size_t run(const std::string& query, const Request& request) = 0;
  // An engine that runs queries in another process times them there: the
  // last run()'s time, which the benchmark then takes instead of its own
  // (that would count the pipe, and no CPU time of the engine's).
  [[nodiscard]] virtual std::optional<Timing> last_timing() const { return std::nullopt; }
  // The last run()'s total, for an engine that reports one.
  [[nodiscard]] virtual std::optional<Total> last_total() const { return std::nullopt; }
  // How many articles the query matches, counted exactly (byline:
  // SearchOptions::exact_total; plain Xapian: get_mset with checkatleast
  // the document count; FTS5: COUNT(*); Lucene: IndexSearcher::count).
  // Used in a pass of its own, apart from the timed runs, so that the
  // engines' totals can be compared query by query.
  [[nodiscard]] virtual std::uint64_t count(const std::string& query, const Request& request) = 0;
  // Passes over a class's queries before they are timed: each query once,
  // unless a JIT compiler needs more to settle.
  [[nodiscard]] virtual int warm_up_passes() const { return 1; }
};

class Engine {
 public:
  virtual ~Engine() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  // Indexes every article of the JSON Lines file into a new index at `dir`
  // (which must not exist); returns the number of articles indexed.
  virtual std::size_t build(const std::string& corpus, const std::filesystem::path& dir,
                            const BuildOptions& options) = 0;
  // Writes a compacted copy of the index at `dir` to `out` (FTS5: a copy
  // after 'optimize' and VACUUM).
  virtual void compact(const std::filesystem::path& dir, const std::filesystem::path& out) = 0;
  [[nodiscard]] virtual std::unique_ptr<Session> open(const std::filesystem::path& dir) = 0;
};

[[nodiscard]] std::unique_ptr<Engine> make_byline_engine();
// byline over 4 shards (engine_byline_shards.cpp): on this machine, and
// each served by xapian-tcpsrv on loopback.
[[nodiscard]] std::unique_ptr<Engine> make_byline_shards_engine();
[[nodiscard]] std::unique_ptr<Engine> make_byline_remote_engine();
// Plain Xapian with the TermGenerator's and QueryParser's default stemming
// (STEM_SOME: positions on the words as written, stems without): its
// phrases and NEAR match exact forms.
[[nodiscard]] std::unique_ptr<Engine> make_xapian_engine();
// Plain Xapian with positions on stems (STEM_ALL at both ends): its phrases
// and NEAR match inflections, as byline's do; it keeps no exact forms.
[[nodiscard]] std::unique_ptr<Engine> make_xapian_stem_engine();
[[nodiscard]] std::unique_ptr<Engine> make_fts5_engine();
// Throws std::runtime_error when byline_bench was built without Lucene.
[[nodiscard]] std::unique_ptr<Engine> make_lucene_engine();
// Whether byline_bench was built with the Lucene peer.
[[nodiscard]] bool lucene_available();

}  // namespace byline::bench
