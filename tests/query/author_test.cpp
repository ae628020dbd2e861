// The author field end to end: stored, searched with author:, counted as a
// facet (each name of a field on its own), carried by hits, counted by
// stats; and indexes made before it still read.
#include <doctest/doctest.h>
#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "engine/field_keys.hpp"
#include "engine/schema.hpp"
#include "test_support.hpp"

using byline::FacetField;
using byline::FacetRequest;
using IdSet = std::set<std::string>;
using Counts = std::map<std::string, std::uint64_t>;

namespace {

struct Written {
  const char* id;
  const char* author;
  const char* body;
};

// a5 spells a1's author another way; a4 has none; a7 and a8 are the same
// article but for the author.
const std::vector<Written> kArticles = {
    {"a1", "Jane Doe", "Ceasefire talks resume in Geneva."},
    {"a2", "Jane Doe, John Roe", "Ceasefire holds for a second day."},
    {"a3", "John Roe, Mary Major", "Markets rally as talks resume."},
    {"a4", "", "Ceasefire talks: a report without a byline."},
    {"a5", "JANE  DOE", "Storm warnings along the coast."},
    {"a6", "Jean-Luc Picard", "Doe season opens in the highlands."},
    {"a7", "Mary Major", "Identical words for ranking."},
    {"a8", "", "Identical words for ranking."},
};

const std::filesystem::path& author_index() {
  static byline::test::TempDir dir;
  static const std::filesystem::path path = [] {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    for (const Written& w : kArticles) {
      byline::Article a;
      a.id = w.id;
      a.title = std::string("Report ") + w.id;
      a.source = "Reuters";
      a.date = "2014-09-15";
      a.author = w.author;
      a.body = w.body;
      writer.add(a);
    }
    writer.commit();
    return dir / "idx";
  }();
  return path;
}

byline::SearchResults run(std::string_view query, std::vector<FacetRequest> facets = {}) {
  auto index = byline::Index::open(author_index());
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 100;
  options.facets = std::move(facets);
  return searcher.search(query, options);
}

IdSet ids(std::string_view query) {
  IdSet out;
  for (const auto& hit : run(query).hits)
    out.insert(hit.id);
  return out;
}

FacetRequest author_facet() {
  FacetRequest r;
  r.field = FacetField::author;
  r.top = 0;
  return r;
}

Counts counts_of(const byline::Facet& facet) {
  Counts out;
  for (const auto& v : facet.values)
    out[v.value] = v.count;
  return out;
}

}  // namespace

TEST_CASE("author names split at commas and semicolons and are trimmed with empty ones left out") {
  using byline::detail::author_names;
  using Names = std::vector<std::string_view>;
  CHECK(author_names("Jane Doe") == Names{"Jane Doe"});
  CHECK(author_names(" Jane Doe , John Roe;Mary Major ") ==
        Names{"Jane Doe", "John Roe", "Mary Major"});
  CHECK(author_names(", ,;") == Names{});
  CHECK(author_names("") == Names{});
  CHECK(author_names("Jane Doe,") == Names{"Jane Doe"});
}

TEST_CASE("author: matches a word of a name regardless of case and spacing") {
  CHECK(ids("author:doe") == IdSet{"a1", "a2", "a5"});
  CHECK(ids("author:Roe") == IdSet{"a2", "a3"});
  CHECK(ids("author:major") == IdSet{"a3", "a7"});
  // A word of the body or title is not an author.
  CHECK(ids("doe") == IdSet{"a6"});
  CHECK(ids("author:geneva").empty());
}

TEST_CASE("author: phrase matches the words of one name in order and never across two names") {
  CHECK(ids("author:\"jane doe\"") == IdSet{"a1", "a2", "a5"});
  CHECK(ids("author:\"John Roe\"") == IdSet{"a2", "a3"});
  CHECK(ids("author:\"doe jane\"").empty());
  // "Jane Doe, John Roe": doe and john are neighbours in the field, not in a name.
  CHECK(ids("author:\"doe john\"").empty());
  CHECK(ids("author:\"roe mary\"").empty());
  // The whole name as one key, and hyphenated names.
  CHECK(ids("author:janedoe") == IdSet{"a1", "a2", "a5"});
  CHECK(ids("author:Jean-Luc") == IdSet{"a6"});
  CHECK(ids("author:jeanluc") == IdSet{"a6"});
  CHECK(ids("author:\"jean luc picard\"") == IdSet{"a6"});
}

TEST_CASE("author: filters combine with words and the other operators") {
  CHECK(ids("ceasefire author:doe") == IdSet{"a1", "a2"});
  CHECK(ids("ceasefire -author:doe") == IdSet{"a4"});
  CHECK(ids("talks author:roe") == IdSet{"a3"});
  CHECK(ids("author:major OR author:picard") == IdSet{"a3", "a6", "a7"});
  CHECK(ids("author:doe source:reuters date:2014-09") == IdSet{"a1", "a2", "a5"});
  try {
    (void)run("author:\"!!!\"");
    FAIL("no error");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::invalid_query);
    CHECK(std::string(e.what()).find("author: needs a name") != std::string::npos);
  }
}

