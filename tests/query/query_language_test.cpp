// The query language, table-driven over the seed corpus: each query with the
// exact set of articles it must return. Expectations were checked against
// the article texts by hand (see the comments for the less obvious ones).
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

using byline::Error;
using IdSet = std::set<std::string>;

namespace {

const std::filesystem::path& seed_index() {
  static byline::test::TempDir dir;
  static const std::filesystem::path path = [] {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    const auto summary = byline::ingest(writer, {byline::test::corpus_dir().string()});
    REQUIRE(summary.indexed == 5);
    REQUIRE(summary.aliases > 0);
    return dir / "idx";
  }();
  return path;
}

IdSet run(std::string_view query, bool aliases = true) {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 100;
  options.aliases = aliases;
  IdSet ids;
  for (const auto& hit : searcher.search(query, options).hits)
    ids.insert(hit.id.substr(0, 3));
  return ids;
}

struct Row {
  const char* query;
  IdSet expected;
  bool aliases = true;
};

const IdSet kAll{"000", "001", "002", "003", "004"};

const std::vector<Row> kRows = {
    // Words, through stemming.
    {"pledging", kAll},
    {"behead", {"001", "002"}},  // "beheading", "beheaded"
    {"Peshmerga", {}},           // only in 004's photo captions: page chrome, not indexed
    {"Bowen", {"004"}},
    {"Kerry", {"001", "002", "003", "004"}},
    {"Nato", {"003", "004"}},                       // "NATO" and "Nato"
    {"cooperation", {"000", "001", "002", "004"}},  // cooperate, co-operation
    // The exact form: no stemming, no aliases.
    {"=pledged", {"000", "001", "003", "004"}},
    {"=pledging", {}},
    {"=Daesh", {"002", "003"}},
    {"=Massoum", {"000"}},
    // Phrases: in order, adjacent, inflections allowed.
    {"\"dirty hands\"", {"000", "001", "004"}},
    {"\"dirty hand\"", {"000", "001", "004"}},
    {"\"hands dirty\"", {}},
    {"=\"dirty hands\"", {"000", "001", "004"}},
    {"\"air strikes\"", {"000", "001", "003", "004"}},  // 002 writes "airstrikes"
    {"\"by any means necessary\"", {"000", "001", "002", "004"}},
    {"\"all means necessary\"", {"003", "004"}},
    {"\"pledge support\"~3", {"001", "002", "004"}},  // "pledged on Monday to support"
    {"\"Jean-Yves Le Drian\"", {"002"}},
    // Proximity, between words or phrases.
    {"Kerry NEAR/5 Iran",
     {"002",
      "004"}},  // "Kerry was speaking after Iran's", "Kerry ruled out co-operation with Iran"
    {"Kerry ADJ/3 Iran", {"002"}},
    {"Iran ADJ/3 Kerry", {}},
    {"\"John Kerry\" NEAR/10 Iran", {"002"}},
    {"Khamenei NEAR/3 \"dirty hands\"", {"001"}},  // "dirty hands," said Khamenei
    {"\"dirty hands\" NEAR/20 Khamenei", {"000", "001"}},
    {"\"Saudi Arabia\" NEAR/5 train", {"002", "004"}},
    {"Obama ADJ/2 strategy", {"001", "003"}},
    // Booleans.
    {"Khamenei Haines", {"001", "002", "004"}},
    {"Steinmeier OR Jafari", {"001", "004"}},
    {"(Khamenei OR Steinmeier) Kerry", {"001", "002", "004"}},
    {"Kerry -Khamenei", {"003"}},
    {"Kerry NOT Khamenei", {"003"}},
    {"+Kerry Haines", {"001", "002", "003", "004"}},
    {"-Kerry", {"000"}},
    // Every article: * alone, beside filters, with exclusions.
    {"*", kAll},
    {"* -Kerry", {"000"}},
    {"* source:bbc", {"004"}},
    {"* NOT source:bbc", {"000", "001", "002", "003"}},
    {"date:2014 *", kAll},
    {"Steinmeier OR *", kAll},
    // Fields.
    {"title:Iraq", {"000", "001", "002", "004"}},
    {"title:\"World leaders\"", {"000", "004"}},
    {"body:Haaretz", {}},  // only its source is Haaretz
    {"title:pledge body:Steinmeier", {"001"}},
    {"source:bbc", {"004"}},
    {"source:\"BBC News\"", {"004"}},
    {"source:bbcnews", {"004"}},
    {"source:\"al jazeera\"", {"000"}},
    {"source:jazeera", {"000"}},
    {"source:bbc OR source:haaretz", {"002", "004"}},
    {"NOT source:bbc", {"000", "001", "002", "003"}},
    {"lang:en", kAll},
    {"id:000_948900f74b3c9d2b", {"000"}},
    // Dates (every seed is of 2014-09-15).
    {"date:2014-09-15", kAll},
    {"date:2014-09", kAll},
    {"date:2014", kAll},
    {"date:2013", {}},
    {"date:2014-09-01..2014-09-30", kAll},
    {"date:..2014-09-14", {}},
    {"date:2014-09-15..", kAll},
    {"Steinmeier date:2014-09", {"001"}},
    // Wildcards and fuzzy words.
    {"hostage*", {"001", "002"}},
    {"pl*dge", kAll},     // "pledge", then through stemming every form of it
    {"*qaeda", {"000"}},  // "qaeda" and "alqaeda", al-Qaeda's joined form
    {"*zz", {}},          // no word ends in zz: not "zz" (nor the stem "zzz")
    {"z?a*", {"001"}},    // "zealand"
    {"st??nmeier", {"001"}},
    {"ST??NMEIER", {"001"}},                          // the letters are folded as words are
    {"\"pledg* support\"~3", {"001", "002", "004"}},  // "pledged on Monday to support"
    {"\"dirty h?nds\"", {"000", "001", "004"}},
    {"\"pledg* hostage*\"", {}},
    {"Khamenei~1", {"000", "001", "002", "004"}},
    {"Massoum~", {"000", "001", "002", "003", "004"}, false},  // massoum, masum
    {"Steinmeir~", {"001"}},
    {"Krery~1", {"001", "002", "003", "004"}},  // one swap from "kerry"
    {"Kreyr~1", {}},                            // two
    {"Kreyr~2", {"001", "002", "003", "004"}},
    // Field groups: the field for every word, phrase or value inside.
    {"title:(Iraq OR ISIL)", kAll},
    {"title:(pledge -Iraq)", {"003"}},
    {"title:(\"World leaders\" OR Kerry)", {"000", "004"}},
    {"body:(Khamenei Steinmeier)", {"001"}},
    {"body:(Haaretz OR (Bowen Kerry))", {"004"}},
    {"source:(bbc OR haaretz)", {"002", "004"}},
    {"source:(bbc OR \"Al Jazeera\")", {"000", "004"}},
    {"Kerry -source:(bbc OR haaretz)", {"001", "003"}},
    {"date:(2013 OR 2014-09)", kAll},
    {"date:(2013 OR 2015)", {}},
    {"lang:(en OR fr)", kAll},
    {"id:(000_948900f74b3c9d2b OR 004_b46668153307b5f2)", {"000", "004"}},
    // Hyphens, apostrophes, numbers.
    {"al-Qaeda", {"000"}},  // 001 writes "al-qaeda" only in a photo caption: chrome
    {"alqaeda", {"000"}},
    {"\"Iraq's neighbours\"", {"000"}},
    {"31500", {"001"}},
    // Aliases: on by default, off per search.
    {"Daesh", kAll},
    {"Daesh", {"002", "003"}, false},
    {"Daech", {"003"}, false},
    {"\"Fuad Masum\"", kAll},
    {"\"Fuad Masum\"", {"001", "002", "003", "004"}, false},
    {"Fuad Masum", kAll},  // bare words that name an alias expand too
    {"Fuad Masum", {"001", "002", "003", "004"}, false},
    {"Fouad Massoum Paris", kAll},
    {"ISIS", {"001", "004"}, false},  // 004 writes "Isis": the same word, case folded
};

}  // namespace

