#include "bench/query_sampler.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/corpus/random.hpp"

namespace byline::bench {

namespace {

const std::unordered_set<std::string_view>& stopwords() {
  static const std::unordered_set<std::string_view> words = {
      "the",   "and",   "for",   "that",   "with",  "was",   "his",   "her",     "are",
      "but",   "not",   "you",   "all",    "any",   "can",   "had",   "has",     "have",
      "him",   "its",   "our",   "out",    "she",   "they",  "this",  "were",    "which",
      "who",   "will",  "would", "there",  "their", "what",  "when",  "from",    "been",
      "one",   "into",  "than",  "them",   "then",  "these", "some",  "could",   "other",
      "more",  "only",  "also",  "such",   "may",   "about", "over",  "should",  "very",
      "most",  "those", "after", "before", "where", "while", "each",  "both",    "did",
      "does",  "how",   "now",   "own",    "same",  "too",   "being", "because", "between",
      "under", "again", "here",  "just",   "your",  "yours", "upon",  "said"};
  return words;
}

constexpr std::size_t kMaxPairs = 50000;

enum Band { common, medium, rare };

Band band_of(std::uint32_t df, std::size_t articles) {
  if (df * 20ULL >= articles)
    return common;
  if (df * 200ULL >= articles)
    return medium;
  return rare;
}

}  // namespace

Vocabulary scan_corpus(const std::string& corpus, std::uint64_t seed) {
  struct Count {
    std::uint32_t df = 0;
    std::uint32_t last = 0;
  };
  std::unordered_map<std::string, Count> counts;
  std::vector<std::pair<std::string, std::string>> pairs;
  Random rng(seed);
  std::size_t pairs_seen = 0;
  std::uint32_t article = 0;
  read_articles(corpus, 0, [&](Article&& a) {
    ++article;
    const std::string text = a.title + ".\n" + a.body;
    std::string word, previous;
    bool adjacent = false;  // only spaces since `previous`
    const auto finish_word = [&] {
      if (word.empty())
        return;
      if (word.size() >= 3 && word.size() <= 20) {
        Count& c = counts[word];
        if (c.last != article)
          c.last = article, ++c.df;
      }
      if (adjacent && !previous.empty() &&
          !(stopwords().count(previous) && stopwords().count(word))) {
        // Reservoir sampling: every adjacent pair equally likely.
        ++pairs_seen;
        if (pairs.size() < kMaxPairs) {
          pairs.emplace_back(previous, word);
        } else if (const auto slot = rng.below(pairs_seen); slot < kMaxPairs) {
          pairs[slot] = {previous, word};
        }
      }
      previous = std::move(word);
      word.clear();
      adjacent = true;
    };
    for (const char c : text) {
      if (c >= 'a' && c <= 'z') {
        word += c;
      } else if (c >= 'A' && c <= 'Z') {
        word += static_cast<char>(c + 32);
      } else {
        finish_word();
        if (c != ' ') {
          adjacent = false;
          previous.clear();
        }
      }
    }
    finish_word();
    return true;
  });

  Vocabulary v;
  v.articles = article;
  for (auto& [text, c] : counts) {
    if (!stopwords().count(text))
      v.words.push_back({text, c.df});
  }
  // Sorted, so that sampling does not depend on hash-table order.
  std::sort(v.words.begin(), v.words.end(),
            [](const auto& x, const auto& y) { return x.text < y.text; });
  for (auto& [first, second] : pairs) {
    const auto df = [&](const std::string& w) {
      const auto it = counts.find(w);
      return it == counts.end() ? 1U : it->second.df;
    };
    if (first.size() < 2 || second.size() < 2)
      continue;
    v.pairs.push_back({first, second, std::min(df(first), df(second))});
  }
  std::sort(v.pairs.begin(), v.pairs.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first, x.second) < std::tie(y.first, y.second);
  });
  return v;
}

std::vector<Sample> sample_queries(const Vocabulary& v, SampleKind kind, std::size_t count,
                                   std::uint64_t seed) {
  Random rng(seed ^ (static_cast<std::uint64_t>(kind) + 1) * 0x9E3779B97F4A7C15ULL);
  std::array<std::vector<const Vocabulary::Word*>, 3> words;
  for (const auto& w : v.words) {
    if (w.df >= 3 || v.articles < 1000)
      words[band_of(w.df, v.articles)].push_back(&w);
  }
  std::array<std::vector<const Vocabulary::Pair*>, 3> pairs;
  for (const auto& p : v.pairs)
    pairs[band_of(p.min_df, v.articles)].push_back(&p);

  const auto word_in = [&](std::size_t band) -> const std::string* {
    for (std::size_t b = band; b < band + 3; ++b) {  // an empty band borrows from the next
      const auto& list = words[b % 3];
      if (!list.empty())
        return &list[rng.below(list.size())]->text;
    }
    return nullptr;
  };

  std::vector<Sample> samples;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t attempt = 0; samples.size() < count && attempt < count * 20; ++attempt) {
    const std::size_t band = samples.size() % 3;
    Sample s;
    switch (kind) {
      case SampleKind::one_word:
      case SampleKind::prefix: {
        const std::string* w = word_in(band);
        if (w == nullptr)
          return samples;
        if (kind == SampleKind::prefix && w->size() < 6)
          continue;  // a prefix of four letters, of a longer word
        s.a = kind == SampleKind::prefix ? w->substr(0, 4) : *w;
        break;
      }
      case SampleKind::two_words: {
        const std::string* a = word_in(band);
        const std::string* b = word_in(rng.below(3));
        if (a == nullptr || b == nullptr)
          return samples;
        if (*a == *b)
          continue;
        s.a = *a, s.b = *b;
        break;
      }
      case SampleKind::adjacent: {
        const Vocabulary::Pair* p = nullptr;
        for (std::size_t b = band; b < band + 3 && p == nullptr; ++b) {
          const auto& list = pairs[b % 3];
          if (!list.empty())
            p = list[rng.below(list.size())];
        }
        if (p == nullptr)
          return samples;
        s.a = p->first, s.b = p->second;
        break;
      }
    }
    if (seen.insert({s.a, s.b}).second)
      samples.push_back(std::move(s));
  }
  return samples;
}

}  // namespace byline::bench