TEST_CASE("an author neither changes ranking nor is ranked: same body same score") {
  const auto results = run("identical");
  REQUIRE(results.hits.size() == 2);
  CHECK(results.hits[0].score == doctest::Approx(results.hits[1].score));
  // A filter does not weigh.
  const auto filtered = run("identical author:major");
  REQUIRE(filtered.hits.size() == 1);
  CHECK(filtered.hits[0].score == doctest::Approx(results.hits[0].score));
}

TEST_CASE("hits and stored articles carry the author and an unknown author is empty") {
  std::map<std::string, std::string> by_id;
  for (const auto& hit : run("author:doe OR author:roe OR ceasefire").hits)
    by_id[hit.id] = hit.author;
  CHECK(by_id["a2"] == "Jane Doe, John Roe");
  CHECK(by_id["a5"] == "JANE  DOE");  // stored as given
  CHECK(by_id["a4"].empty());
  auto index = byline::Index::open(author_index());
  byline::Searcher searcher(index);
  const auto a3 = searcher.article("a3");
  REQUIRE(a3);
  CHECK(a3->author == "John Roe, Mary Major");
  CHECK(searcher.article("a4")->author.empty());
  CHECK_FALSE(searcher.article("nope"));
}

TEST_CASE(
    "the author facet counts each name of a field and spellings that normalize alike as one") {
  CHECK(byline::parse_facet_field("author") == FacetField::author);
  CHECK(byline::facet_field_name(FacetField::author) == "author");
  const auto all =
      run("report OR ceasefire OR identical OR storm OR markets OR doe", {author_facet()});
  REQUIRE(all.total == 8);
  REQUIRE(all.facets.size() == 1);
  CHECK(all.facets[0].field == FacetField::author);
  CHECK_FALSE(all.facets[0].disjunctive);
  // Jane Doe: a1, a2 and a5 ("JANE  DOE", the rarer spelling); no article
  // without an author counts.
  CHECK(counts_of(all.facets[0]) ==
        Counts{{"Jane Doe", 3}, {"Jean-Luc Picard", 1}, {"John Roe", 2}, {"Mary Major", 2}});
  CHECK(all.facets[0].distinct == 4);
  CHECK(all.facets[0].values.front().value == "Jane Doe");  // most articles first

  const auto ceasefire = run("ceasefire", {author_facet()});
  CHECK(counts_of(ceasefire.facets[0]) == Counts{{"Jane Doe", 2}, {"John Roe", 1}});
}

TEST_CASE("author: filters select author facet values which are counted without them") {
  const auto roe = run("talks author:roe", {author_facet()});
  CHECK(roe.total == 1);
  const auto& facet = roe.facets[0];
  CHECK(facet.disjunctive);
  // Over "talks" alone: a1 (Jane Doe), a3 (John Roe, Mary Major); a4 has none.
  CHECK(counts_of(facet) == Counts{{"Jane Doe", 1}, {"John Roe", 1}, {"Mary Major", 1}});
  for (const auto& v : facet.values)
    CHECK(v.selected == (v.value == "John Roe"));

  const auto phrase = run("author:\"jane doe\"", {author_facet()});
  for (const auto& v : phrase.facets[0].values)
    CHECK(v.selected == (v.value == "Jane Doe"));
  // A source filter is no author selection.
  const auto source = run("ceasefire source:reuters", {author_facet()});
  CHECK_FALSE(source.facets[0].disjunctive);
}

TEST_CASE("the author facet has no date range or histogram") {
  FacetRequest r = author_facet();
  r.from = "2014";
  CHECK_THROWS_AS((void)run("ceasefire", {r}), byline::Error);
  r = author_facet();
  r.empty_buckets = true;
  CHECK_THROWS_AS((void)run("ceasefire", {r}), byline::Error);
}

TEST_CASE("stats count distinct authors") {
  const auto stats = byline::Index::open(author_index()).stats();
  CHECK(stats.articles == 8);
  CHECK(stats.sources == 1);
  CHECK(stats.authors == 4);  // Jane Doe, John Roe, Mary Major, Jean-Luc Picard
}

TEST_CASE("an index written before the author field opens and reads as articles without authors") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    byline::Article a;
    a.id = "old";
    a.title = "Written before";
    a.source = "AP";
    a.body = "Ceasefire talks.";
    writer.add(a);
    writer.commit();
  }
  {
    // The document as an older byline left it: no author in its stored
    // fields, no author terms or value.
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_OPEN);
    const std::string id_term = std::string(byline::schema::prefix::kId) + "old";
    const Xapian::docid docid = *db.postlist_begin(id_term);
    Xapian::Document doc = db.get_document(docid);
    doc.set_data(
        "{\"id\":\"old\",\"title\":\"Written before\",\"source\":\"AP\",\"date\":\"\","
        "\"url\":\"\",\"path\":\"\",\"lang\":\"en\"}\nCeasefire talks.");
    db.replace_document(docid, doc);
    db.commit();
  }
  auto index = byline::Index::open(dir / "idx");
  byline::Searcher searcher(index);
  const auto old = searcher.article("old");
  REQUIRE(old);
  CHECK(old->title == "Written before");
  CHECK(old->author.empty());
  byline::SearchOptions options;
  options.facets = {author_facet()};
  const auto results = searcher.search("ceasefire", options);
  REQUIRE(results.hits.size() == 1);
  CHECK(results.hits[0].author.empty());
  CHECK(results.facets[0].values.empty());
  CHECK(searcher.search("author:doe").total == 0);
  CHECK(index.stats().authors == 0);
}
