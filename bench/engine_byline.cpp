// byline through its public API only: ingest() for indexing (what
// `byline index` runs), Searcher for queries.
#include <xapian.h>

#include <byline/byline.hpp>
#include <stdexcept>

#include "bench/engines.hpp"

namespace byline::bench {

namespace {

class BylineSession final : public Session {
 public:
  explicit BylineSession(const std::filesystem::path& dir)
      : index_(Index::open(dir)), searcher_(index_) {}

  std::size_t run(const std::string& query, const Request& request) override {
    SearchOptions options;
    options.limit = request.limit;
    options.default_operator = request.any ? DefaultOperator::any : DefaultOperator::all;
    options.exact_total = request.exact_total;
    if (request.extra == Extra::facets) {
      for (const FacetField field : {FacetField::source, FacetField::month}) {
        FacetRequest facet;
        facet.field = field;
        options.facets.push_back(facet);
      }
    } else if (request.extra == Extra::snippets) {
      options.snippets.count = 1;
    }
    const SearchResults results = searcher_.search(query, options);
    total_ = Total{results.total, results.total_exact};
    // Marked up as HTML, as the peers' snippets are.
    for (const Hit& hit : results.hits) {
      for (const Snippet& snippet : hit.snippets)
        marked_up_ = mark_up(snippet.text, snippet.highlights, Markup::html);
    }
    return results.hits.size();
  }

  [[nodiscard]] std::optional<Total> last_total() const override { return total_; }

  std::uint64_t count(const std::string& query, const Request& request) override {
    SearchOptions options;
    options.limit = 0;
    options.default_operator = request.any ? DefaultOperator::any : DefaultOperator::all;
    options.exact_total = true;
    options.suggest_below = 0;
    const SearchResults results = searcher_.search(query, options);
    if (!results.total_exact)
      throw std::runtime_error("byline: an inexact total for " + query);
    return results.total;
  }

 private:
  Index index_;
  Searcher searcher_;
  std::string marked_up_;
  Total total_;
};

class BylineEngine final : public Engine {
 public:
  std::string name() const override { return "byline"; }

  std::size_t build(const std::string& corpus, const std::filesystem::path& dir,
                    const BuildOptions& options) override {
    IndexOptions index_options;
    index_options.mode = OpenMode::create_or_open;
    if (!options.stemming)
      index_options.analyzer.language = "none";
    Index index = Index::open(dir, index_options);
    Writer writer(index);
    IngestOptions ingest_options;
    ingest_options.batch_size = options.batch_size;
    ingest_options.threads = options.threads;
    ingest_options.shards = options.shards;
    if (options.segment_size)
      ingest_options.segment_size = *options.segment_size;
    const IngestSummary summary = ingest(writer, {corpus}, ingest_options);
    if (summary.skipped != 0) {
      throw std::runtime_error("byline skipped " + std::to_string(summary.skipped) + " inputs of " +
                               corpus);
    }
    return summary.indexed + summary.replaced;
  }

  // byline has no compaction command; its index is a Xapian database,
  // compacted as xapian-compact would (one built from shards comes out
  // compacted already).
  void compact(const std::filesystem::path& dir, const std::filesystem::path& out) override {
    Xapian::Database(dir.string()).compact(out.string());
  }

  std::unique_ptr<Session> open(const std::filesystem::path& dir) override {
    return std::make_unique<BylineSession>(dir);
  }
};

}  // namespace

std::unique_ptr<Engine> make_byline_engine() {
  return std::make_unique<BylineEngine>();
}

}  // namespace byline::bench
