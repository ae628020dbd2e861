// A deterministic generator of news-like articles, for benchmarks at scale.
//
// The language model is learned from real text (the Brown corpus and the
// seed articles): every token of the training text is kept in one stream,
// with the positions where each word occurs. Generating walks that stream:
// after emitting the token at position p, it usually emits the one at p + 1
// (so short runs of real phrases survive), and otherwise jumps to another
// occurrence of the same word and goes on from there (so the next word
// follows the word-to-word transitions of the training text). Jumps stay
// inside the article's "anchor" training document more often than not,
// which keeps words that co-occur in real text together in one article.
// Word frequencies are therefore those of the training text.
//
// Around the text: about 300 sources with Zipf-like popularity, dates from
// 2000 to 2024 in roughly chronological order, and lengths drawn from a
// right-skewed distribution typical of news (median ~350 words, a tail to
// 3,000). Only integer arithmetic on a seeded SplitMix64: the same model
// text and seed give the same bytes everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "byline/article.hpp"

namespace byline::bench {

class Generator {
 public:
  // `training`: paths of .txt files, folders of .txt files (a
  // manifest.jsonl in them is ignored) and .jsonl article files. Throws
  // std::runtime_error when none holds any text.
  explicit Generator(const std::vector<std::string>& training);
  ~Generator();
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;

  // Article `index` (from 0) of `count` for this seed; independent of the
  // other articles, so any slice can be regenerated alone.
  [[nodiscard]] Article article(std::uint64_t seed, std::size_t index, std::size_t count) const;

  // Writes articles [0, count) as JSON Lines.
  void write(std::ostream& out, std::uint64_t seed, std::size_t count) const;

  [[nodiscard]] std::size_t vocabulary_size() const;
  [[nodiscard]] std::size_t training_tokens() const;

 private:
  struct Model;
  std::unique_ptr<Model> model_;
};

}  // namespace byline::bench
