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
enum class FacetField { source, year, month, day, author, lang, story };

// "source", "year", "month", "day", "author", "lang", "story": the name in
// JSON and on the command line.
[[nodiscard]] std::string_view facet_field_name(FacetField field) noexcept;
// The field named "source", "year", "month", "day", "author", "lang" or "story";
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
  // Near-duplicates (docs/stories.md): one hit per group of articles whose
  // texts are nearly the same (reprinted wire copy), the best ranked of
  // them, with the number of the others in Hit::copies_collapsed.
  // SearchResults::total still counts every matching article; collapsed_total
  // counts the hits left.
  bool collapse = false;
  // With collapse: each hit also lists its collapsed copies (Hit::copies),
  // at the cost of a second pass over the matches.
  bool list_copies = false;
};

// A near-identical copy of a hit, collapsed into it (SearchOptions::collapse).
struct DuplicateCopy {
  std::string id;
  std::string source;
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
  // The article's group of near-duplicates: the id of the first article
  // indexed of those whose texts are nearly the same, its own id when it
  // has no copy; empty for an article indexed before byline had stories
  // (until `byline stories --rebuild`).
  std::string duplicate_group;
  // The article's story (docs/stories.md), a decimal id for story: filters;
  // empty for an article without one (see duplicate_group).
  std::string story;
  // With SearchOptions::collapse: how many matching near-identical copies
  // this hit stands for, besides itself.
  std::size_t copies_collapsed = 0;
  // With SearchOptions::list_copies: those copies, best ranked first.
  std::vector<DuplicateCopy> copies;
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
  // With SearchOptions::collapse: the hits left once near-duplicates are
  // collapsed, exact when total_exact; equal to total otherwise.
  std::uint64_t collapsed_total = 0;
  // One per SearchOptions::facets request, in order.
  std::vector<Facet> facets;
  std::chrono::microseconds elapsed{0};
  // With IndexOptions::allow_partial: the shards left out because they
  // could not be reached, each named with why ("shard 2 (remote
  // 10.0.0.7:7001, line 2 of archive/XAPIANDB) could not be opened: ...");
  // the counts and hits are then those of the other shards only. Empty when
  // every shard answered.
  std::vector<std::string> unavailable_shards;
};

// Where a query matches in one article (Searcher::highlight).
struct ArticleHighlights {
  std::vector<Highlight> title;
  std::vector<Highlight> body;
};

// A story (docs/stories.md): the articles about one event, from one
// outlet or many, as byline grouped them when they were indexed.
struct StorySummary {
  std::string id;  // decimal: story:ID filters a search to it
  // The headline of its central article: the one whose title shares most
  // of the story's telling words.
  std::string label;
  std::string central_id;
  // Its most telling title words (most used in its titles, rarest in the
  // index), most telling first.
  std::vector<std::string> keywords;
  std::string first_date;  // "YYYY-MM-DD" of its first and last articles;
  std::string last_date;   // empty when none is dated
  std::uint64_t size = 0;  // articles in the story
  // Of them, the articles the query matched (size, for every article).
  std::uint64_t matching = 0;
  // Who covered it: its sources, most articles first (ties by name);
  // FacetValue::selected is unused.
  std::vector<FacetValue> sources;
};

struct StoryListOptions {
  std::size_t offset = 0;  // stories to skip (paging)
  std::size_t limit = 20;  // stories to list at most
  // As SearchOptions: how bare words of the query combine, and aliases.
  DefaultOperator default_operator = DefaultOperator::all;
  bool aliases = true;
  // As SearchOptions: a deadline (the clock's epoch is none) and a flag
  // another thread may set; either stops the listing with
  // Error(interrupted). Listing every story of a large index reads a
  // column of every article (docs/stories.md gives the cost).
  std::chrono::steady_clock::time_point deadline{};
  const std::atomic<bool>* cancel = nullptr;
};

