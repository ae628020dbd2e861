// Snippets and highlights: the pieces of an article that show why it
// matched, with the matching words marked.
//
// The library returns plain text and the highlighted spans as byte offsets;
// how they are drawn is the caller's choice. mark_up() draws them as HTML
// (escaped) or ANSI, so the command line, the shell and an embedding
// application draw them the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

// A highlighted span of a text: bytes [begin, end), on UTF-8 character
// boundaries.
struct Highlight {
  std::size_t begin = 0;
  std::size_t end = 0;

  // Member by member, as a defaulted C++20 operator== would (written out so
  // that the public headers stay C++17).
  friend constexpr bool operator==(const Highlight& a, const Highlight& b) noexcept {
    return a.begin == b.begin && a.end == b.end;
  }
  friend constexpr bool operator!=(const Highlight& a, const Highlight& b) noexcept {
    return !(a == b);
  }
};

// One fragment of an article's body.
struct Snippet {
  // About SnippetOptions::length characters of the body, cut at a sentence
  // boundary where one fits, else at a word boundary, with "…" where a
  // sentence was cut. Runs of white space and control characters are one
  // space, or " — " for a paragraph break after text that ends no sentence
  // (a heading). Valid UTF-8 always.
  std::string text;
  // The matches in `text`: sorted, not overlapping, never empty.
  std::vector<Highlight> highlights;
};

enum class Markup {
  none,  // the text as it is, highlights unmarked
  html,  // the text HTML-escaped (& < > " '), highlights in <mark>...</mark>
  ansi,  // highlights in reverse video; control characters but newline shown as U+FFFD
};

// `text` with `highlights` drawn in `markup`. Never lets the text inject
// markup: with html every character of `text` is escaped, with ansi no
// control character of `text` reaches the output. Highlights out of range,
// out of order or overlapping an earlier one are skipped; a highlight edge
// inside a UTF-8 sequence is moved to the sequence's edge.
[[nodiscard]] std::string mark_up(std::string_view text, const std::vector<Highlight>& highlights,
                                  Markup markup);

}  // namespace byline
