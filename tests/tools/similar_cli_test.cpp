// byline similar and the shell's :similar as a user runs them: the other
// reports of the same event, why they are alike, JSON, errors.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "byline/text_layout.hpp"
#include "test_support.hpp"
#include "tools/cli_run.hpp"

using byline::test::byline_run;
using byline::test::contains;
using byline::test::Run;

namespace {

const std::string kSeed0 = "000_948900f74b3c9d2b";
const std::string kSeed4 = "004_b46668153307b5f2";

// The seed corpus and the fifty unrelated articles of the multilingual
// fixture, indexed with the command into `dir`; returns the index path.
std::string mixed_index(const byline::test::TempDir& dir) {
  const std::string index = (dir / "idx").string();
  const std::string others = (std::filesystem::path(BYLINE_SOURCE_DIR) / "tests" / "fixtures" /
                              "multilingual" / "articles.jsonl")
                                 .string();
  REQUIRE(byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string(), others})
              .status == 0);
  return index;
}

std::set<std::string> numbers(const nlohmann::json& hits, std::size_t first) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < first && i < hits.size(); ++i)
    out.insert(hits[i]["id"].get<std::string>().substr(0, 3));
  return out;
}

}  // namespace

TEST_CASE("byline similar ID: the other reports of the event first, shown as search shows hits") {
  byline::test::TempDir dir;
  const std::string index = mixed_index(dir);
  const Run text = byline_run({"similar", "--index", index, kSeed0});
  REQUIRE(text.status == 0);
  CHECK(contains(text.out, " articles match the words of " + kSeed0 + " ("));
  CHECK(contains(text.out, "  1. "));
  CHECK(contains(text.out, "score "));
  CHECK_FALSE(contains(text.out, kSeed0 + " · score"));  // never the article itself
  CHECK_FALSE(contains(text.out, "words:"));             // without --explain

  const Run json = byline_run({"similar", "--index", index, "--json", "-n", "4", kSeed0});
  REQUIRE(json.status == 0);
  const auto found = nlohmann::json::parse(json.out);
  CHECK(numbers(found["hits"], 4) == std::set<std::string>{"001", "002", "003", "004"});
  CHECK(found["ids"] == nlohmann::json::array({kSeed0}));
  CHECK(found["terms"].size() == 15);  // the default number of words
  CHECK(found["terms"][0]["weight"].get<double>() > 0);
  CHECK_FALSE(found["hits"][0]["matched"].empty());
  CHECK_FALSE(found.contains("query"));
  CHECK(found["limit"] == 4);

  // Several: like all of them; page 2; fewer words.
  const Run these = byline_run({"similar", "--index", index, "--json", "--terms", "10", "-n", "2",
                                "-p", "2", kSeed0, kSeed4});
  REQUIRE(these.status == 0);
  const auto second = nlohmann::json::parse(these.out);
  CHECK(second["terms"].size() == 10);
  CHECK(second["offset"] == 2);
  CHECK(second["hits"][0]["rank"] == 3);
  CHECK(second["ids"] == nlohmann::json::array({kSeed0, kSeed4}));
  const Run two = byline_run({"similar", "--index", index, kSeed0, kSeed4});
  CHECK(contains(two.out, "match the words of " + kSeed0 + " and " + kSeed4));
}

TEST_CASE("byline similar --explain: the telling words with weights, and each hit's") {
  byline::test::TempDir dir;
  const std::string index = mixed_index(dir);
  const Run run = byline_run({"similar", "--index", index, "--explain", "-n", "3", kSeed0});
  REQUIRE(run.status == 0);
  CAPTURE(run.out);
  const auto lines = byline::test::lines_of(run.out);
  std::string words;
  std::vector<std::string> hits;
  for (const std::string& line : lines) {
    if (line.starts_with("words:"))
      words = line;
    for (const std::string rank : {"1.", "2.", "3."}) {
      if (line.starts_with(rank + "       "))
        hits.push_back(line);
    }
  }
  CHECK(contains(words, "iraq "));
  CHECK_FALSE(contains(words, " the "));
  CHECK(hits.size() == 3);
  CHECK(contains(hits.front(), "iraq"));
  // Lines fit the terminal's width when wrapped; in a pipe, not wrapped.
  const Run json = byline_run({"similar", "--index", index, "--explain", "--json", kSeed0});
  CHECK(json.status == 2);
  CHECK(contains(nlohmann::json::parse(json.out)["error"]["message"].get<std::string>(),
                 "--explain does nothing with --json"));
}

TEST_CASE("byline similar: --filter narrows, an unknown id or a bad filter is an error") {
  byline::test::TempDir dir;
  const std::string index = mixed_index(dir);
  const Run bbc =
      byline_run({"similar", "--index", index, "--json", "--filter", "source:bbc", kSeed0});
  REQUIRE(bbc.status == 0);
  const auto found = nlohmann::json::parse(bbc.out);
  CHECK(found["total"] == 1);
  CHECK(found["hits"][0]["id"] == kSeed4);

  const Run missing = byline_run({"similar", "--index", index, kSeed0, "nope"});
  CHECK(missing.status == 1);
  CHECK(missing.out.empty());
  CHECK(contains(missing.err, "no article with id \"nope\" in index " + index));
  const Run missing_json = byline_run({"similar", "--index", index, "--json", "nope"});
  CHECK(missing_json.status == 1);
  CHECK(nlohmann::json::parse(missing_json.out)["error"]["kind"] == "NotFound");

  const Run bad = byline_run({"similar", "--index", index, "--filter", "date:2014 \"open", kSeed0});
  CHECK(bad.status == 1);
  CHECK(contains(bad.err, "date:2014 \"open\n"));  // the filter, with a caret under it
  CHECK(contains(bad.err, "           ^"));

  CHECK(byline_run({"similar", "--index", index}).status == 2);  // no id
  CHECK(byline_run({"similar", "--index", index, "--terms", "0", kSeed0}).status == 2);
  CHECK(byline_run({"similar", "--index", index, "-n", "0", "-p", "2", kSeed0}).status == 2);
}

TEST_CASE(
    "the shell's :similar N lists the articles like hit N, and :open, :next and :explain follow") {
  byline::test::TempDir dir;
  const std::string index = mixed_index(dir);
  const Run run = byline_run({"shell", "--index", index},
                             "\"dirty hands\"\n:limit 2\n:similar 1\n:next\n:explain\n:open 1\n"
                             ":json\n:similar " +
                                 kSeed0 + "\n");
  CHECK(run.status == 0);
  CAPTURE(run.err);
  CHECK(run.err.empty());
  CHECK(contains(run.out, "3 articles match \"dirty hands\""));
  // The first hit of the query is 001 (search_test), the list like it.
  CHECK(contains(run.out, " articles match the words of 001_94e9bdd229995ac4"));
  CHECK(contains(run.out, "  3. "));       // :next
  CHECK(contains(run.out, "words:    "));  // :explain
  CHECK(contains(run.out, "\"terms\":[{"));
  CHECK(contains(run.out, "\"ids\":[\"" + kSeed0 + "\"]"));

  const Run help = byline_run({"shell", "--index", index}, ":help\n");
  CHECK(contains(help.out, ":similar N|ID..."));
  const Run errors =
      byline_run({"shell", "--index", index}, ":similar\n:similar nope\npledge\n:similar 99\n");
  CHECK(errors.status == 1);
  CHECK(contains(errors.err, ":similar takes the number of a hit"));
  CHECK(contains(errors.err, "no article with id \"nope\""));
  CHECK(contains(errors.err, "there is no hit 99"));
}
