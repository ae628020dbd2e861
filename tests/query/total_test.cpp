// Honest counts: the total of a search is the number of matching articles,
// exactly, checked against counts computed independently over a generated
// corpus, for the queries whose Xapian estimate is furthest off (date
// ranges, phrases, NEAR); `*`, every article; and searches for facets and
// the total alone (limit 0).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

namespace {

// One generated article, as the test knows it (independently of the index).
struct Generated {
  std::string id;
  std::string source;
  std::string date;                // YYYY-MM-DD
  std::vector<std::string> words;  // the body, word by word

  [[nodiscard]] bool has(const std::string& w) const {
    return std::find(words.begin(), words.end(), w) != words.end();
  }
  // Positions of `w` in the body.
  [[nodiscard]] std::vector<std::size_t> at(const std::string& w) const {
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < words.size(); ++k) {
      if (words[k] == w)
        out.push_back(k);
    }
    return out;
  }
  // `a` directly followed by `b`.
  [[nodiscard]] bool phrase(const std::string& a, const std::string& b) const {
    for (std::size_t k = 0; k + 1 < words.size(); ++k) {
      if (words[k] == a && words[k + 1] == b)
        return true;
    }
    return false;
  }
  // `a` and `b` with at most `distance` words between them, either order.
  [[nodiscard]] bool near(const std::string& a, const std::string& b, std::size_t distance) const {
    for (const std::size_t i : at(a)) {
      for (const std::size_t j : at(b)) {
        if ((i < j ? j - i : i - j) <= distance + 1)
          return true;
      }
    }
    return false;
  }
  // The phrase "a b" and `c` with at most `distance` words between them.
  [[nodiscard]] bool phrase_near(const std::string& a, const std::string& b, const std::string& c,
                                 std::size_t distance) const {
    for (std::size_t k = 0; k + 1 < words.size(); ++k) {
      if (words[k] != a || words[k + 1] != b)
        continue;
      for (const std::size_t j : at(c)) {
        if ((j > k + 1 && j - (k + 1) - 1 <= distance) || (j < k && k - j - 1 <= distance))
          return true;
      }
    }
    return false;
  }
};

// Words the English stemmer leaves alone, so that the test's word lists
// are the index's terms. The first ones are the most frequent.
const std::vector<std::string> kWords = {"alpha", "beta",  "gamma", "delta", "kappa",
                                         "sigma", "omega", "zeta",  "theta", "lambda"};
const std::vector<std::string> kSources = {"Reuters", "BBC News", "Al Jazeera", "Haaretz",
                                           "News24"};

constexpr int kArticles = 3000;

// A deterministic corpus of short articles. The first few are dense in the
// frequent words, so that they score near the most any article can: with
// them as its first hits, Xapian's matcher stops early and estimates the
// rest, which is what exact totals must not do.
const std::vector<Generated>& generated() {
  static const std::vector<Generated> articles = [] {
    std::vector<Generated> out;
    std::uint64_t state = 18;
    const auto next = [&](std::uint64_t n) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % n;
    };
    for (int i = 0; i < kArticles; ++i) {
      Generated a;
      a.id = "t" + std::to_string(i);
      a.source = kSources[std::min(next(kSources.size()), next(kSources.size()))];
      const auto year = 2010 + next(10);
      const auto month = 1 + next(12);
      const auto day = 1 + next(28);
      a.date = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) +
               (day < 10 ? "-0" : "-") + std::to_string(day);
      if (i < 30) {
        for (int k = 0; k < 4; ++k) {
          for (const char* w : {"alpha", "beta", "gamma"})
            a.words.emplace_back(w);
        }
      } else {
        const std::size_t length = 8 + next(25);
        for (std::size_t k = 0; k < length; ++k) {
          // Skewed: the first words far more often than the last.
          a.words.push_back(kWords[std::min(next(kWords.size()), next(kWords.size()))]);
        }
      }
      out.push_back(std::move(a));
    }
    return out;
  }();
  return articles;
}

const std::filesystem::path& generated_index() {
  static byline::test::TempDir dir;
  static const std::filesystem::path path = [] {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    for (const Generated& g : generated()) {
      byline::Article a;
      a.id = g.id;
      a.title = "Report";
      a.source = g.source;
      a.date = g.date;
      for (const std::string& w : g.words)
        a.body += (a.body.empty() ? "" : " ") + w;
      writer.add(a);
    }
    writer.commit();
    return dir / "idx";
  }();
  return path;
}

