// Searching the seed corpus end to end: ingest, then query through the API.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <set>
#include <string>

#include "byline/byline.hpp"
#include "engine/schema.hpp"
#include "test_support.hpp"

using byline::Error;
using byline::Searcher;
using IdSet = std::set<std::string>;

namespace {

// An index of the five seed articles, built once for all the cases here.
class SeedIndex {
 public:
  SeedIndex() {
    auto index = byline::test::create_index(dir_ / "idx");
    byline::Writer writer(index);
    const auto summary = byline::ingest(writer, {byline::test::corpus_dir().string()});
    REQUIRE(summary.indexed == 5);
  }
  [[nodiscard]] std::filesystem::path path() const { return dir_ / "idx"; }

 private:
  byline::test::TempDir dir_;
};

const SeedIndex& seeds() {
  static const SeedIndex instance;
  return instance;
}

byline::SearchResults search(std::string_view query, byline::SearchOptions options = {}) {
  auto index = byline::Index::open(seeds().path());
  Searcher searcher(index);
  options.limit = 100;
  return searcher.search(query, options);
}

IdSet ids(std::string_view query, byline::SearchOptions options = {}) {
  IdSet out;
  for (const auto& hit : search(query, options).hits)
    out.insert(hit.id.substr(0, 3));
  return out;
}

Error::Kind error_kind(std::string_view query) {
  try {
    (void)search(query);
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("no error for " << query);
  return Error::Kind::io;
}

}  // namespace

TEST_CASE("the phrase \"dirty hands\" finds exactly the three articles that quote it") {
  CHECK(ids("\"dirty hands\"") == IdSet{"000", "001", "004"});
}

TEST_CASE("phrases match inflected forms, in order and adjacent") {
  CHECK(ids("\"dirty hand\"") == IdSet{"000", "001", "004"});
  CHECK(ids("\"hands dirty\"").empty());
}

TEST_CASE("a stemmed word finds every inflection: pledging finds all five") {
  CHECK(ids("pledging") == IdSet{"000", "001", "002", "003", "004"});
}

TEST_CASE("bare words must all match by default, --any matches either") {
  byline::SearchOptions all;
  all.aliases = false;
  CHECK(ids("Khamenei Haines", all) == IdSet{"001", "002", "004"});
  CHECK(ids("Daesh Masum", all) == IdSet{"002", "003"});
  byline::SearchOptions any = all;
  any.default_operator = byline::DefaultOperator::any;
  CHECK(ids("Daesh Daech", any) == IdSet{"002", "003"});
  CHECK(ids("Daech", all) == IdSet{"003"});
}

TEST_CASE("a hyphenated query word is a phrase of its parts") {
  // 000 writes "al-Qaeda" (001 "al-qaeda", but only in a photo caption,
  // which is page chrome and not indexed); nobody writes "al Qaeda" apart.
  CHECK(ids("al-Qaeda") == IdSet{"000"});
  CHECK(ids("\"al qaeda\"") == IdSet{"000"});
  CHECK(ids("alqaeda") == IdSet{"000"});
}

TEST_CASE("curly apostrophes in the text match straight ones in the query") {
  CHECK(ids("\"Iraq's neighbours\"") == IdSet{"000"});
}

TEST_CASE("numbers: digit groups split by a space match the joined number") {
  CHECK(ids("31500") == IdSet{"001"});
  CHECK(ids("\"31 500\"") == IdSet{"001"});
}

TEST_CASE("hits carry id, title, source, date and a score, ranked") {
  const auto results = search("Steinmeier");
  REQUIRE(results.hits.size() == 1);
  const auto& hit = results.hits.front();
  CHECK(hit.rank == 1);
  CHECK(hit.id == "001_94e9bdd229995ac4");
  CHECK(hit.title == "Iraq wins pledge of military support against ISIS");
  CHECK(hit.source == "News24");
  CHECK(hit.date == "2014-09-15");
  CHECK(hit.score > 0);
  CHECK(results.total == 1);
  CHECK(results.total_exact);
}

TEST_CASE("hits show the same fields from their slot as from the data older indexes keep them in") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    byline::Article a;
    a.id = "a1";
    a.title = "Quay \"wall\" repairs\tbegin";
    a.source = "Harbour Gazette";
    a.date = "2021-03-04";
    a.author = "Jane Doe, Jo\u00e3o Roe";
    a.url = "https://example.org/quay?x=1&y=\u00e9";
    a.path = "pages/quay.html";
    a.lang = "en";
    a.body = "Repairs to the harbour quay begin on Monday, the council said.";
    writer.add(a);
    writer.commit();
  }
  const auto hit_of = [&] {
    auto index = byline::Index::open(dir / "idx");
    byline::Searcher searcher(index);
    const auto results = searcher.search("quay");
    REQUIRE(results.hits.size() == 1);
    return results.hits.front();
  };
  const byline::Hit from_slot = hit_of();
  CHECK(from_slot.title == "Quay \"wall\" repairs\tbegin");
  CHECK(from_slot.source == "Harbour Gazette");
  CHECK(from_slot.date == "2021-03-04");
  CHECK(from_slot.author == "Jane Doe, Jo\u00e3o Roe");
  CHECK(from_slot.url == "https://example.org/quay?x=1&y=\u00e9");
  CHECK(from_slot.lang == "en");
  {
    // As an article indexed before the fields slot: the data alone.
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_OPEN);
    REQUIRE(db.get_value_freq(byline::schema::slot::kFields) == 1);
    Xapian::Document doc = db.get_document(1);
    doc.remove_value(byline::schema::slot::kFields);
    db.replace_document(1, doc);
    db.commit();
    CHECK(db.get_value_freq(byline::schema::slot::kFields) == 0);
  }
  const byline::Hit from_data = hit_of();
  CHECK(from_data.id == from_slot.id);
  CHECK(from_data.title == from_slot.title);
  CHECK(from_data.source == from_slot.source);
  CHECK(from_data.date == from_slot.date);
  CHECK(from_data.author == from_slot.author);
  CHECK(from_data.url == from_slot.url);
  CHECK(from_data.lang == from_slot.lang);
}

