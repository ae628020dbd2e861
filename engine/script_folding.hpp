// Diacritic folding that respects scripts: "François" -> "francois",
// "Søren" -> "soren", but バス stays バス (not ハス) and मैंने keeps its vowel
// signs. The rule, as the docs/indexing.md's "Text analysis" table states it:
//   - combining marks are stripped after a letter of the Latin, Greek,
//     Cyrillic, Arabic or Hebrew script, where they are accents, harakat or
//     points that writers often leave out; except the Cyrillic breve, which
//     makes й a letter of its own;
//   - they are kept in every other script, where they change the letter
//     (kana voicing marks, Indic vowel signs and viramas, Thai vowels);
//   - the Arabic tatweel (a stretching stroke) is dropped;
//   - Latin letters that do not decompose are folded by a table
//     (ø -> o, ł -> l, đ -> d, æ -> ae, œ -> oe, þ -> th, ...).
#pragma once

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace byline::detail {

// `text` must be NFKC-case-folded; the result is NFC. `nfd` and `nfc` are
// ICU's instances (passed in so that a hot loop does not look them up).
[[nodiscard]] icu::UnicodeString fold_diacritics(const icu::UnicodeString& text,
                                                 const icu::Normalizer2& nfd,
                                                 const icu::Normalizer2& nfc);

// The folding of indexes made before format 4: every combining mark
// stripped, in every script, and no table. Kept so that such an index is
// queried as it was made.
[[nodiscard]] icu::UnicodeString strip_all_marks(const icu::UnicodeString& text,
                                                 const icu::Normalizer2& nfd,
                                                 const icu::Normalizer2& nfc);

}  // namespace byline::detail
