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

// The optimal string alignment distance, brute force: Levenshtein's edits
// and a swap of two adjacent characters (ASCII here).
unsigned damerau(const std::string& a, const std::string& b) {
  std::vector<std::vector<unsigned>> d(a.size() + 1, std::vector<unsigned>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = static_cast<unsigned>(i);
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// Glob matching, brute force by recursion: '*' any run, '?' one character.
bool glob(std::string_view p, std::string_view t) {
  if (p.empty())
    return t.empty();
  if (p.front() == '*')
    return glob(p.substr(1), t) || (!t.empty() && glob(p, t.substr(1)));
  return !t.empty() && (p.front() == '?' || p.front() == t.front()) &&
         glob(p.substr(1), t.substr(1));
}

// An index of `vocabulary`, ten words an article.
void index_words(const std::filesystem::path& path, const std::vector<std::string>& vocabulary) {
  auto index = byline::test::create_index(path);
  byline::Writer writer(index);
  for (std::size_t k = 0; k < vocabulary.size(); k += 10) {
    byline::Article article;
    article.id = "a" + std::to_string(k);
    for (std::size_t w = k; w < std::min(k + 10, vocabulary.size()); ++w)
      article.body += vocabulary[w] + " ";
    writer.add(article);
  }
  writer.commit();
}

std::vector<std::string> random_words(std::size_t count) {
  std::mt19937 random(42);
  std::vector<std::string> vocabulary;
  const std::string letters = "abcdeimnorst";
  for (std::size_t k = 0; k < count; ++k) {
    std::string word;
    const int length = 3 + static_cast<int>(random() % 7);
    for (int c = 0; c < length; ++c)
      word += letters[random() % letters.size()];
    vocabulary.push_back(word);
  }
  return vocabulary;
}

}  // namespace

TEST_CASE("fuzzy matches are exactly the words within the distance, closest first") {
  byline::test::TempDir dir;
  const std::vector<std::string> vocabulary = random_words(3000);
  index_words(dir / "idx", vocabulary);
  auto index = byline::Index::open(dir / "idx");
  const auto& db = byline::detail::IndexAccess::database(index);
  const std::set<std::string> distinct(vocabulary.begin(), vocabulary.end());
  for (const std::string probe : {"monster", "abc", "retain", "zzzz", "striden", "mnoster"}) {
    for (unsigned distance = 1; distance <= 2; ++distance) {
      CAPTURE(probe);
      CAPTURE(distance);
      std::set<std::string> expected;
      for (const auto& w : distinct) {
        if (damerau(probe, w) <= distance)
          expected.insert(w);
      }
      const auto found = byline::detail::fuzzy_matches(db, probe, distance, 100000);
      std::set<std::string> got;
      for (const auto& m : found) {
        got.insert(m.term);
        CHECK(m.distance == damerau(probe, m.term));
        CHECK(m.distance == byline::detail::edit_distance(probe, m.term));
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

TEST_CASE("fuzzy: two adjacent letters swapped are one edit, counted in characters") {
  using byline::detail::edit_distance;
  CHECK(edit_distance("kerry", "krery") == 1);  // Levenshtein: 2
  CHECK(edit_distance("kerry", "kreyr") == 2);  // two swaps
  CHECK(edit_distance("khamenei", "khamenie") == 1);
  CHECK(edit_distance("ab", "ba") == 1);
  CHECK(edit_distance("москва", "мсоква") == 1);  // two-byte letters: one edit, not four
  CHECK(edit_distance("straße", "strasse") == 2);
  CHECK(byline::detail::code_points("москва") == 6);
  CHECK(byline::detail::automatic_fuzzy_distance(byline::detail::code_points("москва")) == 2);

  byline::test::TempDir dir;
  index_words(dir / "idx", {"krery", "kreyr", "kerry", "kerr", "mсоква", "мсоква", "rekry"});
  auto index = byline::Index::open(dir / "idx");
  const auto& db = byline::detail::IndexAccess::database(index);
  const auto terms = [&](std::string_view word, unsigned distance) {
    std::set<std::string> out;
    for (const auto& m : byline::detail::fuzzy_matches(db, word, distance, 100))
      out.insert(m.term);
    return out;
  };
  CHECK(terms("kerry", 1) == std::set<std::string>{"kerry", "krery", "kerr"});
  CHECK(terms("kerry", 2) == std::set<std::string>{"kerry", "krery", "kreyr", "kerr", "rekry"});
  CHECK(terms("москва", 1) == std::set<std::string>{"мсоква"});
  // A swap at the very start, where the walk prunes first.
  CHECK(terms("erkry", 1) == std::set<std::string>{"rekry"});
}

TEST_CASE("wildcards anywhere: '*' any run of characters, '?' exactly one") {
  using byline::detail::wildcard_matches;
  CHECK(wildcard_matches("z?a*", "zealand"));
  CHECK_FALSE(wildcard_matches("z?a*", "zadig"));
  CHECK(wildcard_matches("pl*dge", "pledge"));
  CHECK(wildcard_matches("pl*dge", "pldge"));
  CHECK_FALSE(wildcard_matches("pl*dge", "pledged"));
  CHECK(wildcard_matches("*zz", "jazz"));
  CHECK(wildcard_matches("m?nchen", "münchen"));  // one character, two bytes
  CHECK_FALSE(wildcard_matches("m??nchen", "münchen"));
  CHECK(wildcard_matches("*a*b*", "xaxxbx"));

  byline::test::TempDir dir;
  const std::vector<std::string> vocabulary = random_words(3000);
  index_words(dir / "idx", vocabulary);
  auto index = byline::Index::open(dir / "idx");
  const auto& db = byline::detail::IndexAccess::database(index);
  const std::set<std::string> distinct(vocabulary.begin(), vocabulary.end());
  for (const std::string pattern :
       {"*st", "s*r", "?o*", "a?c*", "*e?", "m*o*n", "st*", "??", "*rt?s*", "t?*?e", "abc"}) {
    CAPTURE(pattern);
    std::vector<std::string> expected;
    for (const auto& w : distinct) {
      if (glob(pattern, w))
        expected.push_back(w);
    }
    CHECK(byline::detail::expand_wildcard(db, pattern, 100000, 0) == expected);
  }
  // Past the cap: an error at the position given, naming the pattern.
  try {
    (void)byline::detail::expand_wildcard(db, "*s", 5, 17);
    FAIL("no error");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::invalid_query);
    CHECK(*e.position() == 17);
    CHECK(std::string(e.what()).find("'*s' matches more than 5 words") != std::string::npos);
  }
}