TEST_CASE("title matches rank higher than body matches") {
  // "Islamic State" is in 004's title and in 002's, and in the bodies of others.
  byline::SearchOptions no_aliases;
  no_aliases.aliases = false;
  const auto results = search("\"Islamic State\"", no_aliases);
  REQUIRE(results.hits.size() >= 3);
  const IdSet top2{results.hits[0].id.substr(0, 3), results.hits[1].id.substr(0, 3)};
  CHECK(top2 == IdSet{"002", "004"});
}

TEST_CASE("paging: offset and limit slice one ranking") {
  auto index = byline::Index::open(seeds().path());
  Searcher searcher(index);
  byline::SearchOptions all;
  all.limit = 10;
  const auto full = searcher.search("Iraq", all);
  REQUIRE(full.hits.size() == 5);
  byline::SearchOptions page2;
  page2.limit = 2;
  page2.offset = 2;
  const auto part = searcher.search("Iraq", page2);
  REQUIRE(part.hits.size() == 2);
  CHECK(part.hits[0].id == full.hits[2].id);
  CHECK(part.hits[0].rank == 3);
  CHECK(part.total == 5);
}

TEST_CASE("a long page with snippets: every hit, in rank order, each with its fragment") {
  byline::test::TempDir dir;
  auto index = byline::test::create_index(dir / "idx");
  {
    byline::Writer writer(index);
    for (int k = 0; k < 150; ++k) {
      byline::Article a;
      a.id = "a" + std::to_string(k);
      a.title = "Report " + std::to_string(k);
      for (int s = 0; s <= k % 7; ++s)
        a.body += "The coalition met on day " + std::to_string(s) + ". Nothing else happened. ";
      a.body += "Article " + std::to_string(k) + " ends here.";
      writer.add(a);
    }
    writer.commit();
  }
  Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 200;  // hits are fetched in batches: more than one here
  options.snippets.count = 1;
  const auto found = searcher.search("coalition", options);
  REQUIRE(found.hits.size() == 150);
  IdSet ids;
  for (std::size_t k = 0; k < found.hits.size(); ++k) {
    const auto& hit = found.hits[k];
    CAPTURE(hit.id);
    CHECK(hit.rank == k + 1);
    if (k > 0)
      CHECK(hit.score <= found.hits[k - 1].score);
    REQUIRE(hit.snippets.size() == 1);
    REQUIRE_FALSE(hit.snippets[0].highlights.empty());
    const auto& h = hit.snippets[0].highlights[0];
    CHECK(hit.snippets[0].text.substr(h.begin, h.end - h.begin) == "coalition");
    ids.insert(hit.id);
  }
  CHECK(ids.size() == 150);
}

