#include "indexer/language_detection.hpp"

// compact_lang_det.h uses FILE without including <cstdio>.
#include <cstdio>
// clang-format off
#include <cld2/public/compact_lang_det.h>
// clang-format on

#include <array>
#include <utility>

namespace byline::detail {

namespace {

// CLD2 judges a language from a few hundred bytes; reading more costs time
// and says nothing new.
constexpr std::size_t kMaxBytes = 64 * 1024;
// Below this many bytes of letters ("Bonjour", a headline fragment) CLD2's
// guess is not worth storing.
constexpr int kMinTextBytes = 20;

// The text cut at most at `limit` bytes, on a code point boundary.
std::string_view prefix(std::string_view text, std::size_t limit) {
  if (text.size() <= limit)
    return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return text.substr(0, end);
}

bool is_lower_letter(char c) {
  return c >= 'a' && c <= 'z';
}

}  // namespace

std::string detect_language(std::string_view utf8_text) noexcept {
  try {
    std::string_view text = prefix(utf8_text, kMaxBytes);
    CLD2::Language language3[3];
    int percent3[3];
    double scores3[3];
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, /*cld_hints=*/nullptr,
        /*flags=*/0, language3, percent3, scores3, /*resultchunkvector=*/nullptr, &text_bytes,
        &reliable, &valid_prefix);
    if (valid_prefix < static_cast<int>(text.size())) {
      // Invalid UTF-8: CLD2 refuses the whole; read the valid part.
      text = text.substr(0, static_cast<std::size_t>(valid_prefix));
      language = CLD2::ExtDetectLanguageSummary(text.data(), static_cast<int>(text.size()), true,
                                                language3, percent3, &text_bytes, &reliable);
    }
    if (!reliable || text_bytes < kMinTextBytes || language == CLD2::UNKNOWN_LANGUAGE)
      return {};
    std::string code = CLD2::LanguageCode(language);
    if (const auto dash = code.find('-'); dash != std::string::npos)
      code.resize(dash);  // "zh-Hant" -> "zh"
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kRenamed = {
        {{"iw", "he"}, {"jw", "jv"}, {"in", "id"}, {"ji", "yi"}, {"mo", "ro"}}};
    for (const auto& [old_code, current] : kRenamed) {
      if (code == old_code)
        code = current;
    }
    if (code.size() != 2 || !is_lower_letter(code[0]) || !is_lower_letter(code[1]) ||
        code == "un" || code == "xx")
      return {};
    return code;
  } catch (...) {
    // Only std::bad_alloc can get here; no language is the honest answer.
    return {};
  }
}

}  // namespace byline::detail