std::uint64_t count(const std::function<bool(const Generated&)>& match) {
  return static_cast<std::uint64_t>(std::count_if(generated().begin(), generated().end(), match));
}

bool in_years(const Generated& g, int first, int last) {
  const int year = std::stoi(g.date.substr(0, 4));
  return year >= first && year <= last;
}

struct Case {
  const char* query;
  std::function<bool(const Generated&)> match;
};

std::vector<Case> cases() {
  return {
      {"alpha", [](const Generated& g) { return g.has("alpha"); }},
      {"alpha OR beta", [](const Generated& g) { return g.has("alpha") || g.has("beta"); }},
      {"alpha date:2012..2014",
       [](const Generated& g) { return g.has("alpha") && in_years(g, 2012, 2014); }},
      {"date:2013-03..2016-07-14",
       [](const Generated& g) { return g.date >= "2013-03-01" && g.date <= "2016-07-14"; }},
      {"\"alpha beta\"", [](const Generated& g) { return g.phrase("alpha", "beta"); }},
      {"\"gamma alpha\"", [](const Generated& g) { return g.phrase("gamma", "alpha"); }},
      {"alpha NEAR/2 delta", [](const Generated& g) { return g.near("alpha", "delta", 2); }},
      {"\"alpha beta\" NEAR/3 gamma",
       [](const Generated& g) { return g.phrase_near("alpha", "beta", "gamma", 3); }},
      {"beta -gamma", [](const Generated& g) { return g.has("beta") && !g.has("gamma"); }},
      {"source:reuters alpha",
       [](const Generated& g) { return g.source == "Reuters" && g.has("alpha"); }},
  };
}

byline::SearchResults search(std::string_view query, byline::SearchOptions options = {}) {
  auto index = byline::Index::open(generated_index());
  byline::Searcher searcher(index);
  return searcher.search(query, options);
}

}  // namespace

TEST_CASE("totals are exact by default: date ranges, phrases, NEAR, over thousands of articles") {
  for (const Case& c : cases()) {
    const std::string query = c.query;
    CAPTURE(query);
    const std::uint64_t expected = count(c.match);
    CHECK(expected > 10);  // more than a page: the matcher could stop early
    const byline::SearchResults results = search(c.query);
    CHECK(results.total == expected);
    CHECK(results.total_exact);
    CHECK(results.total_lower == expected);
    CHECK(results.total_upper == expected);
    CHECK(results.hits.size() == 10);
  }
}

TEST_CASE("exact_total = false: Xapian's estimate, within its bounds, and cheaper to get") {
  byline::SearchOptions estimate;
  estimate.exact_total = false;
  std::size_t estimated = 0;
  for (const Case& c : cases()) {
    const std::string query = c.query;
    CAPTURE(query);
    const std::uint64_t expected = count(c.match);
    const byline::SearchResults results = search(c.query, estimate);
    CHECK(results.total_lower <= expected);
    CHECK(expected <= results.total_upper);
    CHECK(results.total_lower <= results.total);
    CHECK(results.total <= results.total_upper);
    CHECK(results.total_exact == (results.total_lower == results.total_upper));
    if (!results.total_exact) {
      ++estimated;
      CHECK(results.total_lower < results.total_upper);
    }
  }
  // The corpus does what it was made for: without exact counting, most of
  // these totals are estimates (what the first test guards against).
  CHECK(estimated >= cases().size() / 2);

  // Facets count every match anyway: the total is then exact too.
  estimate.facets = {byline::FacetRequest{}};
  const byline::SearchResults faceted = search("\"alpha beta\"", estimate);
  CHECK(faceted.total_exact);
  CHECK(faceted.total == count([](const Generated& g) { return g.phrase("alpha", "beta"); }));
}

