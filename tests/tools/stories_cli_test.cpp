// Near-duplicates and stories on the command line, as a user meets them:
// `byline index` saying what it found, `search --collapse` and `--copies`,
// `--facets story` and story: filters, `byline stories` and its --rebuild,
// the shell's :collapse and :stories, and their JSON.
//
// The corpus: the five seed articles (one event, five outlets: one story),
// two verbatim reprints of one wire story under other headlines and
// sources (one group of near-duplicates), and two unrelated articles.
// Nothing here depends on how stories are tuned beyond those two facts.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "byline/index.hpp"
#include "byline/text_layout.hpp"
#include "test_support.hpp"
#include "tools/cli_run.hpp"

using byline::test::byline_run;
using byline::test::contains;
using byline::test::Run;

namespace {

// The wire story both outlets printed word for word (120 words).
constexpr std::string_view kWire =
    "Health officials in Monrovia said on Saturday that the number of patients admitted to "
    "treatment centres had risen sharply during the week, and that new beds were being added as "
    "quickly as supplies allowed. The ministry asked families to bring sick relatives to the "
    "clinics rather than caring for them at home, where the virus spreads among those who wash "
    "and feed the patient. Aid groups said they were short of protective suits, chlorine and "
    "trained nurses, and that several hospitals in the capital had closed their doors after staff "
    "fell ill. The government extended a curfew in the worst-hit districts and said schools would "
    "stay closed until the end of the year. Donors meeting in Geneva promised more money for "
    "burial teams and laboratories.";

const std::set<std::string> kSeedIds = {"000_948900f74b3c9d2b", "001_94e9bdd229995ac4",
                                        "002_366fa68734369454", "003_51153d1eecd2bcae",
                                        "004_b46668153307b5f2"};

// The reprints and the unrelated articles, as JSON Lines.
std::string extra_articles() {
  const auto line = [](std::string id, std::string title, std::string source, std::string date,
                       std::string_view body) {
    return nlohmann::json{{"id", id},     {"title", title}, {"source", source},
                          {"date", date}, {"lang", "en"},   {"body", std::string(body)}}
               .dump() +
           "\n";
  };
  return line("wire-reuters", "Liberia adds beds as Ebola admissions rise", "Reuters", "2014-09-20",
              kWire) +
         line("wire-yahoo", "Ebola: Liberia struggles to keep up with patients", "Yahoo News",
              "2014-09-20", kWire) +
         line("football", "Late goal sends United through to the cup final", "The Guardian",
              "2014-10-02",
              "A header in the last minute of extra time sent United into the final of the cup "
              "on Wednesday night, after a match in which both goalkeepers made a string of "
              "saves. The manager praised the fans who travelled across the country.") +
         line("phone", "New phone goes on sale with a larger screen", "The Verge", "2014-08-12",
              "The company's new phone went on sale on Friday with a larger screen, a faster "
              "processor and a camera that takes better pictures in low light. Queues formed "
              "outside shops before dawn, and some models sold out within hours.");
}

// The corpus above, indexed by the command: the seed articles first, the
// rest in a second run (as news arrives).
std::string stories_index(const byline::test::TempDir& dir) {
  byline::test::write_file(dir / "extra.jsonl", extra_articles());
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  REQUIRE(byline_run({"index", "-q", "--index", index, (dir / "extra.jsonl").string()}).status ==
          0);
  return index;
}

nlohmann::json json_of(const Run& run) {
  CAPTURE(run.out);
  CAPTURE(run.err);
  REQUIRE(run.status == 0);
  return nlohmann::json::parse(run.out);
}

// The seed articles' story id, read from a search.
std::string seed_story(const std::string& index) {
  const auto found = json_of(
      byline_run({"search", "--index", index, "--json", "-n", "1", "id:000_948900f74b3c9d2b"}));
  REQUIRE(found["hits"].size() == 1);
  REQUIRE(found["hits"][0]["story"].is_string());
  return found["hits"][0]["story"].get<std::string>();
}

}  // namespace