struct StoryList {
  // Stories with at least one article the query matched.
  std::uint64_t total = 0;
  // Newest first: by the date of their last article, undated stories last.
  std::vector<StorySummary> stories;
  std::chrono::microseconds elapsed{0};
};

// How a query was understood.
struct Explanation {
  std::string parsed;                   // the parse tree: AND(word "kerry", ...)
  std::vector<std::string> expansions;  // aliases, wildcard and fuzzy expansions
  std::string xapian_query;             // the Xapian query it became
};

// "More like this" (Searcher::similar, docs/stories.md).
struct SimilarOptions {
  // The given articles' most telling words to look for (Xapian's relevance
  // feedback picks them): more find more distant articles, and take longer.
  // 0 is Error(invalid_argument). 15: on the labelled stories set, 10, 15,
  // 20 and 25 find as many of an article's story in the first five (0.90
  // to 0.91), and at 100,000 articles 25 took three times as long to match
  // as 15 (docs/stories.md).
  std::size_t terms = 15;
  // Also list the given articles' near-duplicates (reprints of the same
  // wire copy), which are otherwise left out as the most alike of all:
  // the articles of their group (Hit::duplicate_group) among those that
  // have most of their rarest words. (An edited copy without them stays.)
  bool include_duplicates = false;
  // A query (docs/query-language.md) the similar articles must match as
  // well, "date:2014..2015 source:bbc" say; it adds nothing to their
  // scores. Empty: none.
  std::string filter;
};

// A word that makes articles alike.
struct SimilarTerm {
  // The form the given articles write most ("pledged"), else the stem the
  // index holds ("pledg").
  std::string word;
  // How telling the word is (Xapian's expand weight): comparable within
  // one SimilarResults only.
  double weight = 0;
};

struct SimilarResults {
  // The similar articles, as search() returns hits, without a suggestion.
  // Facets count within the whole query, its filter included: none is
  // disjunctive (FacetRequest::disjunctive is not honoured).
  SearchResults results;
  // The words looked for, most telling first.
  std::vector<SimilarTerm> terms;
  // Per hit of results.hits, in the same order: the words of `terms` it
  // contains, most telling first.
  std::vector<std::vector<std::string>> matched;
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

  // The stories that hold articles matching `query` ("*": every story),
  // newest first. Throws as search() does.
  [[nodiscard]] StoryList stories(std::string_view query = "*",
                                  const StoryListOptions& options = {});

  // Where `query` matches in `article`'s title and whole body, as byte spans
  // of each (sorted, merged), by the same rules as snippets: for showing an
  // article in full with its matches marked (the shell's :open). Throws
  // Error(invalid_query) as search() does.
  [[nodiscard]] ArticleHighlights highlight(std::string_view query, const Article& article,
                                            const SearchOptions& options = {});

  // How `query` is understood, without running it. Throws as search() does.
  [[nodiscard]] Explanation explain(std::string_view query, const SearchOptions& options = {});

  // The articles most like those with these ids ("more like this", or
  // "more like these" for several): the ones sharing most of their most
  // telling words, best first, paged, sorted, faceted and with snippets
  // as search() does them (`options`; its query-shaping members
  // default_operator, aliases and max_wildcard_terms apply to
  // `similar.filter`). The given articles are never among them, nor, unless
  // `similar.include_duplicates`, their near-duplicates (articles indexed
  // before byline had stories have no group and hide none). Counting every
  // article that shares a word (SearchOptions::exact_total) costs about as
  // much as the rest: 100,000 articles, 25 words, ~10,000 matches. Throws
  // Error(not_found) naming an id that is not in the index,
  // Error(invalid_argument) for no ids or `similar.terms` 0,
  // Error(invalid_query) for a filter that does not parse (its position in
  // the filter), and as search() does otherwise.
  [[nodiscard]] SimilarResults similar(const std::vector<std::string>& ids,
                                       const SearchOptions& options = {},
                                       const SimilarOptions& similar = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
