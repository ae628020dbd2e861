// Searcher: runs queries against an Index.
//
// The query language is described in docs/query-language.md: words (through
// stemming), "phrases", NEAR/n and ADJ/n (between words or phrases), AND, OR,
// NOT, parentheses, +must and -mustnot, fields (title: body: source: author:
// date: lang: id:) and field groups (title:(a OR b)), date ranges, wildcards
// anywhere in a word (pledg*, pl*dge, z?a*, in phrases too), fuzzy words
// (Massoum~; a swap of two letters is one edit), aliases, "=" for the exact
// form, and * alone for every article.
#pragma once

#include <atomic>
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
#include "byline/snippet.hpp"

namespace byline {

// How bare words combine when no operator joins them.
enum class DefaultOperator { all, any };

enum class SortOrder { relevance, newest, oldest };

// Facets: how the matching articles spread over sources, dates, authors
// and languages. (New fields go last: the values of the others stay as
// they were.)
enum class FacetField { source, year, month, day, author, lang };

// "source", "year", "month", "day", "author", "lang": the name in JSON and
// on the command line.
[[nodiscard]] std::string_view facet_field_name(FacetField field) noexcept;
// The field named "source", "year", "month", "day", "author" or "lang";
// nullopt for any other name.
[[nodiscard]] std::optional<FacetField> parse_facet_field(std::string_view name) noexcept;

enum class FacetOrder {
  count,  // most articles first; ties in value order
  value,  // value order: sources, authors and languages alphabetically (byte order), dates
          // chronologically
};

struct FacetRequest {
  FacetField field = FacetField::source;
  // Keep the `top` values with most articles (ties: the lower value); 0 keeps
  // all. Values the query selects (see Facet) are kept as well; the others
  // cut are counted in Facet::other.
  std::size_t top = 10;
  // How the kept values are listed.
  FacetOrder order = FacetOrder::count;
  // Date fields only (year, month, day): count only the buckets from `from`
  // to `to`, inclusive; each a date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a
  // bucket counts if it lies inside); empty: no bound.
  std::string from;
  std::string to;
  // Date fields only: a histogram. Every bucket from `from` (else the first
  // bucket with an article) to `to` (else the last), in chronological order,
  // the empty ones with count 0; `top` and `order` do not apply. At most
  // 100,000 buckets, else Error(invalid_argument).
  bool empty_buckets = false;
  // Counted without the query's own filters on this field, so that it shows
  // what the other values would add (see Facet below). false: within the
  // whole query, its filters included, as a timeline of the query counts.
  bool disjunctive = true;
};

// Snippets and highlighting (see byline/snippet.hpp). Each costs a pass of
// the analyzer over the stored text of every hit returned, so both are off
// by default.
struct SnippetOptions {
  // Fragments of the body per hit, the best first chosen, returned in the
  // order they stand in the body; 0: none.
  std::size_t count = 0;
  // About this many characters (code points) per fragment.
  std::size_t length = 200;
  // Highlight the matches in each hit's title (Hit::title_highlights).
  bool title = false;
};

struct SearchOptions {
  std::size_t offset = 0;  // hits to skip (paging)
  // Hits to return at most. 0: none, for the total and the facets alone.
  std::size_t limit = 10;
  DefaultOperator default_operator = DefaultOperator::all;
  // newest/oldest: by date, then relevance; articles without a date come
  // last in both orders.
  SortOrder sort = SortOrder::relevance;
  // Expand words and phrases to their aliases (the index's alias table).
  bool aliases = true;
  // A wildcard expanding to more words than this is an invalid_query error.
  std::size_t max_wildcard_terms = 1000;
  // When fewer than this many articles match, look for a spelling
  // correction ("did you mean") among the index's words. 0: never.
  std::size_t suggest_below = 3;
  // Facet counts to compute, over all matching articles (not only the page
  // of hits); exact. Results in SearchResults::facets, in the same order.
  std::vector<FacetRequest> facets;
  SnippetOptions snippets;
  // Count every matching article, so that SearchResults::total is exact.
  // The search then visits every match instead of stopping once its page
  // of hits is certain (a single word and * excepted: their count is known
  // at once). docs/benchmarks.md gives the cost: in 100,000 articles,
  // 2 to 4 times the CPU time of an OR, a phrase or a NEAR at the median.
  // false: Xapian's estimate from the matches it visited, between
  // SearchResults::total_lower and total_upper, which for phrases and date
  // ranges is often wrong by half or more. Facets count every match
  // anyway: with them the total is always exact.
  bool exact_total = true;
  // Stop the search when this time has passed: it then throws
  // Error(interrupted). The default (the clock's epoch) is no deadline.
  std::chrono::steady_clock::time_point deadline{};
  // When not null, another thread may set the flag to true to stop the
  // search, which then throws Error(interrupted). It is read, never
  // written: the caller clears it for the next search.
  const std::atomic<bool>* cancel = nullptr;
};

struct Hit {
  std::size_t rank = 0;  // 1-based, across pages
  std::string id;
  std::string title;
  std::string source;
  std::string date;
  std::string author;  // as Article::author: "Jane Doe, John Roe", or empty
  std::string url;
  std::string lang;  // ISO 639-1 code ("fr"), given or detected; empty when unknown
  double score = 0;  // BM25; comparable within one result set only
  // With SnippetOptions::title: the matches in `title`.
  std::vector<Highlight> title_highlights;
  // With SnippetOptions::count > 0: fragments of the body with the matches
  // highlighted. Highlights follow how the query matched: every form of a
  // word (stemming), aliases, a phrase as one span and only where the whole
  // phrase stands, the words of a NEAR only where they are near each other,
  // the words a wildcard or fuzzy word expanded to, "=" exact forms only.
  // With no match in the body, the body's first sentences, unhighlighted.
  std::vector<Snippet> snippets;
};

struct FacetValue {
  // "BBC News" (the spelling most of the articles use), "Jane Doe" (one
  // name of the author fields, likewise), "2014", "2014-09", "2014-09-15",
  // "fr" (the language code, lowercase): ready for a source:, author:,
  // date: or lang: filter.
  std::string value;
  std::uint64_t count = 0;
  // The query selects this value: a source: or author: filter that matches
  // it, a date: filter whose range holds the whole bucket, a lang: filter
  // naming it.
  bool selected = false;
};

// The counts for one FacetRequest. Articles without a source, a date, an
// author or a language are counted apart, in `missing`, not under a value
// (as Elasticsearch's terms aggregation leaves them out of its buckets); an
// article by several authors counts once for each of them.
//
// The counts add up: for the source and lang facets, and the date facets
// without a range, the values' counts plus `other` plus `missing` are the
// articles counted over: the total of the search, or for a disjunctive
// facet of the query without this field's filters. (A date range leaves
// out the articles outside it; the author facet counts names, not
// articles.)
//
// Multi-select ("disjunctive") facets: when the query is narrowed by
// source: filters (a source: filter ANDed with the rest of the query, or
// several ORed together: `(source:Reuters OR source:"BBC News") ceasefire`),
// the source facet is counted over the query without them, so it shows what
// every other source would add; likewise author: filters for the author
// facet, lang: filters for the lang facet, date: filters for the year,
// month and day facets. Every other facet counts within the full query.
struct Facet {
  FacetField field = FacetField::source;
  std::vector<FacetValue> values;
  // Values with at least one article, before `top` cut them.
  std::size_t distinct = 0;
  // Counted without the query's filters on this field (see above).
  bool disjunctive = false;
  // The count of the values `top` cut (Elasticsearch's
  // sum_other_doc_count); 0 in a histogram.
  std::uint64_t other = 0;
  // Articles counted over that have no value in this field: no source, no
  // date (or one that is no calendar day), no author, no language. Those
  // of an index made before the language was stored for facets are read
  // from their lang: terms, and count under their language.
  std::uint64_t missing = 0;
};

struct SearchResults {
  // Matching articles: exact when total_exact (always, unless
  // SearchOptions::exact_total was false), else Xapian's estimate, which
  // lies between total_lower and total_upper.
  std::uint64_t total = 0;
  bool total_exact = true;
  std::uint64_t total_lower = 0;  // equal to total when total_exact
  std::uint64_t total_upper = 0;  // likewise
  std::vector<Hit> hits;
  // "Did you mean": the query with misspelt words corrected (in phrases,
  // NEAR and fields too; a source: value that names no source by the
  // nearest source name), the rest as typed, when the correction finds more
  // articles; empty otherwise.
  std::string suggestion;
  // One per SearchOptions::facets request, in order.
  std::vector<Facet> facets;
  std::chrono::microseconds elapsed{0};
};

// Where a query matches in one article (Searcher::highlight).
struct ArticleHighlights {
  std::vector<Highlight> title;
  std::vector<Highlight> body;
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
  // not parse (an empty query, an unbalanced quote), Error(invalid_argument)
  // for a facet request that makes no sense (a date range on the source
  // facet, a bad date, a histogram of too many buckets), Error(interrupted)
  // when SearchOptions::cancel or ::deadline stops it (the Searcher is then
  // ready for the next search). Sees the latest commit: if a writer's commit
  // invalidates the revision being read, the search reopens and runs again.
  [[nodiscard]] SearchResults search(std::string_view query, const SearchOptions& options = {});

  // The stored article with this id (the latest commit), or nullopt.
  [[nodiscard]] std::optional<Article> article(std::string_view id);

  // Where `query` matches in `article`'s title and whole body, as byte spans
  // of each (sorted, merged), by the same rules as snippets: for showing an
  // article in full with its matches marked (the shell's :open). Throws
  // Error(invalid_query) as search() does.
  [[nodiscard]] ArticleHighlights highlight(std::string_view query, const Article& article,
                                            const SearchOptions& options = {});

  // How `query` is understood, without running it. Throws as search() does.
  [[nodiscard]] Explanation explain(std::string_view query, const SearchOptions& options = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
