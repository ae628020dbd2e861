// "More like this" (Searcher::similar) as a reader notices it: the seed
// articles, five reports of one conference, find each other first among
// fifty unrelated ones, for the words that tell their story.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

using byline::Error;
using byline::Searcher;
using byline::SimilarOptions;
using IdSet = std::set<std::string>;

namespace {

const std::string kSeed0 = "000_948900f74b3c9d2b";
const std::string kSeed1 = "001_94e9bdd229995ac4";

// The seed articles and, to tell them from, the fifty articles of the
// multilingual fixture (an AI summit in Paris, floods, elections, ... in
// eight languages), built once for all the cases here.
class MixedIndex {
 public:
  MixedIndex() {
    auto index = byline::test::create_index(dir_ / "idx");
    byline::Writer writer(index);
    const auto summary = byline::ingest(
        writer,
        {byline::test::corpus_dir().string(), (std::filesystem::path(BYLINE_SOURCE_DIR) / "tests" /
                                               "fixtures" / "multilingual" / "articles.jsonl")
                                                  .string()});
    REQUIRE(summary.indexed == 55);
  }
  [[nodiscard]] std::filesystem::path path() const { return dir_ / "idx"; }

 private:
  byline::test::TempDir dir_;
};

const MixedIndex& mixed() {
  static const MixedIndex instance;
  return instance;
}

byline::SimilarResults like(const std::vector<std::string>& ids, byline::SearchOptions options = {},
                            const SimilarOptions& similar = {}) {
  auto index = byline::Index::open(mixed().path());
  Searcher searcher(index);
  return searcher.similar(ids, options, similar);
}

// The hits' ids cut to the seed files' numbers ("000"), as search_test does.
std::vector<std::string> numbers(const byline::SearchResults& results) {
  std::vector<std::string> out;
  for (const auto& hit : results.hits)
    out.push_back(hit.id.substr(0, 3));
  return out;
}

std::vector<std::string> words(const byline::SimilarResults& similar) {
  std::vector<std::string> out;
  for (const auto& term : similar.terms)
    out.push_back(term.word);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

Error::Kind error_kind(const std::vector<std::string>& ids, const SimilarOptions& similar = {}) {
  try {
    (void)like(ids, {}, similar);
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("no error");
  return Error::Kind::io;
}

}  // namespace

TEST_CASE("more like one seed article: the other four reports of the conference come first") {
  for (const std::string& seed : {kSeed0, kSeed1, std::string("003_51153d1eecd2bcae")}) {
    CAPTURE(seed);
    const auto similar = like({seed});
    const auto found = numbers(similar.results);
    REQUIRE(found.size() >= 4);
    IdSet others{"000", "001", "002", "003", "004"};
    others.erase(seed.substr(0, 3));
    CHECK(IdSet(found.begin(), found.begin() + 4) == others);
    // Never the article itself, anywhere in the matches.
    CHECK_FALSE(has(found, seed.substr(0, 3)));
    CHECK(similar.results.total > 4);  // the unrelated ones share a word or two
    CHECK(similar.results.total < 55);
    CHECK(similar.results.hits.front().score > similar.results.hits.back().score);
  }
}

// Relevance feedback over several databases estimates how many articles
// have each word from the shards that hold the given article, unless asked
// to count them: an index of shards then chose other words than one index
// of the same articles.
TEST_CASE("more like this over an index of three shards finds what one index finds") {
  byline::test::TempDir dir;
  const auto shards = byline::test::split_into_shards(mixed().path(), dir / "shards", 3);
  Searcher one(byline::Index::open(mixed().path()));
  Searcher three(byline::Index::open(shards));
  byline::SearchOptions all;
  all.limit = 100;
  for (const std::string& seed : {kSeed0, kSeed1, std::string("003_51153d1eecd2bcae")}) {
    CAPTURE(seed);
    const auto expected = one.similar({seed}, all);
    const auto found = three.similar({seed}, all);
    CHECK(words(found) == words(expected));
    CHECK(found.results.total == expected.results.total);
    // Ranked alike: the same ids at the same scores (ties may come in
    // another order, as the shards number the articles otherwise).
    std::map<std::string, double> scores;
    for (const auto& hit : expected.results.hits)
      scores[hit.id] = hit.score;
    REQUIRE(found.results.hits.size() == expected.results.hits.size());
    for (std::size_t i = 0; i < found.results.hits.size(); ++i) {
      const auto& hit = found.results.hits[i];
      REQUIRE(scores.contains(hit.id));
      CHECK(hit.score == doctest::Approx(scores[hit.id]).epsilon(1e-9));
      CHECK(hit.score == doctest::Approx(expected.results.hits[i].score).epsilon(1e-9));
    }
  }
}

TEST_CASE("the words that make them alike tell the story, as the articles write them") {
  // 25 words: in an index of 55 articles, words such as "not" or "we" are
  // as rare as "iraq", and "coalition" comes 25th.
  SimilarOptions twenty_five;
  twenty_five.terms = 25;
  const auto similar = like({kSeed0}, {}, twenty_five);
  const auto chosen = words(similar);
  CHECK(chosen.size() == 25);
  CAPTURE(chosen);
  for (const std::string word : {"iraq", "isil", "pledge", "coalition", "conference"})
    CHECK(has(chosen, word));
  // A word most English articles have is no telling word. (Among the twelve
  // English articles here, "is" or "we" are as rare as "iraq": with no list
  // of stopwords, byline cannot tell them apart.)
  for (const std::string word : {"the", "of", "and", "to", "a", "in", "that", "said"})
    CHECK_FALSE(has(chosen, word));
  // Nor a word only the article has: it would find nothing.
  CHECK_FALSE(has(chosen, "massoum"));
  // Words, not stems: "countries" is stemmed "countri", "pledged" "pledg".
  for (const std::string& word : chosen) {
    CAPTURE(word);
    CHECK(word != "countri");
    CHECK(word != "pledg");
  }
  // Most telling first.
  for (std::size_t i = 1; i < similar.terms.size(); ++i)
    CHECK(similar.terms[i - 1].weight >= similar.terms[i].weight);
  CHECK(similar.terms.back().weight > 0);

  // By default 15, the most telling.
  const auto by_default = like({kSeed0});
  CHECK(by_default.terms.size() == 15);
  CHECK(std::equal(by_default.terms.begin(), by_default.terms.end(), similar.terms.begin(),
                   [](const auto& a, const auto& b) { return a.word == b.word; }));

  SimilarOptions fewer;
  fewer.terms = 5;
  const auto few = like({kSeed0}, {}, fewer);
  CHECK(few.terms.size() == 5);
  CHECK(std::equal(few.terms.begin(), few.terms.end(), similar.terms.begin(),
                   [](const auto& a, const auto& b) { return a.word == b.word; }));
}

TEST_CASE("each hit says which of the words it holds, most telling first") {
  byline::SearchOptions options;
  options.limit = 20;
  const auto similar = like({kSeed0}, options);
  const auto chosen = words(similar);
  REQUIRE(similar.matched.size() == similar.results.hits.size());
  for (std::size_t i = 0; i < similar.matched.size(); ++i) {
    CAPTURE(similar.results.hits[i].id);
    const auto& matched = similar.matched[i];
    CHECK_FALSE(matched.empty());
    std::vector<std::size_t> ranks;
    for (const std::string& word : matched) {
      const auto at = std::find(chosen.begin(), chosen.end(), word);
      REQUIRE(at != chosen.end());
      ranks.push_back(static_cast<std::size_t>(at - chosen.begin()));
    }
    CHECK(std::is_sorted(ranks.begin(), ranks.end()));
  }
  // The other reports hold many of the words; an unrelated article a few.
  CHECK(similar.matched.front().size() > 10);
  CHECK(has(similar.matched.front(), "iraq"));
  CHECK(similar.matched.back().size() < similar.matched.front().size());
}

TEST_CASE("more like these: several articles, none of them among the hits") {
  const auto similar = like({kSeed0, kSeed1});
  const auto found = numbers(similar.results);
  REQUIRE(found.size() >= 3);
  CHECK(IdSet(found.begin(), found.begin() + 3) == IdSet{"002", "003", "004"});
  CHECK_FALSE(has(found, "000"));
  CHECK_FALSE(has(found, "001"));
  // An id given twice counts once.
  CHECK(numbers(like({kSeed0, kSeed0}).results) == numbers(like({kSeed0}).results));
}

TEST_CASE("an id not in the index is not_found, naming it, and no ids or no words are invalid") {
  try {
    (void)like({kSeed0, "no-such-article"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::not_found);
    CHECK(std::string(e.what()).find("\"no-such-article\"") != std::string::npos);
  }
  CHECK(error_kind({std::string(300, 'x')}) == Error::Kind::not_found);
  CHECK(error_kind({}) == Error::Kind::invalid_argument);
  SimilarOptions none;
  none.terms = 0;
  CHECK(error_kind({kSeed0}, none) == Error::Kind::invalid_argument);
  SimilarOptions too_many;
  too_many.terms = 1001;
  CHECK(error_kind({kSeed0}, too_many) == Error::Kind::invalid_argument);
}

TEST_CASE("a filter narrows the similar articles without ranking them") {
  SimilarOptions bbc;
  bbc.filter = "source:bbc";
  const auto from_bbc = like({kSeed0}, {}, bbc);
  CHECK(numbers(from_bbc.results) == std::vector<std::string>{"004"});
  CHECK(from_bbc.results.total == 1);
  // Scored as without the filter: it adds no weight.
  bool seen = false;
  for (const auto& hit : like({kSeed0}).results.hits) {
    if (hit.id == from_bbc.results.hits.front().id) {
      CHECK(hit.score == doctest::Approx(from_bbc.results.hits.front().score));
      seen = true;
    }
  }
  CHECK(seen);

  SimilarOptions later;
  later.filter = "date:2025";
  for (const auto& hit : like({kSeed0}, {}, later).results.hits)
    CHECK(hit.date.starts_with("2025"));

  SimilarOptions bad;
  bad.filter = "source:bbc \"unclosed";
  try {
    (void)like({kSeed0}, {}, bad);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::invalid_query);
    CHECK(e.position() == 11u);  // in the filter
  }
}

TEST_CASE("similar pages, sorts, counts facets and highlights as search does") {
  byline::SearchOptions all;
  all.limit = 100;
  const auto whole = like({kSeed0}, all);
  byline::SearchOptions second;
  second.offset = 2;
  second.limit = 2;
  const auto page = like({kSeed0}, second);
  REQUIRE(page.results.hits.size() == 2);
  CHECK(page.results.hits[0].id == whole.results.hits[2].id);
  CHECK(page.results.hits[1].id == whole.results.hits[3].id);
  CHECK(page.results.hits[0].rank == 3);
  CHECK(page.results.total == whole.results.total);
  CHECK(page.matched.size() == 2);
  CHECK(page.matched[0] == whole.matched[2]);

  byline::SearchOptions newest;
  newest.sort = byline::SortOrder::newest;
  newest.limit = 100;
  const auto by_date = like({kSeed0}, newest);
  CHECK(by_date.results.total == whole.results.total);
  CHECK(by_date.results.hits.front().date > "2020");

  byline::SearchOptions faceted;
  byline::FacetRequest sources;
  sources.field = byline::FacetField::source;
  sources.top = 0;
  faceted.facets = {sources};
  const auto counted = like({kSeed0}, faceted);
  REQUIRE(counted.results.facets.size() == 1);
  std::uint64_t sum = counted.results.facets[0].missing + counted.results.facets[0].other;
  for (const auto& value : counted.results.facets[0].values)
    sum += value.count;
  CHECK(sum == counted.results.total);
  CHECK_FALSE(counted.results.facets[0].disjunctive);

  byline::SearchOptions snippets;
  snippets.snippets.count = 1;
  snippets.snippets.title = true;
  const auto marked = like({kSeed0}, snippets);
  const auto& top = marked.results.hits.front();
  CHECK_FALSE(top.title_highlights.empty());
  REQUIRE_FALSE(top.snippets.empty());
  CHECK_FALSE(top.snippets.front().highlights.empty());
}

TEST_CASE("a reprint of the given article is left out, unless duplicates are asked for") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    REQUIRE(byline::ingest(writer, {byline::test::corpus_dir().string()}).indexed == 5);
    auto original = Searcher(index).article(kSeed0);
    REQUIRE(original);
    byline::Article reprint = *original;
    reprint.id = "reprint-of-000";
    reprint.title = "Paris conference: thirty nations back Iraq";
    reprint.source = "Wire Copy Daily";
    reprint.path.clear();
    writer.add(reprint);
    writer.commit();
  }
  auto index = byline::Index::open(dir / "idx");
  Searcher searcher(index);
  const auto ids_of = [](const byline::SimilarResults& similar) {
    IdSet out;
    for (const auto& hit : similar.results.hits)
      out.insert(hit.id);
    return out;
  };
  const auto plain = searcher.similar({kSeed0});
  CHECK_FALSE(ids_of(plain).contains("reprint-of-000"));
  CHECK(plain.results.hits.size() == 4);
  SimilarOptions with;
  with.include_duplicates = true;
  const auto duplicates = searcher.similar({kSeed0}, {}, with);
  CHECK(ids_of(duplicates).contains("reprint-of-000"));
  // The most alike of all.
  CHECK(duplicates.results.hits.front().id == "reprint-of-000");
  // And from the reprint's side, the original.
  CHECK_FALSE(ids_of(searcher.similar({"reprint-of-000"})).contains(kSeed0));
}

