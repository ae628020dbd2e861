// Looking words up in an index's vocabulary (its exact-form terms): prefix
// and pattern expansion for wildcards, edit-distance search for fuzzy words
// and for "did you mean".
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/schema.hpp"

namespace byline::detail {

struct VocabularyMatch {
  std::string term;
  unsigned distance = 0;
  Xapian::doccount frequency = 0;  // articles that use the word

  friend bool operator==(const VocabularyMatch&, const VocabularyMatch&) = default;
};

// Exact-form terms starting with `prefix`, in term order. Throws
// Error(invalid_query) at `position` when there are more than `cap`.
[[nodiscard]] std::vector<std::string> expand_prefix(const Xapian::Database& db,
                                                     std::string_view prefix, std::size_t cap,
                                                     std::size_t position);

// Whether `pattern` holds a wildcard character: '*' or '?'.
[[nodiscard]] bool has_wildcard(std::string_view pattern) noexcept;

// Whether `term` matches `pattern`, character (code point) by character:
// '*' stands for any run of characters, none included, '?' for exactly one,
// any other character for itself.
[[nodiscard]] bool wildcard_matches(std::string_view pattern, std::string_view term);

// Exact-form terms matching `pattern` (see wildcard_matches), in term order.
// A pattern whose only wildcards are trailing '*'s is a prefix range
// (expand_prefix); any other walks the terms that start with the pattern's
// literal beginning, all of them when it starts with a wildcard, checking
// the length first: in the vocabulary store when the index has a current
// one (as fuzzy_matches), else in Xapian's term list. Throws
// Error(invalid_query) at `position` when more than `cap` terms match.
// `shards`: the databases `db` is made of, when several (ShardSet), whose
// stores are read one by one; null for one database.
[[nodiscard]] std::vector<std::string> expand_wildcard(
    const Xapian::Database& db, std::string_view pattern, std::size_t cap, std::size_t position,
    const std::vector<Xapian::Database>* shards = nullptr);

// Terms under `prefix` (by default the exact forms) within `max_distance`
// edits of `word`, the closest and most used first, at most `limit`; each
// returned without its prefix. An edit inserts, deletes or substitutes one
// character (code point), or swaps two adjacent ones: the optimal string
// alignment distance, Damerau's variant of Levenshtein's that Lucene's
// fuzzy queries use: `Krery` is one edit from `Kerry`, where Levenshtein
// counts two.
//
// How it stays fast on a large vocabulary: terms are walked in sorted order
// with one row of the edit-distance table per character of the current term,
// shared with the previous term's common prefix; when every cell of a row
// exceeds max_distance no term with that prefix can match, and the walk
// skips past the whole prefix. Only the part of the vocabulary within reach
// is visited. (A swap reaches back two rows, but never lower than the cell
// beside it in the row between: a row whose every cell is out of reach
// still cuts the walk.) The exact forms are walked in the index's
// vocabulary store, in memory (a galloping search for each skip), and each
// word found is confirmed in the index; other prefixes, and an index
// without a current store (query/vocabulary_cache.hpp), walk Xapian's term
// list with TermIterator::skip_to. Both give the same matches. An index of
// shards (`shards`, as for expand_wildcard) uses each shard's store, and
// walks the term list only when one has none: over remote shards that
// walk ships the vocabulary over the network.
[[nodiscard]] std::vector<VocabularyMatch> fuzzy_matches(
    const Xapian::Database& db, std::string_view word, unsigned max_distance, std::size_t limit,
    std::string_view prefix = schema::prefix::kExact,
    const std::vector<Xapian::Database>* shards = nullptr);

// The edit distance (as fuzzy_matches counts it) between `a` and `b`.
[[nodiscard]] unsigned edit_distance(std::string_view a, std::string_view b);

// The automatic fuzzy distance for a word of `length` characters (code
// points): 0 up to 3, 1 up to 5, 2 beyond (short words have too many
// neighbours).
[[nodiscard]] unsigned automatic_fuzzy_distance(std::size_t length);

// Characters (code points) in `text`; a malformed byte counts as one.
[[nodiscard]] std::size_t code_points(std::string_view text) noexcept;

}  // namespace byline::detail