TEST_CASE("* matches every article, alone, beside filters and with exclusions") {
  const auto all = static_cast<std::uint64_t>(kArticles);
  const auto reuters = count([](const Generated& g) { return g.source == "Reuters"; });
  CHECK(search("*").total == all);
  CHECK(search("*").total_exact);
  CHECK(search("* source:reuters").total == reuters);
  CHECK(search("source:reuters *").total == reuters);
  CHECK(search("* NOT source:reuters").total == all - reuters);
  CHECK(search("* -source:reuters").total == all - reuters);
  CHECK(search("date:2014 *").total ==
        count([](const Generated& g) { return in_years(g, 2014, 2014); }));
  CHECK(search("* alpha").total == count([](const Generated& g) { return g.has("alpha"); }));
  CHECK(search("alpha OR *").total == all);
  CHECK(search("(*)").total == all);
  CHECK(search("-*").total == 0);
  // Listed in index order, unranked: every score 0.
  byline::SearchOptions three;
  three.limit = 3;
  const auto listed = search("*", three);
  REQUIRE(listed.hits.size() == 3);
  CHECK(listed.hits[0].id == "t0");
  CHECK(listed.hits[1].id == "t1");
  CHECK(listed.hits[2].id == "t2");
  CHECK(listed.hits[0].score == 0);
  // Beside words, * changes no score.
  const auto alpha = search("alpha", three);
  const auto alpha_all = search("alpha *", three);
  REQUIRE(alpha_all.hits.size() == 3);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(alpha_all.hits[k].id == alpha.hits[k].id);
    CHECK(alpha_all.hits[k].score == doctest::Approx(alpha.hits[k].score));
  }
  // Sorted by date, the newest first.
  byline::SearchOptions newest = three;
  newest.sort = byline::SortOrder::newest;
  const auto latest = search("*", newest);
  REQUIRE(latest.hits.size() == 3);
  std::string newest_date;
  for (const Generated& g : generated())
    newest_date = std::max(newest_date, g.date);
  CHECK(latest.hits[0].date == newest_date);
}

TEST_CASE("limit 0: no hits, the exact total and the facets") {
  byline::SearchOptions options;
  options.limit = 0;
  byline::FacetRequest sources;
  sources.top = 0;
  options.facets = {sources};
  const auto results = search("*", options);
  CHECK(results.hits.empty());
  CHECK(results.total == static_cast<std::uint64_t>(kArticles));
  CHECK(results.total_exact);
  REQUIRE(results.facets.size() == 1);
  std::map<std::string, std::uint64_t> counted;
  for (const auto& v : results.facets[0].values)
    counted[v.value] = v.count;
  std::map<std::string, std::uint64_t> expected;
  for (const Generated& g : generated())
    ++expected[g.source];
  CHECK(counted == expected);

  // Without facets too, and for a query whose estimate is off.
  byline::SearchOptions bare;
  bare.limit = 0;
  const auto phrase = search("\"alpha beta\"", bare);
  CHECK(phrase.hits.empty());
  CHECK(phrase.total_exact);
  CHECK(phrase.total == count([](const Generated& g) { return g.phrase("alpha", "beta"); }));
  // A page past the end holds no hits and keeps the total.
  byline::SearchOptions far;
  far.offset = 100000;
  const auto past = search("alpha", far);
  CHECK(past.hits.empty());
  CHECK(past.total == count([](const Generated& g) { return g.has("alpha"); }));
}

TEST_CASE("totals stay exact after articles are removed and replaced") {
  // One word's total is Xapian's count of it, not a visit of its matches:
  // it must follow removals and replacements as the visited ones do.
  byline::test::TempDir dir;
  auto index = byline::test::create_index(dir / "idx");
  {
    byline::Writer writer(index);
    for (int i = 0; i < 1500; ++i) {
      byline::Article a;
      a.id = "r" + std::to_string(i);
      a.source = i % 2 == 0 ? "Reuters" : "AP";
      a.body = "common words, article " + std::to_string(i) + (i % 5 == 0 ? " rare" : "");
      (void)writer.add(a);
    }
    writer.commit();
    for (int i = 0; i < 1500; i += 3)
      (void)writer.remove("r" + std::to_string(i));
    for (int i = 1; i < 1500; i += 3) {
      byline::Article a;
      a.id = "r" + std::to_string(i);
      a.source = "AP";
      a.body = "replaced";
      (void)writer.add(a);
    }
    writer.commit();
  }
  // Left: 1000 articles; of them 500 replaced, 500 with the words (i % 3 == 2).
  byline::Searcher searcher(index);
  const auto check = [&](std::string_view query, std::uint64_t expected) {
    CAPTURE(query);
    const auto results = searcher.search(query);
    CHECK(results.total == expected);
    CHECK(results.total_exact);
  };
  check("*", 1000);
  check("common", 500);
  check("replaced", 500);
  check("rare", 100);  // i % 3 == 2 and i % 5 == 0: one in fifteen
  check("common source:reuters", 250);
  check("common OR replaced", 1000);
  check("\"common words\"", 500);
}
