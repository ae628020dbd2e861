#include "engine/script_folding.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <utility>

namespace byline::detail {

namespace {

constexpr UChar32 kCyrillicBreve = 0x0306;  // й = и + U+0306, ў = у + U+0306
constexpr UChar32 kArabicTatweel = 0x0640;
constexpr UChar32 kArabicAlef = 0x0627;

// Madda and hamza above or below: folded on an alef (أ إ آ -> ا, as
// Lucene's ArabicNormalizer does), kept on waw and yeh (ؤ ئ), where they
// make another letter.
bool is_arabic_hamza_or_madda(UChar32 c) {
  return c >= 0x0653 && c <= 0x0655;
}

// Scripts whose combining marks are accents (or vowel points) that text
// often omits, so that folding them away is what readers expect.
bool folds_marks(UScriptCode script) {
  switch (script) {
    case USCRIPT_LATIN:
    case USCRIPT_GREEK:
    case USCRIPT_CYRILLIC:
    case USCRIPT_ARABIC:
    case USCRIPT_HEBREW:
      return true;
    default:
      return false;
  }
}

// Letters with no canonical decomposition, folded as Lucene's ASCIIFoldingFilter
// and ICU's Latin-ASCII transliteration do. Case folding has already made
// them lower case (and ß "ss").
constexpr std::array<std::pair<UChar32, const char16_t*>, 14> kLetterFolds = {{
    {0x00E6, u"ae"},  // æ
    {0x00F0, u"d"},   // ð
    {0x00F8, u"o"},   // ø
    {0x00FE, u"th"},  // þ
    {0x0111, u"d"},   // đ
    {0x0127, u"h"},   // ħ
    {0x0131, u"i"},   // ı (dotless i)
    {0x0138, u"q"},   // ĸ
    {0x0140, u"l"},   // ŀ
    {0x0142, u"l"},   // ł
    {0x014B, u"n"},   // ŋ
    {0x0153, u"oe"},  // œ
    {0x0167, u"t"},   // ŧ
    {0x0180, u"b"},   // ƀ
}};

const char16_t* letter_fold(UChar32 c) {
  const auto* it = std::find_if(kLetterFolds.begin(), kLetterFolds.end(),
                                [c](const auto& fold) { return fold.first == c; });
  return it == kLetterFolds.end() ? nullptr : it->second;
}

}  // namespace

icu::UnicodeString fold_diacritics(const icu::UnicodeString& text, const icu::Normalizer2& nfd,
                                   const icu::Normalizer2& nfc) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfd.normalize(text, status);
  if (U_FAILURE(status))
    return text;
  icu::UnicodeString out;
  UScriptCode base = USCRIPT_COMMON;  // the script of the last letter seen
  UChar32 base_letter = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      const bool strip = folds_marks(base) && !(base == USCRIPT_CYRILLIC && c == kCyrillicBreve) &&
                         !(is_arabic_hamza_or_madda(c) && base_letter != kArabicAlef);
      if (!strip)
        out.append(c);
      continue;
    }
    if (c == kArabicTatweel)
      continue;
    UErrorCode script_status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &script_status);
    if (U_SUCCESS(script_status) && script != USCRIPT_INHERITED) {
      base = script;
      base_letter = c;
    }
    if (const char16_t* fold = letter_fold(c))
      out.append(fold);
    else
      out.append(c);
  }
  icu::UnicodeString composed = nfc.normalize(out, status);
  return U_FAILURE(status) ? text : composed;
}

icu::UnicodeString strip_all_marks(const icu::UnicodeString& text, const icu::Normalizer2& nfd,
                                   const icu::Normalizer2& nfc) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfd.normalize(text, status);
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK)
      stripped.append(c);
    i += U16_LENGTH(c);
  }
  icu::UnicodeString composed = nfc.normalize(stripped, status);
  return U_FAILURE(status) ? text : composed;
}

}  // namespace byline::detail