TEST_CASE("queries that cannot run are invalid_query errors with a position") {
  CHECK(error_kind("") == Error::Kind::invalid_query);
  CHECK(error_kind("   ") == Error::Kind::invalid_query);
  CHECK(error_kind("!!! ---") == Error::Kind::invalid_query);
  try {
    (void)search("Kerry \"dirty hands");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::invalid_query);
    REQUIRE(e.position());
    CHECK(*e.position() == 6);
  }
}

TEST_CASE("re-indexing the corpus replaces articles and never duplicates them") {
  byline::test::TempDir dir;
  for (int round = 0; round < 2; ++round) {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    const auto summary = byline::ingest(writer, {byline::test::corpus_dir().string()});
    CHECK(summary.indexed == (round == 0 ? 5 : 0));
    CHECK(summary.replaced == (round == 0 ? 0 : 5));
  }
  auto index = byline::Index::open(dir / "idx");
  CHECK(index.article_count() == 5);
  Searcher searcher(index);
  CHECK(searcher.search("pledging").total == 5);
}

TEST_CASE("a reader sees a writer's commit on its next search") {
  byline::test::TempDir dir;
  auto writable = byline::test::create_index(dir / "idx");
  auto reader = byline::Index::open(dir / "idx");
  Searcher searcher(reader);
  byline::Writer writer(writable);
  byline::Article article;
  article.id = "a1";
  article.title = "Ceasefire holds";
  article.body = "The ceasefire held overnight.";
  writer.add(article);
  CHECK(searcher.search("ceasefire").total == 0);  // not committed yet
  writer.commit();
  CHECK(searcher.search("ceasefire").total == 1);
}

TEST_CASE("an uncommitted batch is discarded when the writer goes away") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    byline::Article article;
    article.id = "lost";
    article.body = "never committed";
    writer.add(article);
    CHECK(writer.pending() == 1);
  }
  CHECK(byline::Index::open(dir / "idx").article_count() == 0);
}

TEST_CASE("the writer rejects bad ids and dates without touching the batch") {
  byline::test::TempDir dir;
  auto index = byline::test::create_index(dir / "idx");
  byline::Writer writer(index);
  byline::Article article;
  article.body = "text";
  CHECK_THROWS_AS(writer.add(article), Error);  // empty id
  article.id = std::string(300, 'x');
  CHECK_THROWS_AS(writer.add(article), Error);
  article.id = "ok";
  article.date = "2014-02-30";
  try {
    writer.add(article);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::invalid_argument);
    CHECK(std::string(e.what()).find("2014-02-30") != std::string::npos);
  }
  CHECK(writer.pending() == 0);
  article.date = "2014-09-15";
  CHECK(writer.add(article) == byline::AddOutcome::added);
  CHECK(writer.add(article) == byline::AddOutcome::replaced);
  writer.commit();
  CHECK(index.article_count() == 1);
}

TEST_CASE("a wildcard of many words gives its articles one score, a narrow one ranks them") {
  // "t*" stands for hundreds of the seeds' words: one score for all its
  // articles, which the other words of a query then rank.
  const auto broad = search("t*");
  REQUIRE(broad.hits.size() == 5);
  for (const auto& hit : broad.hits)
    CHECK(hit.score == doctest::Approx(broad.hits.front().score));
  const auto ranked_by_other_word = search("t* kerry");
  REQUIRE(!ranked_by_other_word.hits.empty());
  CHECK(ranked_by_other_word.hits.front().score > 0);
  // "hostage*" stands for a few words: ranked as one word would be.
  const auto narrow = search("hostage*");
  REQUIRE(narrow.hits.size() >= 2);
  CHECK(narrow.hits.front().score > 0);
  CHECK(narrow.hits.front().score > narrow.hits.back().score);
}
