// What some languages write joined to a word and that their stemmer does
// not take off, so that "Irak" finds "l'Irak" and 서울 finds 서울에서:
//   - elision (French, Italian, Catalan): an article or pronoun that has
//     lost its vowel before an apostrophe: l', d', qu', dell', s';
//   - Korean particles: case and topic markers written after the noun
//     (서울에서 "in Seoul", 한국은 "Korea" as topic).
// Both are taken off before stemming, so they change a word's stem, never
// its exact form or its position.
#pragma once

#include <string_view>

namespace byline::detail {

// `term` (normalized: lower case, straight apostrophes) without its elided
// article when `stemmer` (a Xapian stemmer name: "french", "italian",
// "catalan") elides, else `term`.
[[nodiscard]] std::string_view without_elision(std::string_view term,
                                               std::string_view stemmer) noexcept;

// A word of Hangul syllables without the particles it ends with, taken
// off while at least two syllables remain ("서울에서" -> "서울", but "나이"
// stays: one syllable would be left, and most such words are nouns, not
// noun + particle). Any other word comes back unchanged. The cost: a noun that
// ends like a particle loses that syllable too (김정은 -> 김정), on the
// query side as on the index side, so it is still found, along with the
// rarer words that share the shortened form.
[[nodiscard]] std::string_view without_korean_particle(std::string_view term) noexcept;

}  // namespace byline::detail
