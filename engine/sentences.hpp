// Sentence boundaries, as snippets cut at them: ICU's sentence rules for the
// root locale. The indexer stores each body's with its resume points
// (engine/resume_points.hpp), so that snippets need not run the rules on a
// hit again; the highlighter runs the same rules on bodies indexed without.
#pragma once

#include <unicode/brkiter.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace byline::detail {

// Throws Error(io) when ICU cannot load its rules.
[[nodiscard]] std::unique_ptr<icu::BreakIterator> make_sentence_iterator();

// The sentence boundaries inside `text` (valid UTF-8, under 4 GiB) as byte
// offsets, in order; neither 0 nor the text's end, which always are.
// nullopt when ICU refuses the text: none are stored then, and snippets run
// the rules themselves. Snippets cut at the boundaries of the ICU version
// that indexed the body.
[[nodiscard]] std::optional<std::vector<std::uint32_t>> sentence_boundaries(
    icu::BreakIterator& sentences, std::string_view text);

}  // namespace byline::detail
