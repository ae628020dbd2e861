#include <xapian.h>

#include <chrono>
#include <string>

#include "byline/error.hpp"
#include "byline/search.hpp"
#include "engine/document_codec.hpp"
#include "engine/schema.hpp"
#include "engine/xapian_error.hpp"
#include "query/compiler.hpp"
#include "query/parser.hpp"
#include "query/vocabulary.hpp"

namespace byline {

namespace {

// A writer's commits can recycle the blocks a reader is using: Xapian then
// throws DatabaseModifiedError, and the cure is to reopen and run again.
constexpr int kMaxAttempts = 5;

detail::CompileOptions compile_options(const SearchOptions& options) {
  detail::CompileOptions out;
  out.aliases = options.aliases;
  out.max_wildcard_terms = options.max_wildcard_terms;
  return out;
}

detail::DefaultJoin join_of(const SearchOptions& options) {
  return options.default_operator == DefaultOperator::all ? detail::DefaultJoin::all
                                                          : detail::DefaultJoin::any;
}

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  Analyzer analyzer;

  // Its own Database, not a copy of the Index's: copies share Xapian's
  // internals, which must not be used from two threads at once.
  explicit Impl(const Index& index)
      : path(index.path().string()),
        db(detail::guard_xapian("opening index " + path + " for searching",
                                [&] { return Xapian::Database(path); })),
        analyzer(index.analyzer_settings()) {}

  detail::CompiledQuery compile(std::string_view text, const SearchOptions& options) {
    return detail::compile_query(detail::parse_query(text, join_of(options)), db, analyzer,
                                 compile_options(options));
  }

  SearchResults run(const Xapian::Query& query, const SearchOptions& options) {
    SearchResults results;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    if (options.sort != SortOrder::relevance) {
      enquire.set_sort_by_value_then_relevance(schema::slot::kDate,
                                               options.sort == SortOrder::newest);
    }
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                               static_cast<Xapian::doccount>(options.limit));
    results.total = mset.get_matches_estimated();
    results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    std::size_t rank = options.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Article article = detail::decode_fields(it.get_document().get_data());
      results.hits.push_back(Hit{++rank, std::move(article.id), std::move(article.title),
                                 std::move(article.source), std::move(article.date),
                                 std::move(article.url), it.get_weight()});
    }
    return results;
  }

  Xapian::doccount count(const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
  }

  // The query with each word the index does not know replaced by the
  // closest, most used word it does know; empty when that finds no more.
  std::string suggest(std::string_view text, const detail::CompiledQuery& compiled,
                      const SearchOptions& options, std::uint64_t total) {
    std::string corrected(text);
    bool changed = false;
    // Right to left, so that earlier positions stay valid.
    for (auto w = compiled.words.rbegin(); w != compiled.words.rend(); ++w) {
      if (db.term_exists(std::string(schema::prefix::kExact) + w->term))
        continue;
      const auto close = detail::fuzzy_matches(db, w->term, detail::limits::kMaxFuzzyDistance, 1);
      if (close.empty())
        continue;
      const std::string_view span = text.substr(w->position, w->length);
      // The word as typed inside its node ("+Kery" -> "Kery").
      std::size_t at = span.size();
      for (std::size_t k = 0; k < span.size(); ++k) {
        const char c = span[k];
        if (c != '+' && c != '-' && c != '=') {
          at = k;
          break;
        }
      }
      if (const auto colon = span.find(':'); colon != std::string_view::npos)
        at = colon + 1;
      const std::size_t end = span.find_first_of("*~", at);
      const std::size_t length = (end == std::string_view::npos ? span.size() : end) - at;
      corrected.replace(w->position + at, length, close.front().term);
      changed = true;
    }
    if (!changed)
      return {};
    const detail::CompiledQuery better = compile(corrected, options);
    return count(better.query) > total ? corrected : std::string();
  }
};

Searcher::Searcher(const Index& index) : impl_(std::make_unique<Impl>(index)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query_text, const SearchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::string context = "searching index " + impl_->path;
  SearchResults results;
  for (int attempt = 1;; ++attempt) {
    try {
      impl_->db.reopen();  // see the latest commit
      const detail::CompiledQuery compiled = impl_->compile(query_text, options);
      results = impl_->run(compiled.query, options);
      if (results.total < options.suggest_below) {
        results.suggestion = impl_->suggest(query_text, compiled, options, results.total);
      }
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

std::optional<Article> Searcher::article(std::string_view id) {
  const std::string term = std::string(schema::prefix::kId) + std::string(id);
  return detail::guard_xapian(
      "reading article " + std::string(id) + " from index " + impl_->path,
      [&]() -> std::optional<Article> {
        for (int attempt = 1;; ++attempt) {
          try {
            impl_->db.reopen();
            auto it = impl_->db.postlist_begin(term);
            if (it == impl_->db.postlist_end(term))
              return std::nullopt;
            return detail::decode_article(impl_->db.get_document(*it).get_data());
          } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == kMaxAttempts)
              throw;
          }
        }
      });
}

Explanation Searcher::explain(std::string_view query_text, const SearchOptions& options) {
  return detail::guard_xapian("explaining a query on index " + impl_->path, [&] {
    impl_->db.reopen();
    const detail::QueryNode root = detail::parse_query(query_text, join_of(options));
    detail::CompiledQuery compiled =
        detail::compile_query(root, impl_->db, impl_->analyzer, compile_options(options));
    return Explanation{detail::describe(root), std::move(compiled.expansions),
                       compiled.query.get_description()};
  });
}

}  // namespace byline
