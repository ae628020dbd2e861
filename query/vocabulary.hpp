// Looking words up in an index's vocabulary (its exact-form terms): prefix
// expansion for wildcards, edit-distance search for fuzzy words and for
// "did you mean".
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

struct VocabularyMatch {
  std::string term;
  unsigned distance = 0;
  Xapian::doccount frequency = 0;  // articles that use the word
};

// Exact-form terms starting with `prefix`, in term order. Throws
// Error(invalid_query) at `position` when there are more than `cap`.
[[nodiscard]] std::vector<std::string> expand_prefix(const Xapian::Database& db,
                                                     std::string_view prefix, std::size_t cap,
                                                     std::size_t position);

// Exact-form terms within `max_distance` edits (Levenshtein) of `word`, the
// closest and most used first, at most `limit`.
//
// How it stays fast on a large vocabulary: terms are walked in sorted order
// with one row of the edit-distance table per character of the current term,
// shared with the previous term's common prefix; when every cell of a row
// exceeds max_distance no term with that prefix can match, and the walk
// skips past the whole prefix with TermIterator::skip_to. Only the part of
// the vocabulary within reach is visited.
[[nodiscard]] std::vector<VocabularyMatch> fuzzy_matches(const Xapian::Database& db,
                                                         std::string_view word,
                                                         unsigned max_distance, std::size_t limit);

// The automatic fuzzy distance for a word of `length` bytes: 0 up to 3, 1 up
// to 5, 2 beyond (short words have too many neighbours).
[[nodiscard]] unsigned automatic_fuzzy_distance(std::size_t length);

}  // namespace byline::detail
