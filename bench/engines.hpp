// The engines the benchmark compares: byline, and its peers on the same
// articles: plain Xapian (TermGenerator and QueryParser with their
// defaults, the floor byline builds on), SQLite FTS5 (Debian's libsqlite3,
// bm25() ordering) and, when built with it, Lucene (Debian's
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
  // Plain Xapian: XAPIAN_FLUSH_THRESHOLD; 0 leaves Xapian's default (10,000).
  std::size_t flush_threshold = 0;
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
  // byline: SearchOptions::exact_total. Off in the peer tables, so that
  // byline answers what the peers do (plain Xapian: an estimate unless
  // facets are asked for; FTS5 and Lucene: no total); the Totals table
  // (Total/<class>/exact and /estimate) measures what counting every match
  // costs, byline's default.
  bool exact_total = false;
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
[[nodiscard]] std::unique_ptr<Engine> make_xapian_engine();
[[nodiscard]] std::unique_ptr<Engine> make_fts5_engine();
// Throws std::runtime_error when byline_bench was built without Lucene.
[[nodiscard]] std::unique_ptr<Engine> make_lucene_engine();
// Whether byline_bench was built with the Lucene peer.
[[nodiscard]] bool lucene_available();

}  // namespace byline::bench