TEST_CASE("index: the summary says how many near-duplicates and new stories the run found") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "extra.jsonl", extra_articles());
  const std::string index = (dir / "idx").string();
  const Run seeds = byline_run({"index", "--index", index, byline::test::corpus_dir().string()});
  CHECK(seeds.status == 0);
  // One event, five outlets: one story, no copy.
  CHECK(contains(seeds.out, "now holds 5 articles.\nFound 0 near-duplicates and 1 new story.\n"));
  const Run more =
      byline_run({"index", "--index", index, "--json", (dir / "extra.jsonl").string()});
  const auto summary = json_of(more);
  CHECK(summary["near_duplicates"] == 1);         // the second reprint
  CHECK(summary["new_stories"].get<int>() >= 2);  // the match, the phone (and the wire story)
  CHECK(summary["indexed"] == 4);
  // Nothing read, nothing found: no line about it.
  const Run none = byline_run({"index", "--index", index, (dir / "nothing.jsonl").string()});
  CHECK_FALSE(contains(none.out, "Found"));
}

TEST_CASE("search --collapse: one hit for the reprints, the count says both numbers") {
  byline::test::TempDir dir;
  const std::string index = stories_index(dir);
  // Without it, both reprints; with it, one, which says it stands for the other.
  const Run both = byline_run({"search", "--index", index, "Monrovia"});
  CHECK(contains(both.out, "2 articles match Monrovia ("));
  CHECK(contains(both.out, "wire-reuters"));
  CHECK(contains(both.out, "wire-yahoo"));
  CHECK_FALSE(contains(both.out, "near-identical"));

  const Run one = byline_run({"search", "--index", index, "--collapse", "Monrovia"});
  CHECK(one.status == 0);
  CHECK(contains(one.out, "2 articles match Monrovia, 1 after collapsing near-duplicates ("));
  CHECK(contains(one.out, "  1. "));
  CHECK_FALSE(contains(one.out, "  2. "));
  CHECK(contains(one.out, "     and 1 near-identical copy\n"));
  CHECK(contains(one.out, "wire-reuters") != contains(one.out, "wire-yahoo"));

  // Every article: the seed story's five are not copies of one another.
  const Run all = byline_run({"search", "--index", index, "--collapse", "-n", "0", "*"});
  CHECK(contains(all.out, "9 articles match *, 8 after collapsing near-duplicates ("));
  const Run seeds = byline_run({"search", "--index", index, "--collapse", "-n", "0", "pledging"});
  CHECK(contains(seeds.out, "5 articles match pledging, none of them near-duplicates ("));

  const auto json =
      json_of(byline_run({"search", "--index", index, "--json", "--collapse", "Monrovia"}));
  CHECK(json["total"] == 2);
  CHECK(json["collapsed_total"] == 1);
  REQUIRE(json["hits"].size() == 1);
  CHECK(json["hits"][0]["copies_collapsed"] == 1);
  CHECK_FALSE(json["hits"][0].contains("copies"));  // not asked for
  // Paging goes through the hits left: page 2 of one hit a page is empty.
  const auto page2 = json_of(byline_run(
      {"search", "--index", index, "--json", "--collapse", "-n", "1", "-p", "2", "Monrovia"}));
  CHECK(page2["hits"].empty());
}

TEST_CASE("search --copies names each copy by source and id, and needs --collapse") {
  byline::test::TempDir dir;
  const std::string index = stories_index(dir);
  const auto json = json_of(
      byline_run({"search", "--index", index, "--json", "--collapse", "--copies", "Monrovia"}));
  REQUIRE(json["hits"].size() == 1);
  const auto& hit = json["hits"][0];
  const bool reuters = hit["id"] == "wire-reuters";
  const nlohmann::json copy = reuters
                                  ? nlohmann::json{{"id", "wire-yahoo"}, {"source", "Yahoo News"}}
                                  : nlohmann::json{{"id", "wire-reuters"}, {"source", "Reuters"}};
  CHECK(hit["copies"] == nlohmann::json::array({copy}));
  CHECK(hit["duplicate_group"] == "wire-reuters");  // the first indexed names the group

  const Run text = byline_run({"search", "--index", index, "--collapse", "--copies", "Monrovia"});
  CHECK(text.status == 0);
  CHECK(contains(text.out, reuters ? "     and 1 near-identical copy: Yahoo News (wire-yahoo)\n"
                                   : "     and 1 near-identical copy: Reuters (wire-reuters)\n"));
  // Where it would do nothing, a usage error naming why.
  for (const auto& [options, message] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--copies"},
            "--copies lists the near-identical copies --collapse folds into each "
            "hit, and --collapse is not given"},
           {{"--collapse", "--copies", "-n", "0"},
            "--copies applies to the hits, and --limit 0 lists none"},
           {{"--collapse", "--explain"}, "--collapse does nothing with --explain"},
           {{"--collapse", "--timeline", "month"}, "--collapse does nothing with --timeline"},
       }) {
    std::vector<std::string> args{"search", "--index", index};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("Monrovia");
    CAPTURE(message);
    const Run run = byline_run(args);
    CHECK(run.status == 2);
    CHECK(contains(run.err, "byline: error: " + message));
  }
  CHECK(contains(byline_run({"search", "--help"}).out, "--collapse"));
  CHECK(contains(byline_run({"search", "--help"}).out, "--copies"));
}