TEST_CASE("every query of the table returns exactly its articles") {
  for (const Row& row : kRows) {
    const std::string query = row.query;
    CAPTURE(query);
    CAPTURE(row.aliases);
    CHECK(run(row.query, row.aliases) == row.expected);
  }
  CHECK(kRows.size() >= 40);
}

TEST_CASE("errors name the position of the problem") {
  struct Bad {
    const char* query;
    std::size_t position;
    const char* says;
  };
  const std::vector<Bad> bad = {
      {"", 0, "empty query"},
      {"   ", 0, "empty query"},
      {"!!! ---", 0, "no words"},
      {"Kerry \"dirty hands", 6, "unbalanced quote"},
      {"(Kerry OR Iran", 0, "never closed"},
      {"Kerry OR Iran)", 13, "nothing to close"},
      {"Kerry ()", 6, "empty parentheses"},
      {"Kerry AND", 6, "on its right"},
      {"OR Kerry", 0, "on its left"},
      {"Kerry NEAR/x Iran", 11, "NEAR/n"},
      {"Kerry NEAR/1000000 Iran", 11, "NEAR/n"},
      {"writer:Smith", 0, "unknown field 'writer'"},
      {"Kerry author:\"!!\"", 6, "author: needs a name"},
      {"Kerry date:2014-13", 11, "no month 13"},
      {"date:2014-02-30", 5, "has no day 30"},
      {"date:2014-09-30..2014-09-01", 5, "ends before it starts"},
      {"date:2014-09-01..20x4", 17, "bad date"},
      {"\"\"", 0, "empty phrase"},
      {"\"pledge support\"~x", 16, "'~'"},
      {"Kerry~3", 5, "edit distance"},
      {"title:*", 6, "wildcard"},
      {"Kerry **", 6, "at least one letter"},
      {"Kerry ?", 6, "at least one letter"},
      {"\"dirty ?*\" Kerry", 7, "at least one letter"},
      {"Kerry \"al-q* support\"", 7, "a single word"},
      {"pledg*~", 6, "not both"},
      {"Kerry pl?dge~1", 12, "not both"},
      {"=pl*dge", 0, "'='"},
      {"=\"pledg* support\"", 0, "'='"},
      {"title:(Kerry body:Iran)", 13, "cannot name another field (body:)"},
      {"source:(bbc title:x)", 12, "cannot name another field (title:)"},
      {"title:(Kerry writer:Smith)", 13, "unknown field 'writer'"},
      {"title:(Kerry OR Iran", 0, "never closed"},
      {"title:(*)", 7, "not *"},
      {"writer:(Smith)", 0, "unknown field 'writer'"},
      {"title:(Kerry NEAR Iran)", 7, "not fields (title:)"},
      {"=title:(Kerry)", 0, "'='"},
      {"date:(2014 2014-13)", 11, "no month 13"},
      {"Kerry =*", 6, "not to *"},
      {"* NEAR Kerry", 0, "between words and phrases"},
      {"Kerry NEAR title:Iran", 11, "between words and phrases"},
  };
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  for (const Bad& b : bad) {
    const std::string query = b.query;
    CAPTURE(query);
    try {
      (void)searcher.search(b.query);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == Error::Kind::invalid_query);
      REQUIRE(e.position());
      CHECK(*e.position() == b.position);
      CHECK(std::string(e.what()).find(b.says) != std::string::npos);
    }
  }
}

