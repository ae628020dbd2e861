// Reprinted wire copy in a generated corpus: the near-duplicates that
// collapsing and story grouping meet in real news (docs/stories.md), at a
// known rate, for the stories benchmark's "with reprints" figures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>

#include "byline/article.hpp"

namespace byline::bench {

class Generator;

// `fresh` made a reprint of `original`: the text of `original` under
// `fresh`'s id, headline, source and date, edited as outlets edit wire copy
// (chosen by `choice`, any number): unchanged, its last fifth cut off, an
// editor's note added, or both.
[[nodiscard]] Article reprint(const Article& original, Article fresh, std::uint64_t choice);

// Writes `count` articles of `generator` for `seed` as JSON Lines, of which
// `reprints` (evenly spread) are reprints of an article a few places
// earlier. Deterministic, as Generator::write() is.
void write_with_reprints(std::ostream& out, const Generator& generator, std::uint64_t seed,
                         std::size_t count, std::size_t reprints);

}  // namespace byline::bench
