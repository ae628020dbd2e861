// Highlighting and snippets, from the stored text and the one Analyzer.
//
// A compiled query records how it matches (CompiledQuery::matches and
// ::nears). The highlighter analyses a title or body with the same Analyzer
// the index used and finds where each of those patterns stands:
//   - a word by its stem (`pledge` marks "pledged"), or its exact form for "=";
//   - aliases, wildcard and fuzzy expansions: the alternatives the compiler
//     recorded in the pattern;
//   - a phrase (with its slop) only where the whole phrase stands, its
//     adjacent words as one span;
//   - the two sides of a NEAR/ADJ only where they are within the distance.
// Xapian's MSet::snippet cannot do the last three, nor prefixed fields.
//
// Snippets: the body's fragments that match most completely (distinct query
// parts), then most densely, cut at ICU sentence boundaries when they fit,
// else at ICU word boundaries, never inside a UTF-8 sequence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "byline/analyzer.hpp"
#include "byline/snippet.hpp"
#include "query/compiler.hpp"
#include "query/indexed_body.hpp"

namespace byline::detail {

// What to highlight: the positive leaves of a query and its NEAR pairs.
struct HighlightQuery {
  std::vector<MatchPattern> patterns;
  std::vector<NearMatch> nears;
};

enum class TextField { title, body };

// One occurrence of a pattern in analysed text.
struct Occurrence {
  std::size_t pattern = 0;  // index in HighlightQuery::patterns
  std::uint32_t first = 0;  // word positions of its first and last word
  std::uint32_t last = 0;
  std::vector<Highlight> spans;  // bytes; adjacent words of a phrase form one span
};

// Every occurrence of the query's patterns among `tokens` (the analysis of a
// title or a body), fields and NEAR pairs applied, sorted by where they start.
[[nodiscard]] std::vector<Occurrence> find_occurrences(const std::vector<Token>& tokens,
                                                       const HighlightQuery& query,
                                                       TextField field);

// The spans of `occurrences`, sorted, overlapping or touching ones merged.
[[nodiscard]] std::vector<Highlight> merged_spans(const std::vector<Occurrence>& occurrences);

// Holds the ICU break iterators; borrows the Analyzer, which must outlive it.
// Not thread-safe: one per Searcher. Any bytes are accepted (invalid UTF-8
// is read as U+FFFD), which makes snippets() a fuzzing entry point.
class Highlighter {
 public:
  explicit Highlighter(Analyzer& analyzer);
  ~Highlighter();
  Highlighter(const Highlighter&) = delete;
  Highlighter& operator=(const Highlighter&) = delete;

  // The matches in `text` (a title, say), as merged byte spans of `text`.
  // `language` is the article's, which its words were stemmed for
  // (Analyzer::analyze()).
  [[nodiscard]] std::vector<Highlight> highlight(std::string_view text, const HighlightQuery& query,
                                                 TextField field, std::string_view language = {});

  // Up to `count` fragments of about `length` characters of `body`, in body
  // order; with no match in the body, its opening (one fragment). Empty for
  // an empty body or count 0.
  // With `indexed` (what the index knows of this body, for this query), only
  // the stretches of the body around the matches are analysed; the result is
  // the same, as the stretches must hold the query's words exactly where the
  // index has them, or the whole body is analysed after all.
  // `language` as for highlight().
  [[nodiscard]] std::vector<Snippet> snippets(std::string_view body, const HighlightQuery& query,
                                              std::size_t count, std::size_t length,
                                              const IndexedBody* indexed = nullptr,
                                              std::string_view language = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline::detail