TEST_CASE("search: each hit's story and group, --facets story and story: filters") {
  byline::test::TempDir dir;
  const std::string index = stories_index(dir);
  const std::string story = seed_story(index);
  // JSON hits carry both; the text shows the story in the hit's line.
  const auto json = json_of(byline_run({"search", "--index", index, "--json", "pledging"}));
  CHECK(json["total"] == 5);
  for (const auto& hit : json["hits"]) {
    CHECK(hit["story"] == story);
    CHECK(hit["duplicate_group"] == hit["id"]);  // none is a copy
    CHECK_FALSE(hit.contains("copies_collapsed"));
  }
  CHECK_FALSE(json.contains("collapsed_total"));
  const Run text = byline_run({"search", "--index", index, "--snippets", "0", "pledging"});
  CHECK(contains(text.out, " · 000_948900f74b3c9d2b · story " + story + " · score "));

  // story:ID finds the story's articles, and only them.
  const auto filtered =
      json_of(byline_run({"search", "--index", index, "--json", "story:" + story}));
  CHECK(filtered["total"] == 5);
  std::set<std::string> ids;
  for (const auto& hit : filtered["hits"])
    ids.insert(hit["id"].get<std::string>());
  CHECK(ids == kSeedIds);
  const Run bad = byline_run({"search", "--index", index, "story:ebola"});
  CHECK(bad.status == 1);
  CHECK(contains(bad.err, "story: takes a story id"));

  // Counted per story: the seed story's five matches.
  const auto faceted = json_of(
      byline_run({"search", "--index", index, "--json", "-n", "0", "--facets", "story", "*"}));
  const auto& values = faceted["facets"]["story"]["values"];
  REQUIRE(!values.empty());
  CHECK(values[0]["value"] == story);  // the biggest
  CHECK(values[0]["count"] == 5);
  const Run facet_text =
      byline_run({"search", "--index", index, "-n", "0", "--facets", "story", "pledging"});
  CHECK(contains(facet_text.out, "story:  " + story + " (5)\n"));
}

