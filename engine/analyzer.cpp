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
#include "engine/field_keys.hpp"
#include "engine/script_folding.hpp"
#include "engine/stem_cache.hpp"
#include "engine/utf8.hpp"
#include "engine/word_affixes.hpp"
#include "engine/xapian_error.hpp"

namespace byline {

namespace {

// One word found by the BreakIterator, already normalized.
struct Word {
  std::string term;
  // The word before diacritic folding, when folding changed it: what the
  // stemmer reads (see Analyzer::Impl::normalize()).
  std::string unfolded;
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

// One language's stemming: Xapian's stemmer and the stems it has made.
struct LanguageStemmer {
  std::string name;  // Xapian's name for it: "french", "none"
  Xapian::Stem stemmer;
  // Whether its rules read accented letters (Spanish "-ación", French
  // "-ée"): then it is given words before diacritic folding. English's
  // stemmers see "é" as a consonant: "résumé" would no longer meet "resume".
  bool reads_accents = false;
  // Stems of words already seen (a tenth of indexing time saved, measured).
  detail::StemCache cache;
};

// Xapian's name of a stemmer, from its description "Xapian::Stem(french)".
std::string stemmer_name_of(const Xapian::Stem& stemmer) {
  const std::string description = stemmer.get_description();
  const auto open = description.find('(');
  const auto close = description.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close <= open)
    return "none";
  return description.substr(open + 1, close - open - 1);
}

bool reads_accents(std::string_view stemmer) {
  return stemmer != "none" && stemmer != "english" && stemmer != "porter" && stemmer != "lovins" &&
         stemmer != "earlyenglish";
}

}  // namespace

struct Analyzer::Impl {
  AnalyzerSettings settings;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;

  // Reused between calls: the text as UTF-16, and the byte offset in the
  // original text of every UTF-16 unit (plus one past the end).
  std::u16string text16;
  std::vector<std::size_t> byte_offset;

  // The stemmers asked for so far, by the language as asked ("fr"); the
  // first is the default's. Languages with one stemmer share it, and its
  // cache: "en" articles in an "english" index cost what they did.
  mutable std::vector<std::pair<std::string, std::shared_ptr<LanguageStemmer>>> stemmers;
  // The stemmer of the text analyze() is analysing.
  LanguageStemmer* current = nullptr;