TEST_CASE("limits: long, deep and wide queries are refused with a clear error") {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  const auto error_of = [&](const std::string& q) -> std::string {
    try {
      (void)searcher.search(q);
    } catch (const Error& e) {
      CHECK(e.kind() == Error::Kind::invalid_query);
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of(std::string(100'000, 'a')).find("bytes long") != std::string::npos);
  CHECK(error_of(std::string(1000, '(') + "Kerry" + std::string(1000, ')'))
            .find("nests too deeply") != std::string::npos);
  std::string wide;
  for (int k = 0; k < 1500; ++k)
    wide += "w" + std::to_string(k) + " ";
  wide += "Kerry";
  CHECK(error_of(wide).find("too many words") != std::string::npos);
  CHECK(error_of(std::string("Kerry\0Iran", 10)).find("NUL") != std::string::npos);
  // Invalid UTF-8 is not an error: it separates words.
  CHECK(searcher.search("Kerry \xff\xfe").total == 4);
}

TEST_CASE("a wildcard past its cap is an error at the wildcard") {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.max_wildcard_terms = 5;
  try {
    (void)searcher.search("Kerry a*", options);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::invalid_query);
    CHECK(*e.position() == 6);
    CHECK(std::string(e.what()).find("more than 5") != std::string::npos);
  }
  CHECK(searcher.search("Kerry hostage*", options).total == 2);  // 001, 002
  // Anywhere in a word, and in a phrase: the same cap, at that word.
  for (const auto& [query, position] : std::vector<std::pair<std::string, std::size_t>>{
           {"Kerry *a", 6}, {"Kerry ?a*", 6}, {"Kerry \"dirty *a\"", 13}, {"title:(*a)", 7}}) {
    CAPTURE(query);
    try {
      (void)searcher.search(query, options);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == Error::Kind::invalid_query);
      REQUIRE(e.position());
      CHECK(*e.position() == position);
      CHECK(std::string(e.what()).find("more than 5") != std::string::npos);
    }
  }
  CHECK(searcher.search("\"dirty h?nds\"", options).total == 3);
}

TEST_CASE("a field group is the field on each of its terms") {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  const auto ids = [&](std::string_view query) {
    IdSet out;
    byline::SearchOptions options;
    options.limit = 100;
    for (const auto& hit : searcher.search(query, options).hits)
      out.insert(hit.id.substr(0, 3));
    return out;
  };
  const std::pair<const char*, const char*> same[] = {
      {"title:(Iraq OR Kerry)", "title:Iraq OR title:Kerry"},
      {"title:(pledge -(Iraq OR Obama))", "title:pledge -(title:Iraq OR title:Obama)"},
      {"body:(\"dirty hands\" Khamenei)", "body:\"dirty hands\" body:Khamenei"},
      {"source:(bbc OR haaretz) Kerry", "(source:bbc OR source:haaretz) Kerry"},
      {"author:(doe OR roe)", "author:doe OR author:roe"},
      {"title:(Iraq title:pledge)", "title:Iraq title:pledge"},
  };
  for (const auto& [group, spelt_out] : same) {
    CAPTURE(group);
    CHECK(ids(group) == ids(spelt_out));
    CHECK(searcher.explain(group).xapian_query == searcher.explain(spelt_out).xapian_query);
  }
  CHECK(searcher.explain("title:(Iraq OR ISIL)").parsed ==
        "OR(title:word \"Iraq\", title:word \"ISIL\")");
  // Not the field outside the group.
  CHECK(ids("title:(pledge) Steinmeier") == IdSet{"001"});
}

TEST_CASE("did you mean: a misspelt word is corrected from the index's own words") {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  const auto results = searcher.search("Kerry Khamenie");
  CHECK(results.total == 0);
  CHECK(results.suggestion == "Kerry khamenei");
  CHECK(searcher.search(results.suggestion).total == 3);
  // Nothing to correct when the words exist.
  CHECK(searcher.search("Steinmeier").suggestion.empty());
  CHECK(searcher.search("Kerry -Steinmeier +Khamenie").suggestion == "Kerry -Steinmeier +khamenei");
  CHECK(searcher.search("=Khamenie").suggestion == "=khamenei");
  CHECK(searcher.search("al-Qaedda").suggestion == "al-qaeda");
  // The word is found inside punctuation and fields, whatever comes before it.
  CHECK(searcher.search("~Khamenie").suggestion == "~khamenei");
  CHECK(searcher.search("title:Khamenie").suggestion.empty());  // not in any title
  // A valid query never fails because of its correction (found by fuzzing:
  // "title:  ~KI" was corrected into a query that does not parse, whose
  // error, at a position past the end, was reported for the original).
  for (const char* valid : {"title:  ~KI", "tit@me:  ~KI;", "~~ki~", "title:~Khamenie"}) {
    CAPTURE(valid);
    CHECK_NOTHROW((void)searcher.search(valid));
  }
}

TEST_CASE("did you mean: inside phrases, NEAR, fields and sources, the rest kept as typed") {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  const auto suggestion = [&](std::string_view query) {
    const auto results = searcher.search(query);
    CHECK(results.total == 0);
    return results.suggestion;
  };
  CHECK(suggestion("\"dirty hnads\"") == "\"dirty hands\"");
  CHECK(suggestion("\"Dirty  hnads\"~2") == "\"Dirty  hands\"~2");
  CHECK(suggestion("Khamenie NEAR/10 Iran") == "khamenei NEAR/10 Iran");
  CHECK(suggestion("\"John Kery\" NEAR/10 Iran") == "\"John kerry\" NEAR/10 Iran");
  CHECK(suggestion("title:Wrold") == "title:world");
  CHECK(suggestion("title:\"wrold leaders\"") == "title:\"world leaders\"");
  CHECK(suggestion("body:Steinmeir") == "body:steinmeier");
  CHECK(suggestion("title:(Irak OR Obma)") == "title:(iraq OR obama)");
  CHECK(suggestion("\"pledg* suport\"~3") == "\"pledg* support\"~3");
  // Sources: the nearest name as the index writes it, quoted when it has spaces.
  CHECK(suggestion("source:Haarets") == "source:Haaretz");
  CHECK(suggestion("Kerry source:Haarets") == "Kerry source:Haaretz");
  CHECK(suggestion("source:\"BBC Nwes\"") == "source:\"BBC News\"");
  CHECK(suggestion("source:bbcnwes Iraq") == "source:\"BBC News\" Iraq");
  CHECK(suggestion("source:jazera") == "source:jazeera");  // a word of a name
  CHECK(suggestion("source:(reuters OR haarets)") == "source:(reuters OR Haaretz)");
  // Nothing when the value is a source (or a word of one), or is far from any.
  CHECK(searcher.search("source:jazeera Steinmeier").suggestion.empty());
  CHECK(searcher.search("source:Reuters").suggestion.empty());
  // Excluded words are left as typed: a correction would only find less.
  CHECK(suggestion("Kery -Khamenie") == "kerry -Khamenie");
}

TEST_CASE("explain shows the parse tree, the expansions and the Xapian query") {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  const auto e = searcher.explain("\"John Kerry\" NEAR/10 Iran Daesh pledg*");
  CHECK(e.parsed ==
        "AND(NEAR/10(phrase \"John Kerry\", word \"Iran\"), word \"Daesh\", word \"pledg*\" "
        "wildcard)");
  REQUIRE(e.expansions.size() == 2);
  CHECK(e.expansions[0].find("daesh -> aliases: ") == 0);
  CHECK(e.expansions[0].find("islamic state") != std::string::npos);
  CHECK(e.expansions[1] == "pledg* -> pledge, pledged");
  CHECK(e.xapian_query.find("Zkerri") != std::string::npos);

  const auto inner = searcher.explain("Pl*DGE \"dirty h?nds\" *qaeda");
  CHECK(inner.parsed ==
        "AND(word \"Pl*DGE\" wildcard, phrase \"dirty h?nds\", word \"*qaeda\" wildcard)");
  CHECK(inner.expansions ==
        std::vector<std::string>{"pl*dge -> pledge", "h?nds -> hands", "*qaeda -> alqaeda, qaeda"});
  CHECK(inner.xapian_query.find("Zdirti PHRASE 2 Zhand") != std::string::npos);
}

TEST_CASE("the default operator is configurable: any makes bare words optional") {
  auto index = byline::Index::open(seed_index());
  byline::Searcher searcher(index);
  byline::SearchOptions any;
  any.default_operator = byline::DefaultOperator::any;
  any.limit = 10;
  CHECK(searcher.search("Steinmeier Bowen", any).total == 2);
  CHECK(searcher.search("Steinmeier Bowen").total == 0);
  // +required words must match, the others only rank.
  CHECK(searcher.search("+Kerry Steinmeier", any).total == 4);
  CHECK(searcher.search("+Kerry Steinmeier", any).hits.front().id.starts_with("001"));
}