TEST_CASE("byline stories: newest first, the seed story with its five articles and sources") {
  byline::test::TempDir dir;
  const std::string index = stories_index(dir);
  const std::string story = seed_story(index);
  const Run text = byline_run({"stories", "--index", index});
  CHECK(text.status == 0);
  CHECK(text.err.empty());
  // Each story: its headline by its number, its id, dates and size, its
  // sources, its keywords.
  CHECK(contains(text.out, "story " + story + " · 2014-09-15 · 5 articles\n"));
  CHECK(
      contains(text.out,
               "     sources: Al Jazeera 1 · BBC News 1 · China Topix 1 · Haaretz 1 · News24 1\n"));
  CHECK(contains(text.out, "     keywords: "));
  CHECK(contains(text.out, "  1. Late goal sends United through to the cup final\n"));  // newest
  for (const std::string& line : byline::test::lines_of(text.out)) {
    CAPTURE(line);
    CHECK(byline::cli::columns(line) <= 100);  // one line per part, short
  }

  const auto json = json_of(byline_run({"stories", "--index", index, "--json"}));
  CHECK(json["query"] == "*");
  CHECK(json["offset"] == 0);
  CHECK(json["limit"] == 10);
  CHECK(json["total"].get<std::size_t>() == json["stories"].size());
  std::string previous = "9999-12-31";
  bool seen = false;
  for (const auto& s : json["stories"]) {
    for (const char* key : {"id", "label", "central_id", "keywords", "first_date", "last_date",
                            "size", "matching", "sources"})
      CHECK(s.contains(key));
    const std::string last = s["last_date"].get<std::string>();
    CHECK(last <= previous);  // newest first
    previous = last;
    if (s["id"] != story)
      continue;
    seen = true;
    CHECK(s["size"] == 5);
    CHECK(s["matching"] == 5);
    CHECK(s["first_date"] == "2014-09-15");
    CHECK(kSeedIds.contains(s["central_id"].get<std::string>()));
    CHECK(s["sources"].size() == 5);
    CHECK(s["sources"][0] == nlohmann::json{{"value", "Al Jazeera"}, {"count", 1}});
  }
  CHECK(seen);

  // A query lists the stories of its matches, and how many of each match.
  const Run query = byline_run({"stories", "--index", index, "Kerry"});
  CHECK(contains(query.out, "1 story matches Kerry ("));
  CHECK(contains(query.out, "story " + story + " · 2014-09-15 · 5 articles, 4 matching\n"));
  const Run all_match = byline_run({"stories", "--index", index, "pledging"});
  CHECK(contains(all_match.out, "5 articles, all matching\n"));
  // --date is the query's date: filter, ANDed with the query.
  const auto dated = json_of(
      byline_run({"stories", "--index", index, "--json", "--date", "2014-09-01..2014-09-16"}));
  CHECK(dated["query"] == "date:2014-09-01..2014-09-16");
  REQUIRE(dated["stories"].size() == 1);
  CHECK(dated["stories"][0]["id"] == story);
  const auto both =
      json_of(byline_run({"stories", "--index", index, "--json", "--date", "2014-09", "Kerry"}));
  CHECK(both["query"] == "(Kerry) date:2014-09");
  CHECK(both["total"] == 1);
  const auto none =
      json_of(byline_run({"stories", "--index", index, "--json", "--date", "2014-10..", "Kerry"}));
  CHECK(none["total"] == 0);
  // Paging: one a page, the second page the second newest.
  const auto page =
      json_of(byline_run({"stories", "--index", index, "--json", "-n", "1", "--page", "2"}));
  CHECK(page["offset"] == 1);
  REQUIRE(page["stories"].size() == 1);
  CHECK(page["stories"][0]["id"] == json["stories"][1]["id"]);
  const Run numbered = byline_run({"stories", "--index", index, "-n", "1", "--page", "2"});
  CHECK(contains(numbered.out, "\n  2. "));
}

TEST_CASE("byline stories: errors as the other commands report them") {
  byline::test::TempDir dir;
  const std::string index = stories_index(dir);
  const Run bad_date = byline_run({"stories", "--index", index, "--date", "2014 OR x"});
  CHECK(bad_date.status == 2);
  CHECK(contains(bad_date.err, "byline: error: --date takes a date or a range of them"));
  const Run bad_range = byline_run({"stories", "--index", index, "--date", "2014-13"});
  CHECK(bad_range.status == 1);  // the query language's own check
  const Run bad_query = byline_run({"stories", "--index", index, "--json", "Kerry \"dirty"});
  CHECK(bad_query.status == 1);
  CHECK(nlohmann::json::parse(bad_query.out)["error"]["kind"] == "InvalidQuery");
  const Run missing = byline_run({"stories", "--index", (dir / "nowhere").string()});
  CHECK(missing.status == 1);
  CHECK(contains(missing.err, "create one with: byline index"));
  for (const auto& [options, message] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--rebuild", "Kerry"}, "a query does nothing with --rebuild"},
           {{"--rebuild", "--limit", "3"}, "--limit does nothing with --rebuild"},
           {{"--rebuild", "--date", "2014"}, "--date does nothing with --rebuild"},
           {{"--wait"}, "--wait waits for another writer, and only --rebuild writes"},
           {{"-n", "0", "--page", "2"}, "--page applies to the stories listed"},
       }) {
    std::vector<std::string> args{"stories", "--index", index};
    args.insert(args.end(), options.begin(), options.end());
    CAPTURE(message);
    const Run run = byline_run(args);
    CHECK(run.status == 2);
    CHECK(contains(run.err, "byline: error: " + message));
  }
  // A query that excludes a word goes after "--", as for search.
  const Run dashed = byline_run({"stories", "--index", index, "Kerry", "-Steinmeier"});
  CHECK(dashed.status == 2);
  CHECK(contains(dashed.err, "put the query after --: byline stories --index " + index +
                                 " -- Kerry -Steinmeier\n"));
  CHECK(byline_run({"stories", "--index", index, "--", "Kerry", "-Steinmeier"}).status == 0);
  const Run count_only = byline_run({"stories", "--index", index, "-n", "0"});
  CHECK(count_only.status == 0);
  CHECK_FALSE(contains(count_only.out, "  1. "));
}

