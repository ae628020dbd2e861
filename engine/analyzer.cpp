#include "byline/analyzer.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <utility>

#include "byline/error.hpp"
#include "engine/stem_cache.hpp"
#include "engine/utf8.hpp"
#include "engine/xapian_error.hpp"

namespace byline {

namespace {

// One word found by the BreakIterator, already normalized.
struct Word {
  std::string term;
  std::size_t begin = 0;  // bytes in the original text
  std::size_t end = 0;
  std::size_t begin16 = 0;  // UTF-16 units in the converted text
  std::size_t end16 = 0;
  bool numeric = false;      // ICU's number rule status
  bool digits_only = false;  // ASCII digits and nothing else
};

bool is_ascii_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_apostrophe(char32_t c) {
  return c == U'\u2019' || c == U'\u2018' || c == U'\u02BC' || c == U'\u2032' || c == U'\uFF07';
}

bool is_hyphen(char16_t c) {
  return c == u'-' || c == u'\u2010' || c == u'\u2011';
}

// "-", or ".-" after an abbreviation ("U.S.-led").
bool is_hyphen_separator(std::u16string_view sep) {
  if (!sep.empty() && sep.front() == u'.')
    sep.remove_prefix(1);
  return sep.size() == 1 && is_hyphen(sep.front());
}

// One space of any kind (NBSP, thin space, ...) between digit groups.
bool is_group_separator(std::u16string_view sep) {
  return sep.size() == 1 && u_charType(sep.front()) == U_SPACE_SEPARATOR;
}

bool is_iso_date(const std::vector<Word>& parts) {
  if (parts.size() != 3)
    return false;
  const auto& [y, m, d] = std::tie(parts[0].term, parts[1].term, parts[2].term);
  if (!is_ascii_digits(y) || !is_ascii_digits(m) || !is_ascii_digits(d))
    return false;
  if (y.size() != 4 || m.size() != 2 || d.size() != 2)
    return false;
  const int month = std::stoi(m);
  const int day = std::stoi(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

struct Analyzer::Impl {
  AnalyzerSettings settings;
  Xapian::Stem stemmer;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;

  // Reused between calls: the text as UTF-16, and the byte offset in the
  // original text of every UTF-16 unit (plus one past the end).
  std::u16string text16;
  std::vector<std::size_t> byte_offset;

  // Stems of words already seen (a tenth of indexing time saved, measured).
  mutable detail::StemCache stem_cache;

  explicit Impl(AnalyzerSettings s) : settings(std::move(s)) {
    stemmer = detail::guard_xapian("creating the stemmer for language '" + settings.language + "'",
                                   [&] { return Xapian::Stem(settings.language); });
    UErrorCode status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd = icu::Normalizer2::getNFDInstance(status);
    nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || !words) {
      throw Error(Error::Kind::io,
                  std::string("ICU could not load its data: ") + u_errorName(status));
    }
  }

  void convert(std::string_view text) {
    text16.clear();
    byte_offset.clear();
    text16.reserve(text.size());
    byte_offset.reserve(text.size() + 1);
    std::size_t offset = 0;
    while (offset < text.size()) {
      // ASCII, the common case, needs no decoding.
      if (const auto byte = static_cast<unsigned char>(text[offset]); byte < 0x80) {
        text16 += static_cast<char16_t>(byte);
        byte_offset.push_back(offset);
        ++offset;
        continue;
      }
      const auto d = utf8::decode(text, offset);
      // Malformed bytes become U+FFFD, which ICU never counts as part of a word.
      if (d.code_point >= 0x10000) {
        const char32_t v = d.code_point - 0x10000;
        text16 += static_cast<char16_t>(0xD800 + (v >> 10));
        text16 += static_cast<char16_t>(0xDC00 + (v & 0x3FF));
        byte_offset.push_back(offset);
        byte_offset.push_back(offset);
      } else {
        text16 += static_cast<char16_t>(d.code_point);
        byte_offset.push_back(offset);
      }
      offset += d.length;
    }
    byte_offset.push_back(text.size());
  }

  // NFKC + case folding, straight apostrophes, optional diacritic folding,
  // then dots dropped from abbreviations and commas from digit groups.
  std::string normalize(std::u16string_view word, bool numeric) const {
    std::string out;
    const bool ascii = std::all_of(word.begin(), word.end(), [](char16_t c) { return c < 0x80; });
    if (ascii) {
      out.reserve(word.size());
      for (char16_t c : word) {
        out += static_cast<char>(c >= u'A' && c <= u'Z' ? c + 32 : c);
      }
    } else {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString folded = nfkc_casefold->normalize(
          icu::UnicodeString(false, word.data(), static_cast<int32_t>(word.size())), status);
      if (settings.fold_diacritics) {
        icu::UnicodeString decomposed = nfd->normalize(folded, status);
        icu::UnicodeString stripped;
        for (int32_t i = 0; i < decomposed.length();) {
          const UChar32 c = decomposed.char32At(i);
          if (u_charType(c) != U_NON_SPACING_MARK)
            stripped.append(c);
          i += U16_LENGTH(c);
        }
        folded = nfc->normalize(stripped, status);
      }
      if (U_FAILURE(status))
        return {};
      for (int32_t i = 0; i < folded.length();) {
        const UChar32 c = folded.char32At(i);
        utf8::append(out,
                     is_apostrophe(static_cast<char32_t>(c)) ? U'\'' : static_cast<char32_t>(c));
        i += U16_LENGTH(c);
      }
    }
    const char drop = numeric ? ',' : '.';
    std::erase(out, drop);
    return out;
  }

  std::string stem_of(const std::string& term) const {
    // Numbers, dates and codes ("g20", "2014-09-15") are kept as written.
    if (has_digit(term))
      return term;
    if (const std::string* cached = stem_cache.find(term))
      return *cached;
    return stem_cache.insert(term, stemmer(term));
  }

  // Moves the word's term into the token when `w` may be consumed.
  void emit(std::vector<Token>& out, Word& w, std::uint32_t& position, bool consume) const {
    if (w.term.empty() || w.term.size() > max_token_bytes)
      return;
    std::string stem = stem_of(w.term);
    out.push_back(Token{consume ? std::move(w.term) : w.term, std::move(stem), w.begin, w.end,
                        position++, false});
  }

  // A run of words joined by hyphens or digit-group spaces.
  void emit_compound(std::vector<Token>& out, std::vector<Word>& parts,
                     std::uint32_t& position) const {
    if (parts.empty())
      return;
    if (parts.size() == 1) {
      emit(out, parts.front(), position, true);
    } else if (is_iso_date(parts)) {
      Word date{parts[0].term + '-' + parts[1].term + '-' + parts[2].term, parts.front().begin,
                parts.back().end};
      emit(out, date, position, true);
    } else {
      const std::uint32_t first = position;
      std::string joined;
      for (Word& part : parts) {
        emit(out, part, position, false);
        joined += part.term;
      }
      if (position > first && !joined.empty() && joined.size() <= max_token_bytes) {
        out.push_back(
            Token{joined, stem_of(joined), parts.front().begin, parts.back().end, first, true});
      }
    }
    parts.clear();
  }

  std::vector<Token> analyze(std::string_view text) {
    convert(text);
    std::vector<Token> out;
    out.reserve(text16.size() / 4 + 1);  // words take more than four characters: rarely regrown
    UErrorCode status = U_ZERO_ERROR;
    UText* ut =
        utext_openUChars(nullptr, text16.data(), static_cast<int64_t>(text16.size()), &status);
    words->setText(ut, status);
    if (U_FAILURE(status)) {
      utext_close(ut);
      throw Error(Error::Kind::io,
                  std::string("ICU word segmentation failed: ") + u_errorName(status));
    }

    std::vector<Word> compound;
    enum class Join { none, hyphen, digit_group } join = Join::none;
    std::uint32_t position = 0;
    int32_t start = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         start = end, end = words->next()) {
      const int32_t rule = words->getRuleStatus();
      if (rule < UBRK_WORD_NONE_LIMIT)
        continue;  // spaces, punctuation, symbols
      const std::u16string_view span(text16.data() + start, static_cast<std::size_t>(end - start));
      Word w;
      w.numeric = rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT;
      w.term = normalize(span, w.numeric);
      w.begin = byte_offset[static_cast<std::size_t>(start)];
      w.end = byte_offset[static_cast<std::size_t>(end)];
      w.begin16 = static_cast<std::size_t>(start);
      w.end16 = static_cast<std::size_t>(end);
      w.digits_only = is_ascii_digits(w.term);

      bool continues = false;
      if (!compound.empty()) {
        const Word& prev = compound.back();
        const std::u16string_view sep(text16.data() + prev.end16, w.begin16 - prev.end16);
        if (join != Join::digit_group && is_hyphen_separator(sep)) {
          continues = true;
          join = Join::hyphen;
        } else if (join != Join::hyphen && is_group_separator(sep) && w.digits_only &&
                   w.term.size() == 3 && prev.digits_only &&
                   (compound.size() == 1 ? prev.term.size() <= 3 : prev.term.size() == 3)) {
          continues = true;
          join = Join::digit_group;
        }
      }
      if (!continues) {
        emit_compound(out, compound, position);
        join = Join::none;
      }
      compound.push_back(std::move(w));
    }
    emit_compound(out, compound, position);
    utext_close(ut);
    return out;
  }
};

Analyzer::Analyzer(AnalyzerSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::vector<Token> Analyzer::analyze(std::string_view text) {
  return impl_->analyze(text);
}

std::vector<std::string> Analyzer::terms(std::string_view text) {
  std::vector<std::string> out;
  for (Token& token : impl_->analyze(text))
    out.push_back(std::move(token.term));
  return out;
}

std::string Analyzer::stem(std::string_view term) const {
  return impl_->stem_of(std::string(term));
}

const AnalyzerSettings& Analyzer::settings() const noexcept {
  return impl_->settings;
}

}  // namespace byline
