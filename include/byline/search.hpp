// Searcher: runs queries against an Index.
//
// The query language is described in docs/query-language.md: words (through
// stemming), "phrases", NEAR/n and ADJ/n (between words or phrases), AND, OR,
// NOT, parentheses, +must and -mustnot, fields (title: body: source: date:
// lang: id:), date ranges, wildcards (pledg*), fuzzy words (Massoum~),
// aliases, and "=" for the exact form.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/article.hpp"
#include "byline/index.hpp"

namespace byline {

// How bare words combine when no operator joins them.
enum class DefaultOperator { all, any };

enum class SortOrder { relevance, newest, oldest };

struct SearchOptions {
  std::size_t offset = 0;  // hits to skip (paging)
  std::size_t limit = 10;  // hits to return at most
  DefaultOperator default_operator = DefaultOperator::all;
  SortOrder sort = SortOrder::relevance;  // newest/oldest: by date, then relevance
  // Expand words and phrases to their aliases (the index's alias table).
  bool aliases = true;
  // A wildcard expanding to more words than this is an invalid_query error.
  std::size_t max_wildcard_terms = 1000;
  // When fewer than this many articles match, look for a spelling
  // correction ("did you mean") among the index's words. 0: never.
  std::size_t suggest_below = 3;
};

struct Hit {
  std::size_t rank = 0;  // 1-based, across pages
  std::string id;
  std::string title;
  std::string source;
  std::string date;
  std::string url;
  double score = 0;  // BM25; comparable within one result set only
};

struct SearchResults {
  std::uint64_t total = 0;  // matching articles (exact when total_exact)
  bool total_exact = true;
  std::vector<Hit> hits;
  // "Did you mean": the query with misspelt words corrected, when the
  // correction finds more articles; empty otherwise.
  std::string suggestion;
  std::chrono::microseconds elapsed{0};
};

// How a query was understood.
struct Explanation {
  std::string parsed;                   // the parse tree: AND(word "kerry", ...)
  std::vector<std::string> expansions;  // aliases, wildcard and fuzzy expansions
  std::string xapian_query;             // the Xapian query it became
};

class Searcher {
 public:
  // The Searcher opens its own handle on the index: it may outlive `index`,
  // and Searchers in different threads share nothing. A Searcher itself is
  // not thread-safe: one per thread. It sees committed changes only (also
  // when `index` is writable). Throws as Index::open does.
  explicit Searcher(const Index& index);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  // Throws Error(invalid_query) with the byte position for a query that does
  // not parse (an empty query, an unbalanced quote). Sees the latest commit:
  // if a writer's commit invalidates the revision being read, the search
  // reopens and runs again.
  [[nodiscard]] SearchResults search(std::string_view query, const SearchOptions& options = {});

  // The stored article with this id (the latest commit), or nullopt.
  [[nodiscard]] std::optional<Article> article(std::string_view id);

  // How `query` is understood, without running it. Throws as search() does.
  [[nodiscard]] Explanation explain(std::string_view query, const SearchOptions& options = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