TEST_CASE("byline stories --rebuild groups every article again and says what it made") {
  byline::test::TempDir dir;
  const std::string index = stories_index(dir);
  const Run rebuilt = byline_run({"stories", "--index", index, "--rebuild"});
  CHECK(rebuilt.status == 0);
  CHECK(rebuilt.out.starts_with("Rebuilt the stories of 9 articles in "));
  CHECK(contains(rebuilt.out, " s: 1 near-duplicate, "));
  const auto json = json_of(byline_run({"stories", "--index", index, "--rebuild", "--json"}));
  CHECK(json["articles"] == 9);
  CHECK(json["near_duplicates"] == 1);
  CHECK(json["stories"].get<int>() >= 3);
  CHECK(json["index"] == index);
  // Grouped as before: the seed story whole, the reprints collapsed.
  const std::string story = seed_story(index);
  CHECK(json_of(byline_run({"search", "--index", index, "--json", "story:" + story}))["total"] ==
        5);
  CHECK(json_of(byline_run({"search", "--index", index, "--json", "--collapse",
                            "Monrovia"}))["collapsed_total"] == 1);

  // It writes: another writer's lock is reported as `index` reports it.
  const byline::Index writer =
      byline::Index::open(index, byline::test::options_for(byline::OpenMode::read_write));
  const Run locked = byline_run({"stories", "--index", index, "--rebuild"});
  CHECK(locked.status == 1);
  CHECK(contains(locked.err, "locked by another writer; add --wait"));
  // Listing needs no lock.
  CHECK(byline_run({"stories", "--index", index}).status == 0);
}

TEST_CASE("the shell: :collapse folds the reprints, :stories lists stories, story: filters") {
  byline::test::TempDir dir;
  const std::string index = stories_index(dir);
  const std::string story = seed_story(index);
  const Run run = byline_run({"shell", "--index", index},
                             "Monrovia\n:collapse\n:collapse off\nMonrovia\n:collapse on\n"
                             ":stories\n:stories Kerry\n:stories *\nstory:" +
                                 story + "\n:facets story\n:collapse maybe\n");
  CHECK(run.status == 1);  // :collapse maybe
  CHECK(contains(run.err, ":collapse takes on or off"));
  const std::string& out = run.out;
  // :collapse runs the last query again, folded, the copy named.
  const std::size_t on = out.find("Near-duplicates collapsed");
  REQUIRE(on != std::string::npos);
  CHECK(contains(out.substr(on), "2 articles match Monrovia, 1 after collapsing near-duplicates"));
  CHECK((contains(out.substr(on), "and 1 near-identical copy: Yahoo News (wire-yahoo)") ||
         contains(out.substr(on), "and 1 near-identical copy: Reuters (wire-reuters)")));
  const std::size_t off = out.find("Near-duplicates not collapsed");
  REQUIRE(off != std::string::npos);
  CHECK(contains(out.substr(off), "  2. Ebola: Liberia struggles"));
  // :stories: those of the last query, of another, then every one.
  CHECK(
      (contains(out, "1 story matches Monrovia (") || contains(out, "2 stories match Monrovia (")));
  CHECK(contains(out, "1 story matches Kerry ("));
  CHECK(contains(out, "story " + story + " · 2014-09-15 · 5 articles, 4 matching\n"));
  CHECK(contains(out, "story " + story + " · 2014-09-15 · 5 articles\n"));
  // A story: query, and its facet, counted without it: the story the
  // query selects marked, the others it would add after it.
  CHECK(contains(out, "5 articles match story:" + story));
  CHECK(contains(out, "story:  *" + story + " (5) · "));
  CHECK(contains(out, "(counted without the query's story: filters)"));

  // In JSON, as `byline stories --json`; :help lists the commands.
  const Run json = byline_run({"shell", "--index", index}, ":json\n:stories pledging\n:help\n");
  CHECK(json.status == 0);
  const auto listed = nlohmann::json::parse(json.out.substr(
      json.out.find('{'), json.out.find('\n', json.out.find('{')) - json.out.find('{')));
  CHECK(listed["query"] == "pledging");
  CHECK(listed["stories"][0]["id"] == story);
  CHECK(contains(json.out, ":collapse [on|off]"));
  CHECK(contains(json.out, ":stories [QUERY]"));
  CHECK(contains(json.out, "id: story:"));
}