  explicit Impl(AnalyzerSettings s) : settings(std::move(s)) {
    auto fallback = std::make_shared<LanguageStemmer>();
    fallback->stemmer =
        detail::guard_xapian("creating the stemmer for language '" + settings.language + "'",
                             [&] { return Xapian::Stem(settings.language); });
    fallback->name = stemmer_name_of(fallback->stemmer);
    fallback->reads_accents = reads_accents(fallback->name);
    stemmers.emplace_back(std::string(), std::move(fallback));
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

  // Whether words are also stemmed before diacritic folding (Token::
  // accented_stem): most Snowball stemmers read accents ("inundación" and
  // "inundaciones" share the Spanish stem "inund" only with theirs).
  // Indexes made before per-article languages stemmed folded words only,
  // and still do.
  bool stems_unfolded() const { return settings.fold_diacritics && settings.article_languages; }

  static std::string to_utf8(const icu::UnicodeString& text) {
    std::string out;
    for (int32_t i = 0; i < text.length();) {
      const UChar32 c = text.char32At(i);
      utf8::append(out, is_apostrophe(static_cast<char32_t>(c)) ? U'\'' : static_cast<char32_t>(c));
      i += U16_LENGTH(c);
    }
    return out;
  }

  // NFKC + case folding, straight apostrophes, optional diacritic folding,
  // then dots dropped from abbreviations and commas from digit groups.
  // `unfolded` gets the word as it was before diacritic folding when that
  // changed it and stems_unfolded(), else is left empty.
  std::string normalize(std::u16string_view word, bool numeric, std::string& unfolded) const {
    std::string out;
    unfolded.clear();
    const char drop = numeric ? ',' : '.';
    const bool ascii = std::all_of(word.begin(), word.end(), [](char16_t c) { return c < 0x80; });
    if (ascii) {
      out.reserve(word.size());
      for (char16_t c : word) {
        out += static_cast<char>(c >= u'A' && c <= u'Z' ? c + 32 : c);
      }
    } else {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString cased = nfkc_casefold->normalize(
          icu::UnicodeString(false, word.data(), static_cast<int32_t>(word.size())), status);
      if (U_FAILURE(status))
        return {};
      if (settings.fold_diacritics) {
        out = to_utf8(fold(cased));
        if (stems_unfolded()) {
          unfolded = to_utf8(cased);
          std::erase(unfolded, drop);
        }
      } else {
        out = to_utf8(cased);
      }
    }
    std::erase(out, drop);
    if (unfolded == out)
      unfolded.clear();
    return out;
  }

  // `text` (UTF-8) with its diacritics folded.
  std::string folded(const std::string& text) const {
    if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; }))
      return text;
    return to_utf8(fold(icu::UnicodeString::fromUTF8(text)));
  }

  icu::UnicodeString fold(const icu::UnicodeString& text) const {
    return settings.script_folding ? detail::fold_diacritics(text, *nfd, *nfc)
                                   : detail::strip_all_marks(text, *nfd, *nfc);
  }

  LanguageStemmer& stemmer_for(std::string_view language) const {
    if (language.empty() || !settings.article_languages)
      return *stemmers.front().second;
    const std::string key = detail::language_key(language);
    for (const auto& [asked, stemmer] : stemmers) {
      if (asked == key)
        return *stemmer;
    }
    // Xapian knows languages by name and by ISO 639 code; any other is not
    // stemmed (Chinese, Hebrew, Korean: see word_affixes.hpp for the last).
    Xapian::Stem stemmer;
    try {
      stemmer = Xapian::Stem(key);
    } catch (const Xapian::Error&) {
      stemmer = Xapian::Stem("none");
    }
    const std::string name = stemmer_name_of(stemmer);
    for (std::size_t k = 0; k < stemmers.size(); ++k) {
      if (stemmers[k].second->name == name) {
        std::shared_ptr<LanguageStemmer> shared = stemmers[k].second;
        stemmers.emplace_back(key, shared);
        return *shared;
      }
    }
    auto made = std::make_shared<LanguageStemmer>();
    made->stemmer = std::move(stemmer);
    made->name = name;
    made->reads_accents = reads_accents(name);
    stemmers.emplace_back(key, made);
    return *made;
  }

  // The stem of `word` (normalized; before diacritic folding when
  // `accented`, and then the stem is folded as terms are).
  std::string stem_of(const std::string& word, LanguageStemmer& language, bool accented) const {
    // Numbers, dates and codes ("g20", "2014-09-15") are kept as written.
    if (has_digit(word))
      return word;
    // The cache holds both kinds: an accented word is never a folded one.
    if (const std::string* cached = language.cache.find(word))
      return *cached;
    const std::string_view base =
        detail::without_korean_particle(detail::without_elision(word, language.name));
    std::string stem = language.stemmer(std::string(base));
    return language.cache.insert(word, accented ? folded(stem) : std::move(stem));
  }

  std::string stem_of(const Word& w) const { return stem_of(w.term, *current, false); }

  // Token::accented_stem of `w` whose stem is `stem`.
  std::string accented_stem_of(const Word& w, const std::string& stem) const {
    if (w.unfolded.empty() || !current->reads_accents)
      return {};
    std::string accented = stem_of(w.unfolded, *current, true);
    return accented == stem ? std::string() : accented;
  }

  // Moves the word's term into the token when `w` may be consumed.
  void emit(std::vector<Token>& out, Word& w, std::uint32_t& position, bool consume) const {
    if (w.term.empty() || w.term.size() > max_token_bytes)
      return;
    std::string stem = stem_of(w);
    std::string accented = accented_stem_of(w, stem);
    out.push_back(Token{consume ? std::move(w.term) : w.term, std::move(stem), w.begin, w.end,
                        position++, false, std::move(accented)});
  }

  // A run of words joined by hyphens or digit-group spaces.
  void emit_compound(std::vector<Token>& out, std::vector<Word>& parts,
                     std::uint32_t& position) const {
    if (parts.empty())
      return;
    if (parts.size() == 1) {
      emit(out, parts.front(), position, true);
    } else if (is_iso_date(parts)) {
      Word date;
      date.term = parts[0].term + '-' + parts[1].term + '-' + parts[2].term;
      date.begin = parts.front().begin;
      date.end = parts.back().end;
      emit(out, date, position, true);
    } else {
      const std::uint32_t first = position;
      Word joined;
      bool accented = false;  // some part has an unfolded form
      for (Word& part : parts) {
        emit(out, part, position, false);
        joined.term += part.term;
        joined.unfolded += part.unfolded.empty() ? part.term : part.unfolded;
        accented = accented || !part.unfolded.empty();
      }
      if (!accented)
        joined.unfolded.clear();
      if (position > first && !joined.term.empty() && joined.term.size() <= max_token_bytes) {
        std::string stem = stem_of(joined);
        std::string accented_stem = accented_stem_of(joined, stem);
        out.push_back(Token{std::move(joined.term), std::move(stem), parts.front().begin,
                            parts.back().end, first, true, std::move(accented_stem)});
      }
    }
    parts.clear();
  }

  std::vector<Token> analyze(std::string_view text, std::string_view language) {
    current = &stemmer_for(language);
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
      w.term = normalize(span, w.numeric, w.unfolded);
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

std::vector<Token> Analyzer::analyze(std::string_view text, std::string_view language) {
  return impl_->analyze(text, language);
}

std::vector<std::string> Analyzer::terms(std::string_view text) {
  std::vector<std::string> out;
  for (Token& token : impl_->analyze(text, {}))
    out.push_back(std::move(token.term));
  return out;
}

std::string Analyzer::stem(std::string_view term, std::string_view language) const {
  return impl_->stem_of(std::string(term), impl_->stemmer_for(language), false);
}

std::string Analyzer::stemmer_name(std::string_view language) const {
  return impl_->stemmer_for(language).name;
}

const AnalyzerSettings& Analyzer::settings() const noexcept {
  return impl_->settings;
}

}  // namespace byline
