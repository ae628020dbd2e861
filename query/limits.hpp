// The bounds every query is held to, so that nothing a user types can take
// unbounded time or memory. Each one, when exceeded, is an invalid_query
// error naming the limit; docs/reliability.md, "Limits", lists them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace byline::detail::limits {

// Longer queries are pasted articles, not searches.
inline constexpr std::size_t kMaxQueryBytes = 10'000;
// Parentheses and operators nest at most this deep (the parser recurses).
inline constexpr std::size_t kMaxDepth = 64;
// Words, phrases and filters in one query: Xapian's matcher is quadratic in
// the number of ORed terms (16k terms: 4.4 s; 100k: 427 s).
inline constexpr std::size_t kMaxClauses = 1'000;
// NEAR/n and ADJ/n: further apart than this is not "near".
inline constexpr unsigned kMaxNearDistance = 1'000;
inline constexpr unsigned kDefaultNearDistance = 10;
// "phrase"~n
inline constexpr unsigned kMaxSlop = 100;
// Terms a wildcard (pledg*) may expand to before the query is refused.
inline constexpr std::size_t kDefaultMaxWildcardTerms = 1'000;
// A wildcard word that stands for more terms than this matches with one
// score for all its articles (the rest of the query ranks them), as
// Lucene's prefix and wildcard queries do: ranking each of hundreds of
// expansions by BM25 made the wildcard tail (p99 8.5 ms at 100k articles,
// docs/benchmarks.md, "Benchmarks"). Narrower ones rank as one word (OP_SYNONYM). Lucene
// keeps 16 terms as a boolean query of its own.
inline constexpr std::size_t kMaxRankedWildcardTerms = 16;
// Fuzzy (word~n): the largest edit distance, and how many close terms are used.
inline constexpr unsigned kMaxFuzzyDistance = 2;
inline constexpr std::size_t kMaxFuzzyTerms = 50;
// A word of the query that an error message quotes is cut to this many
// bytes: the message names it, the position points at it whole.
inline constexpr std::size_t kMaxQuotedBytes = 40;

// `text` as an error message quotes it: cut to kMaxQuotedBytes (at a
// character's start) with "…" after it.
[[nodiscard]] inline std::string quoted_part(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes)
    return std::string(text);
  std::size_t end = kMaxQuotedBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return std::string(text.substr(0, end)) + "…";
}

}  // namespace byline::detail::limits
