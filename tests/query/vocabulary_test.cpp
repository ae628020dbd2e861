// Fuzzy and prefix look-ups in an index's vocabulary, checked against a
// brute-force edit distance over the same words.
#include "query/vocabulary.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "engine/index_access.hpp"
#include "test_support.hpp"

namespace {

unsigned levenshtein(const std::string& a, const std::string& b) {
  std::vector<unsigned> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    unsigned diagonal = row[0];
    row[0] = static_cast<unsigned>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const unsigned above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

TEST_CASE("fuzzy matches are exactly the words within the distance, closest first") {
  byline::test::TempDir dir;
  std::mt19937 random(42);
  std::vector<std::string> vocabulary;
  const std::string letters = "abcdeimnorst";
  for (int k = 0; k < 3000; ++k) {
    std::string word;
    const int length = 3 + static_cast<int>(random() % 7);
    for (int c = 0; c < length; ++c)
      word += letters[random() % letters.size()];
    vocabulary.push_back(word);
  }
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    for (std::size_t k = 0; k < vocabulary.size(); k += 10) {
      byline::Article article;
      article.id = "a" + std::to_string(k);
      for (std::size_t w = k; w < std::min(k + 10, vocabulary.size()); ++w) {
        article.body += vocabulary[w] + " ";
      }
      writer.add(article);
    }
    writer.commit();
  }
  auto index = byline::Index::open(dir / "idx");
  const auto& db = byline::detail::IndexAccess::database(index);
  const std::set<std::string> distinct(vocabulary.begin(), vocabulary.end());
  for (const std::string probe : {"monster", "abc", "retain", "zzzz", "striden"}) {
    for (unsigned distance = 1; distance <= 2; ++distance) {
      CAPTURE(probe);
      CAPTURE(distance);
      std::set<std::string> expected;
      for (const auto& w : distinct) {
        if (levenshtein(probe, w) <= distance)
          expected.insert(w);
      }
      const auto found = byline::detail::fuzzy_matches(db, probe, distance, 100000);
      std::set<std::string> got;
      for (const auto& m : found) {
        got.insert(m.term);
        CHECK(m.distance == levenshtein(probe, m.term));
      }
      CHECK(got == expected);
      CHECK(std::is_sorted(found.begin(), found.end(),
                           [](const auto& a, const auto& b) { return a.distance < b.distance; }));
    }
  }
  const auto prefixed = byline::detail::expand_prefix(db, "st", 100000, 0);
  std::size_t expected_prefixed = 0;
  for (const auto& w : distinct)
    expected_prefixed += w.starts_with("st") ? 1 : 0;
  CHECK(prefixed.size() == expected_prefixed);
}
