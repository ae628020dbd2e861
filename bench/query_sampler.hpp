// Distinct benchmark queries, sampled deterministically from the corpus
// being measured: words by document-frequency band, and word pairs that
// occur side by side in it (for phrases and proximity).
//
// Bands (share of articles containing the word): common >= 5%, medium
// 0.5-5%, rare < 0.5% (in at least 3 articles). A query set takes a third
// from each band, so medians reflect typical words and the p99 the common
// ones, whose long posting lists make engines' tails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace byline::bench {

struct Vocabulary {
  std::size_t articles = 0;
  struct Word {
    std::string text;
    std::uint32_t df = 0;
  };
  std::vector<Word> words;  // lower-case ASCII words of 3-20 letters, no stopwords
  struct Pair {
    std::string first, second;
    std::uint32_t min_df = 0;
  };
  std::vector<Pair> pairs;  // adjacent words, not both stopwords
};

// Reads every article of the JSON Lines file (title and body).
[[nodiscard]] Vocabulary scan_corpus(const std::string& corpus, std::uint64_t seed);

// What a query template needs filled in.
enum class SampleKind {
  one_word,   // {a}
  two_words,  // {a} {b}, independent
  adjacent,   // {a} {b}, side by side somewhere in the corpus
  prefix,     // {a}: the first four letters of a word (for wildcards)
};

struct Sample {
  std::string a, b;
};

// `count` distinct samples (fewer if the corpus has fewer).
[[nodiscard]] std::vector<Sample> sample_queries(const Vocabulary& vocabulary, SampleKind kind,
                                                 std::size_t count, std::uint64_t seed);

}  // namespace byline::bench