// How many of an article's story "more like this" finds among its first
// five, on the labelled stories set (tests/fixtures/stories/: 157
// hand-written articles in 55 stories, three languages), for each number of
// words: the measure behind SimilarOptions::terms (docs/stories.md).
TEST_CASE("more like this finds an article's story among its first five, on the labelled set") {
  byline::test::TempDir dir;
  auto index = byline::test::create_index(dir / "idx");
  std::map<std::string, std::string> story_of;
  std::map<std::string, std::size_t> story_size;
  {
    byline::Writer writer(index);
    for (const char* half : {"tune", "heldout"}) {
      std::ifstream in(std::filesystem::path(BYLINE_SOURCE_DIR) / "tests/fixtures/stories" /
                       (std::string(half) + ".jsonl"));
      for (std::string line; std::getline(in, line);) {
        const auto json = nlohmann::json::parse(line);
        byline::Article a;
        a.id = json.at("id");
        a.title = json.at("title");
        a.body = json.at("body");
        a.date = json.at("date");
        a.source = json.at("source");
        a.lang = json.at("lang");
        story_of[a.id] = json.at("story");
        ++story_size[story_of[a.id]];
        writer.add(a);
      }
    }
    writer.commit();
  }
  REQUIRE(story_of.size() >= 150);
  Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 5;
  options.snippets.count = 0;
  std::map<std::size_t, double> recall;  // by number of words
  for (const std::size_t terms : {std::size_t{10}, std::size_t{15}, std::size_t{20},
                                  std::size_t{25}, SimilarOptions{}.terms}) {
    SimilarOptions similar;
    similar.terms = terms;
    double found = 0;
    std::size_t articles = 0;
    for (const auto& [id, story] : story_of) {
      const std::size_t others = story_size[story] - 1;
      if (others == 0)
        continue;
      std::size_t same = 0;
      for (const auto& hit : searcher.similar({id}, options, similar).results.hits)
        same += story_of.at(hit.id) == story ? 1 : 0;
      found += static_cast<double>(same) / static_cast<double>(std::min<std::size_t>(5, others));
      ++articles;
    }
    recall[terms] = found / static_cast<double>(articles);
    MESSAGE(terms << " words: " << recall[terms] << " of an article's story among its first five ("
                  << articles << " articles)");
  }
  // The default finds as much as 25 words do, and most of a story.
  CHECK(recall[SimilarOptions{}.terms] >= recall[25] - 0.01);
  CHECK(recall[SimilarOptions{}.terms] >= 0.85);
}
