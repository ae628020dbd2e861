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
//   4. stemming with Xapian's stemmer for the configured language.
// Each token keeps its byte offsets into the text it came from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

struct AnalyzerSettings {
  // A Xapian stemmer name ("english", "french", ...), or "none".
  std::string language = "english";
  // Fold diacritics, so that "Francois" matches "François".
  bool fold_diacritics = true;

  friend bool operator==(const AnalyzerSettings&, const AnalyzerSettings&) = default;
};

struct Token {
  std::string term;       // the normalized word
  std::string stem;       // its stem (equal to term for numbers and dates)
  std::size_t begin = 0;  // byte offsets of the word in the analysed text: [begin, end)
  std::size_t end = 0;
  std::uint32_t position = 0;  // word position, from 0, counting non-joined tokens only
  bool joined = false;         // the joined form of a compound; shares the first part's position

  friend bool operator==(const Token&, const Token&) = default;
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
  [[nodiscard]] std::vector<Token> analyze(std::string_view text);

  // Convenience for tests and tools: the terms of analyze(), joined forms
  // included, in order.
  [[nodiscard]] std::vector<std::string> terms(std::string_view text);

  // The stem of an already normalized term.
  [[nodiscard]] std::string stem(std::string_view term) const;

  [[nodiscard]] const AnalyzerSettings& settings() const noexcept;

  static constexpr std::size_t max_token_bytes = 100;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
