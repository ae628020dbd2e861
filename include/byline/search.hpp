// Searcher: runs queries against an Index.
//
// Query syntax (first cut): bare words, matched through stemming, all of
// which must occur; "double-quoted phrases", matched in order and adjacent.
// A hyphenated word is a phrase of its parts ("al-Qaeda" = "al Qaeda").
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/index.hpp"

namespace byline {

// How bare words combine when no operator joins them.
enum class DefaultOperator { all, any };

struct SearchOptions {
  std::size_t offset = 0;  // hits to skip (paging)
  std::size_t limit = 10;  // hits to return at most
  DefaultOperator default_operator = DefaultOperator::all;
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
  std::chrono::microseconds elapsed{0};
};

class Searcher {
 public:
  // The Searcher keeps its own handle on the index's database: it may
  // outlive `index`. One Searcher per thread.
  explicit Searcher(const Index& index);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  // Throws Error(invalid_query) with the byte position for a query that does
  // not parse (an empty query, an unbalanced quote). Sees the latest commit:
  // if a writer's commit invalidates the revision being read, the search
  // reopens and runs again.
  [[nodiscard]] SearchResults search(std::string_view query, const SearchOptions& options = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
