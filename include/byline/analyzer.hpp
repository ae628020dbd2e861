// Analyzer: the one text analysis byline uses, at index time, at query time
// and when highlighting. If these ever disagreed, phrases and highlights would
// silently break, so every layer goes through this class.
//
// The pipeline (ICU underneath):
//   1. word segmentation with ICU's word BreakIterator on the original text;
//   2. per word: NFKC normalization with case folding, curly apostrophes made
//      straight, dots inside acronyms dropped ("U.S." -> "us"), digit-group
//      commas dropped ("31,000" -> "31000"), diacritics folded if enabled;
//   3. compounds: a hyphenated word ("al-Qaeda") yields its parts at
//      consecutive positions plus the joined form ("alqaeda", flagged
//      `joined`); so do digit groups split by a space ("31 500");
//      an ISO date ("2014-09-15") stays one token;
//   4. stemming for the text's language: Xapian's Snowball stemmer when it
//      has one for that language (none otherwise), after the elided article
//      of French, Italian and Catalan words ("l'Irak" -> "irak") and Korean
//      particles (서울에서 -> 서울) are taken off; for a stemmer that reads
//      accents, the word with its accents is stemmed too (accented_stem).
// Each token keeps its byte offsets into the text it came from.
//
// Only step 4 depends on the language: a word's exact form and its position
// are the same in every language, so an index can hold articles of many
// languages, each stemmed in its own, and a query can look for a word's
// stems in all of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

struct AnalyzerSettings {
  // A Xapian stemmer name ("english", "french", ...), or "none": the
  // language of text whose own language is not known (and of every
  // article when article_languages is false).
  std::string language = "english";
  // Fold diacritics where a script's readers expect it, so that "Francois"
  // matches "François" and "Soren" "Søren" (the rule: engine/script_folding.hpp).
  bool fold_diacritics = true;
  // Stem each article in its own language (given, or detected when
  // indexing). Indexes made before byline 0.9 stem every article in
  // `language`, and open with this false.
  bool article_languages = true;
  // Fold by script (engine/script_folding.hpp). Indexes made before byline
  // 0.9 stripped every combining mark in every script, and open with this
  // false, so that they are queried as they were made.
  bool script_folding = true;

  // Member by member, as a defaulted C++20 operator== would (written out so
  // that the public headers stay C++17): a new member must join them.
  friend bool operator==(const AnalyzerSettings& a, const AnalyzerSettings& b) noexcept {
    return a.language == b.language && a.fold_diacritics == b.fold_diacritics &&
           a.article_languages == b.article_languages && a.script_folding == b.script_folding;
  }
  friend bool operator!=(const AnalyzerSettings& a, const AnalyzerSettings& b) noexcept {
    return !(a == b);
  }
};

struct Token {
  std::string term;       // the normalized word
  std::string stem;       // its stem (equal to term for numbers and dates)
  std::size_t begin = 0;  // byte offsets of the word in the analysed text: [begin, end)
  std::size_t end = 0;
  std::uint32_t position = 0;  // word position, from 0, counting non-joined tokens only
  bool joined = false;         // the joined form of a compound; shares the first part's position
  // The stem of the word read with its accents, when the language's stemmer
  // reads them and it differs from `stem` (made from the folded word):
  // Spanish "inundación" is "inundacion" folded, "inund" accented, the stem
  // of "inundaciones" either way. Both stand at the word's position, so a
  // query written with or without accents finds the word. Empty otherwise.
  std::string accented_stem;

  // Member by member, as operator== of AnalyzerSettings.
  friend bool operator==(const Token& a, const Token& b) noexcept {
    return a.term == b.term && a.stem == b.stem && a.begin == b.begin && a.end == b.end &&
           a.position == b.position && a.joined == b.joined && a.accented_stem == b.accented_stem;
  }
  friend bool operator!=(const Token& a, const Token& b) noexcept { return !(a == b); }
};

class Analyzer {
 public:
  // Throws Error(invalid_argument) for a language Xapian has no stemmer for.
  explicit Analyzer(AnalyzerSettings settings = {});
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Splits UTF-8 text into tokens. Invalid UTF-8 sequences are treated as
  // separators, never as words, and never throw. Words longer than
  // max_token_bytes after normalization are dropped (Xapian caps terms at 245
  // bytes, and such "words" are URLs or junk).
  // Not thread-safe: give each thread its own Analyzer.
  //
  // `language` is the text's: an ISO 639 code ("fr", "pt-BR") or a Xapian
  // stemmer name ("french"); a language Xapian has no stemmer for ("zh",
  // "he") is not stemmed; empty means settings().language, and so does any
  // language when settings().article_languages is false.
  [[nodiscard]] std::vector<Token> analyze(std::string_view text, std::string_view language = {});

  // Convenience for tests and tools: the terms of analyze(), joined forms
  // included, in order.
  [[nodiscard]] std::vector<std::string> terms(std::string_view text);

  // The stem of an already normalized term, for `language` as analyze()
  // reads it (Token::stem, not accented_stem).
  [[nodiscard]] std::string stem(std::string_view term, std::string_view language = {}) const;

  // The Xapian stemmer name analyze() uses for `language`: "french" for
  // "fr" or "fr-CA", "none" for "zh", settings().language for "".
  [[nodiscard]] std::string stemmer_name(std::string_view language) const;

  [[nodiscard]] const AnalyzerSettings& settings() const noexcept;

  static constexpr std::size_t max_token_bytes = 100;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
