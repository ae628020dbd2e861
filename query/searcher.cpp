#include <xapian.h>

#include <chrono>
#include <string>

#include "byline/error.hpp"
#include "byline/search.hpp"
#include "engine/document_codec.hpp"
#include "engine/index_access.hpp"
#include "engine/xapian_error.hpp"
#include "query/compiler.hpp"
#include "query/parser.hpp"

namespace byline {

namespace {

// A writer's commits can recycle the blocks a reader is using: Xapian then
// throws DatabaseModifiedError, and the cure is to reopen and run again.
constexpr int kMaxAttempts = 5;

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  Analyzer analyzer;

  explicit Impl(const Index& index)
      : path(index.path().string()),
        db(detail::IndexAccess::database(index)),
        analyzer(index.analyzer_settings()) {}

  SearchResults run(const Xapian::Query& query, const SearchOptions& options) {
    SearchResults results;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                               static_cast<Xapian::doccount>(options.limit));
    results.total = mset.get_matches_estimated();
    results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    std::size_t rank = options.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Article article = detail::decode_article(it.get_document().get_data());
      results.hits.push_back(Hit{++rank, std::move(article.id), std::move(article.title),
                                 std::move(article.source), std::move(article.date),
                                 std::move(article.url), it.get_weight()});
    }
    return results;
  }
};

Searcher::Searcher(const Index& index) : impl_(std::make_unique<Impl>(index)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query_text, const SearchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const auto top = options.default_operator == DefaultOperator::all
                       ? detail::QueryNode::Type::all_of
                       : detail::QueryNode::Type::any_of;
  const Xapian::Query query =
      detail::compile_query(detail::parse_query(query_text, top), impl_->analyzer);
  const std::string context = "searching index " + impl_->path;
  SearchResults results;
  for (int attempt = 1;; ++attempt) {
    try {
      impl_->db.reopen();  // see the latest commit
      results = impl_->run(query, options);
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kMaxAttempts)
        throw detail::translate(e, context);
    } catch (const Xapian::Error& e) {
      throw detail::translate(e, context);
    }
  }
  results.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  return results;
}

}  // namespace byline
