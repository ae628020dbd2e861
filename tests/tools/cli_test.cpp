// The byline command as a user runs it: exit codes, output, JSON, errors.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "byline/index.hpp"
#include "byline/text_layout.hpp"
#include "engine/schema.hpp"
#include "reliability/verify.hpp"
#include "test_support.hpp"
#include "tools/cli_run.hpp"

using byline::test::byline_run;
using byline::test::contains;
using byline::test::quote;
using byline::test::Run;
using byline::test::slurp;

TEST_CASE("--version and --help exit 0, no command or a bad option is a usage error (2)") {
  const Run version = byline_run({"--version"});
  CHECK(version.status == 0);
  CHECK(contains(version.out, "byline 0."));
  const Run help = byline_run({"--help"});
  CHECK(help.status == 0);
  CHECK(contains(help.out, "index"));
  CHECK(contains(help.out, "search"));
  CHECK(contains(help.out, "shell"));
  CHECK(byline_run({}).status == 2);
  CHECK(byline_run({"search", "--no-such-option", "x"}).status == 2);
  CHECK(byline_run({"search", "--limit", "10001", "x"}).status == 2);
}

TEST_CASE("usage errors read as other errors do: byline: error: on stderr, JSON with --json") {
  const Run unknown = byline_run({"search", "--no-such-option", "x"});
  CHECK(unknown.status == 2);
  CHECK(unknown.err.starts_with("byline: error: "));
  CHECK(contains(unknown.err, "--no-such-option"));
  CHECK(contains(unknown.err, "Run 'byline search --help' for the options."));
  CHECK(unknown.out.empty());
  const Run range = byline_run({"search", "--limit", "10001", "x"});
  CHECK(range.status == 2);
  CHECK(range.err.starts_with("byline: error: "));
  const Run missing = byline_run({"show"});
  CHECK(missing.status == 2);
  CHECK(missing.err.starts_with("byline: error: "));
  CHECK(byline_run({}).err.starts_with("byline: error: "));

  const Run json = byline_run({"search", "--json", "--no-such-option", "x"});
  CHECK(json.status == 2);
  CHECK(json.err.empty());
  const auto error = nlohmann::json::parse(json.out)["error"];
  CHECK(error["kind"] == "InvalidArgument");
  CHECK(contains(error["message"].get<std::string>(), "--no-such-option"));
  const Run stats_json = byline_run({"stats", "--json", "--bogus"});
  CHECK(stats_json.status == 2);
  CHECK(nlohmann::json::parse(stats_json.out)["error"]["kind"] == "InvalidArgument");
  // A query word after "--" is not --json.
  const Run word = byline_run({"search", "--bogus", "--", "--json"});
  CHECK(word.status == 2);
  CHECK(word.out.empty());
}

TEST_CASE("index the corpus, then search --json: total and hits with ids from file names") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  const Run indexed = byline_run({"index", "--index", index, byline::test::corpus_dir().string()});
  CHECK(indexed.status == 0);
  CHECK(contains(indexed.out, "Indexed 5 new"));

  const Run found = byline_run({"search", "--index", index, "--json", "\"dirty hands\""});
  REQUIRE(found.status == 0);
  const auto json = nlohmann::json::parse(found.out);
  CHECK(json["total"] == 3);
  std::set<std::string> ids;
  for (const auto& hit : json["hits"]) {
    ids.insert(hit["id"].get<std::string>());
    CHECK(hit.contains("title"));
    CHECK(hit.contains("source"));
    CHECK(hit.contains("date"));
    CHECK(hit["score"].get<double>() > 0);
  }
  CHECK(ids == std::set<std::string>{"000_948900f74b3c9d2b", "001_94e9bdd229995ac4",
                                     "004_b46668153307b5f2"});
}

TEST_CASE("index --segment-size: shards of one-article databases make the same index") {
  byline::test::TempDir dir;
  const std::string corpus = byline::test::corpus_dir().string();
  const auto hits = [&](const std::string& index) {
    const Run found = byline_run({"search", "--index", index, "--json", "Kerry OR Iraq"});
    REQUIRE(found.status == 0);
    const auto json = nlohmann::json::parse(found.out);
    std::vector<std::pair<std::string, double>> out;
    for (const auto& hit : json["hits"])
      out.emplace_back(hit["id"].get<std::string>(), hit["score"].get<double>());
    return out;
  };
  const std::string whole = (dir / "whole").string();
  const std::string pieces = (dir / "pieces").string();
  REQUIRE(byline_run({"index", "--index", whole, corpus}).status == 0);
  const Run indexed = byline_run({"index", "--index", pieces, "--segment-size", "1", corpus});
  CHECK(indexed.status == 0);
  CHECK(contains(indexed.out, "Indexed 5 new"));
  const auto expected = hits(whole);
  CHECK(expected.size() == 5);
  CHECK(hits(pieces) == expected);
  CHECK(byline_run({"index", "--index", pieces, "--segment-size", "-1", corpus}).status == 2);
}

TEST_CASE("index: the text analysis options shape a new index and must match an existing one") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  const std::string articles = (dir / "fr.jsonl").string();
  byline::test::write_file(
      articles, R"({"id": "fr1", "lang": "fr", "body": "Les frappes contre l'Irak ont repris."})"
                "\n");
  REQUIRE(
      byline_run({"index", "--index", index, "--one-language", "--no-fold-diacritics", articles})
          .status == 0);
  // Stemmed as English, so the elided article stays on the word.
  const Run irak = byline_run({"search", "--index", index, "--json", "Irak"});
  REQUIRE(irak.status == 0);
  CHECK(nlohmann::json::parse(irak.out)["total"] == 0);
  // Without the options, the existing index is used as it was made.
  CHECK(byline_run({"index", "--index", index, articles}).status == 0);
  // With other ones, an error that says how it was made; nothing written.
  const Run other = byline_run({"index", "--index", index, "--language", "french", articles});
  CHECK(other.status != 0);
  CHECK(contains(other.err, "was made with --language english, not french"));
  const Run folded = byline_run({"index", "--index", index, "--one-language", articles});
  CHECK(folded.status != 0);
  CHECK(contains(folded.err, "diacritic folding off, not on"));
}

TEST_CASE("the index comes from --index, else $BYLINE_INDEX") {
  byline::test::TempDir dir;
  const std::string index = (dir / "env-idx").string();
  CHECK(byline_run({"index", "--quiet", byline::test::corpus_dir().string()}, {},
                   {"BYLINE_INDEX=" + index})
            .status == 0);
  const Run found = byline_run({"search", "--json", "Steinmeier"}, {}, {"BYLINE_INDEX=" + index});
  CHECK(found.status == 0);
  CHECK(nlohmann::json::parse(found.out)["total"] == 1);
}

TEST_CASE("an unreachable remote shard is named, and $BYLINE_REMOTE_TIMEOUT is checked") {
  byline::test::TempDir dir;
  const std::string stub = (dir / "remote.stub").string();
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  byline::test::write_file(stub, "# the archive's shards\nremote 127.0.0.1:1\n");
  const Run refused = byline_run({"search", "--index", stub, "iraq"});
  CHECK(refused.status == 1);
  CHECK(contains(refused.err,
                 "shard 1 (remote 127.0.0.1:1, line 2 of " + stub + ") could not be opened"));
  const Run bad =
      byline_run({"search", "--index", stub, "iraq"}, {}, {"BYLINE_REMOTE_TIMEOUT=soon"});
  CHECK(bad.status != 0);
  CHECK(contains(bad.err, "BYLINE_REMOTE_TIMEOUT is \"soon\""));

  // --allow-partial: the shards that answer, and the one left out named.
  const std::string local = (dir / "local").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", local, byline::test::corpus_dir().string()}).status ==
      0);
  const std::string mixed = (dir / "mixed.stub").string();
  byline::test::write_file(mixed, "auto local\nremote 127.0.0.1:1\n");
  const Run partial =
      byline_run({"search", "--index", mixed, "--allow-partial", "-n", "0", "iraq"});
  CHECK(partial.status == 0);
  CHECK(contains(partial.out, "5 articles match iraq"));
  CHECK(contains(partial.out, "Left out: shard 2 (remote 127.0.0.1:1, line 2 of " + mixed + ")"));
  const Run json =
      byline_run({"search", "--index", mixed, "--allow-partial", "--json", "-n", "0", "iraq"});
  CHECK(json.status == 0);
  CHECK(nlohmann::json::parse(json.out)["unavailable_shards"].size() == 1);
}

TEST_CASE("a malformed query exits 1 and shows a caret under the position") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  const Run bad = byline_run({"search", "--index", index, "Kerry \"dirty"});
  CHECK(bad.status == 1);
  CHECK(contains(bad.err, "unbalanced quote"));
  CHECK(contains(bad.err, "  Kerry \"dirty\n        ^"));
  CHECK(bad.out.empty());

  const Run json = byline_run({"search", "--index", index, "--json", "Kerry \"dirty"});
  CHECK(json.status == 1);
  const auto error = nlohmann::json::parse(json.out)["error"];
  CHECK(error["kind"] == "InvalidQuery");
  CHECK(error["position"] == 6);
}

namespace {

// The character shown at `column` of `line` (a code point, as columns()
// lays it out: two columns for a wide one), or "" past its end.
std::string at_column(std::string_view line, std::size_t column) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t length = 1;
    while (i + length < line.size() &&
           (static_cast<unsigned char>(line[i + length]) & 0xC0) == 0x80)
      ++length;
    const std::string_view character = line.substr(i, length);
    const std::size_t width = byline::cli::columns(character);
    if (column >= at && column < at + std::max<std::size_t>(width, 1))
      return std::string(character);
    at += width;
    i += length;
  }
  return {};
}

// The query line and the caret's column under it, from an error on stderr.
std::pair<std::string, std::size_t> shown_with_caret(const std::string& err) {
  const auto lines = byline::test::lines_of(err);
  REQUIRE(lines.size() >= 3);
  const std::string& query = lines[lines.size() - 2];
  const std::string& caret = lines.back();
  REQUIRE(query.starts_with("  "));
  REQUIRE(caret.ends_with("^"));
  return {query.substr(2), caret.size() - 3};
}

// An index of four articles, one without a date, for the query language
// on the command line.
std::string news_index(const byline::test::TempDir& dir) {
  byline::test::write_file(
      dir / "feed.jsonl",
      R"({"id": "a", "title": "Leaders pledge support", "source": "Haaretz", "date": "2014-09-15", "body": "World leaders pledged to support Iraq. Kerry spoke of dirty hands."}
{"id": "b", "title": "Ceasefire talks", "source": "BBC News", "date": "2014-09-16", "body": "Kerry met Steinmeier in Paris."}
{"id": "c", "title": "A note", "source": "Reuters", "body": "Kerry pledged help, in a note without a date."}
{"id": "d", "title": "Old report", "source": "BBC News", "date": "2013-01-02", "body": "Kerry in Geneva."}
)");
  const std::string index = (dir / "idx").string();
  REQUIRE(byline_run({"index", "-q", "--index", index, (dir / "feed.jsonl").string()}).status == 0);
  return index;
}

}  // namespace

TEST_CASE("search: wildcards anywhere, field groups, fuzzy swaps, did-you-mean, undated last") {
  byline::test::TempDir dir;
  const std::string index = news_index(dir);
  const auto ids = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--index", index, "--json"});
    const Run run = byline_run(args);
    REQUIRE(run.status == 0);
    const auto json = nlohmann::json::parse(run.out);
    std::string out;
    for (const auto& hit : json["hits"])
      out += hit["id"].get<std::string>();
    return out;
  };
  const auto sorted = [&](std::vector<std::string> args) {
    std::string out = ids(std::move(args));
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(sorted({"pl*dge"}) == "ac");  // "pledge", then every form: "pledged"
  CHECK(sorted({"*eva"}) == "d");     // "geneva"
  CHECK(sorted({"K?RRY"}) == "abcd");
  CHECK(sorted({"\"pledg* to support\""}) == "a");
  CHECK(sorted({"title:(ceasefire OR report)"}) == "bd");
  CHECK(sorted({"source:(\"BBC News\" OR reuters) Kerry"}) == "bcd");
  CHECK(sorted({"Krery~1"}) == "abcd");  // one swap from "kerry"
  // Undated articles last, newest first and oldest first.
  CHECK(ids({"--sort", "newest", "Kerry"}) == "badc");
  CHECK(ids({"--sort", "oldest", "Kerry"}) == "dabc");
  CHECK(ids({"--sort", "oldest", "-n", "2", "-p", "2", "Kerry"}) == "bc");

  const auto suggestion = [&](const std::string& query) {
    const Run run = byline_run({"search", "--index", index, query});
    CHECK(run.status == 0);
    const std::string said = "Did you mean: ";
    const std::size_t at = run.out.find(said);
    return at == std::string::npos
               ? std::string()
               : run.out.substr(at + said.size(), run.out.find('\n', at) - at - said.size());
  };
  CHECK(suggestion("\"dirty hnads\"") == "\"dirty hands\"");
  CHECK(suggestion("Kerry source:Haarets") == "Kerry source:Haaretz");
  CHECK(suggestion("source:bbcnwes Paris") == "source:\"BBC News\" Paris");
  CHECK(suggestion("Steinmeir NEAR/3 Kerry") == "steinmeier NEAR/3 Kerry");
  CHECK(suggestion("title:Ceasfire") == "title:ceasefire");

  const Run other_field = byline_run({"search", "--index", index, "title:(Kerry body:Iran)"});
  CHECK(other_field.status == 1);
  CHECK(contains(other_field.err, "cannot name another field (body:)"));
  CHECK(contains(other_field.err, "  title:(Kerry body:Iran)\n               ^"));
  const Run starred = byline_run({"search", "--index", index, "Kerry **"});
  CHECK(starred.status == 1);
  CHECK(contains(starred.err, "a wildcard needs at least one letter"));
}

TEST_CASE("search: an option that would do nothing is a usage error naming both options") {
  byline::test::TempDir dir;
  const std::string index = news_index(dir);
  const std::vector<std::pair<std::vector<std::string>, std::string>> ignored = {
      {{"--facets", "source", "--facet-range", "2014"},
       "--facet-range applies to date facets (year, month, day), and --facets source has none"},
      {{"--facets", "source,author", "--empty-buckets"},
       "--empty-buckets applies to date facets (year, month, day), and --facets source,author "
       "has none"},
      {{"--facet-range", "2014"}, "--facet-range applies to facets, and no --facets are asked for"},
      {{"--facet-top", "3"}, "--facet-top applies to facets, and no --facets are asked for"},
      {{"--facet-sort", "value", "--facets", "month", "--empty-buckets"},
       "--facet-sort does nothing with --empty-buckets"},
      {{"-n", "0", "--page", "2"}, "--page applies to the hits, and --limit 0 lists none"},
      {{"-n", "0", "--sort", "oldest"}, "--sort applies to the hits, and --limit 0 lists none"},
      {{"-n", "0", "--snippets", "2"}, "--snippets applies to the hits, and --limit 0 lists none"},
      {{"--snippets", "0", "--snippet-length", "50"},
       "--snippet-length is the length of the snippets, and --snippets 0 asks for none"},
      {{"--json", "--snippet-length", "50"}, "--json shows none unless --snippets N asks for them"},
      {{"--explain", "--sort", "newest"}, "--sort does nothing with --explain"},
      {{"--explain", "-n", "3"}, "--limit does nothing with --explain"},
      {{"--explain", "--timeline"}, "--timeline does nothing with --explain"},
      {{"--timeline", "month", "--facets", "source"}, "--facets does nothing with --timeline"},
      {{"--timeline", "--page", "2"}, "--page does nothing with --timeline"},
  };
  for (const auto& [options, message] : ignored) {
    std::vector<std::string> args{"search", "--index", index};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("Kerry");
    CAPTURE(message);
    const Run run = byline_run(args);
    CHECK(run.status == 2);
    if (std::find(options.begin(), options.end(), "--json") == options.end()) {
      CHECK(run.err.starts_with("byline: error: "));
      CHECK(contains(run.err, message));
      CHECK(run.out.empty());
    } else {
      CHECK(contains(run.out, message));
    }
  }
  const Run json = byline_run({"search", "--index", index, "--json", "--facets", "author",
                               "--facet-range", "2014", "Kerry"});
  CHECK(json.status == 2);
  const auto error = nlohmann::json::parse(json.out)["error"];
  CHECK(error["kind"] == "InvalidArgument");
  CHECK(contains(error["message"].get<std::string>(), "--facets author has none"));
  // The same options where they apply.
  for (const std::vector<std::string>& options : std::vector<std::vector<std::string>>{
           {"--facets", "source,month", "--facet-range", "2014"},
           {"--facets", "source,day", "--empty-buckets", "--facet-top", "2"},
           {"--facets", "month", "--empty-buckets", "--facet-range", "2014-09"},
           {"-n", "0", "--facets", "source", "--facet-top", "3", "--facet-sort", "value"},
           {"--snippets", "2", "--snippet-length", "50"},
           {"--json", "--snippets", "1", "--snippet-length", "50"},
           {"--explain", "--any", "--no-aliases"},
           {"--timeline", "month", "--any"},
       }) {
    std::vector<std::string> args{"search", "--index", index};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("Kerry");
    CAPTURE(options.front());
    const Run run = byline_run(args);
    CHECK(run.status == 0);
    CHECK(run.err.empty());
  }
}

TEST_CASE("a long query's error shows about 60 columns around the position, the caret under it") {
  byline::test::TempDir dir;
  const std::string index = news_index(dir);
  std::string query;  // 6,000 bytes, then the error, then 3,000
  for (int k = 0; k < 600; ++k)
    query += "ceasefire ";
  query += "\"dirty";
  for (int k = 0; k < 300; ++k)
    query += " talks ago";
  const Run run = byline_run({"search", "--index", index, "--", query});
  CHECK(run.status == 1);
  CHECK(contains(run.err, "unbalanced quote"));
  CHECK(contains(run.err, "(at byte 6000)"));
  CHECK(run.err.size() < 300);  // not 9,000 bytes of query and as many of spaces
  const auto [shown, caret] = shown_with_caret(run.err);
  CHECK(byline::cli::columns(shown) <= 62);
  CHECK(shown.starts_with("…"));
  CHECK(shown.ends_with("…"));
  CHECK(at_column(shown, caret) == "\"");
  CHECK(contains(shown, "ceasefire \"dirty talks ago"));

  // Wide characters before the error: the caret still under it. A pipe
  // gets the same cut as a terminal.
  std::string wide;
  for (int k = 0; k < 500; ++k)
    wide += "東京 ";
  wide += "Kerry NEAR/x Iran";
  const Run cjk = byline_run({"search", "--index", index, "--", wide});
  CHECK(cjk.status == 1);
  const auto [cjk_shown, cjk_caret] = shown_with_caret(cjk.err);
  CHECK(byline::cli::columns(cjk_shown) <= 62);
  CHECK(at_column(cjk_shown, cjk_caret) == "x");
  CHECK(cjk_shown.ends_with("NEAR/x Iran"));

  // Too long to run: the end of it, and the caret just past the limit.
  const Run too_long = byline_run({"search", "--index", index, "--", std::string(10'001, 'a')});
  CHECK(too_long.status == 1);
  CHECK(contains(too_long.err, "10001 bytes long"));
  const auto [end_shown, end_caret] = shown_with_caret(too_long.err);
  CHECK(byline::cli::columns(end_shown) <= 62);
  CHECK(end_caret <= 61);

  // The shell shows its errors the same way; a command given an argument
  // it takes none of is an error, not run without it.
  const Run shell = byline_run({"shell", "--index", index}, query + "\n:json on\nKerry\n:next 2\n");
  CHECK(shell.status == 1);
  CHECK(contains(shell.err, "(at byte 6000)"));
  CHECK(contains(shell.err, "ceasefire \"dirty talks ago"));
  CHECK(shell.err.size() < 500);
  CHECK(contains(shell.err, ":json takes no argument"));
  CHECK(contains(shell.err, ":next takes no argument"));
  CHECK(contains(shell.out, "4 articles match Kerry"));  // as text: :json did not run
  CHECK_FALSE(contains(shell.out, "\"total\""));
}

TEST_CASE("a missing index exits 1 with a message naming it and how to make one") {
  byline::test::TempDir dir;
  const std::string nowhere = (dir / "nowhere").string();
  const Run run = byline_run({"search", "--index", nowhere, "Iraq"});
  CHECK(run.status == 1);
  CHECK(contains(run.err, "byline: error: no index at " + nowhere +
                              "; create one with: byline index --index " + nowhere +
                              " FILES...\n"));
  for (const char* command : {"show", "stats", "remove"}) {
    CAPTURE(command);
    std::vector<std::string> args{command, "--index", nowhere, "--json"};
    if (std::string_view(command) != "stats")
      args.emplace_back("some-id");
    const Run json = byline_run(args);
    CHECK(json.status == 1);
    const auto error = nlohmann::json::parse(json.out)["error"];
    CHECK(error["kind"] == "NotFound");
    CHECK(contains(error["message"].get<std::string>(), "create one with: byline index"));
  }
}

TEST_CASE("a locked index: the commands that write say that --wait waits for the other writer") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  const byline::Index writer =
      byline::Index::open(index, byline::test::options_for(byline::OpenMode::read_write));
  const Run indexing = byline_run({"index", "--index", index, byline::test::corpus_dir().string()});
  CHECK(indexing.status == 1);
  CHECK(contains(indexing.err,
                 "the index is locked by another writer; add --wait to wait for it to finish"));
  const Run removing = byline_run({"remove", "--index", index, "x"});
  CHECK(removing.status == 1);
  CHECK(contains(removing.err, "locked by another writer; add --wait"));
}

TEST_CASE("counts agree with their nouns: 1 article, 2 articles") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  byline::test::write_file(dir / "one.txt", "Ceasefire agreed in Geneva talks today\n\nBody.");
  const Run one = byline_run({"index", "--index", index, (dir / "one.txt").string()});
  CHECK(one.status == 0);
  CHECK(contains(one.out, "now holds 1 article.\n"));
  byline::test::write_file(dir / "two.txt", "Kerry meets Lavrov in Paris\n\nBody.");
  CHECK(contains(byline_run({"index", "--index", index, (dir / "two.txt").string()}).out,
                 "now holds 2 articles.\n"));
  CHECK(contains(byline_run({"remove", "--index", index, "one"}).out,
                 "Removed 1 article; " + index + " now holds 1 article.\n"));
}

TEST_CASE("search -n 0: the count and the facets, no hits") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  const Run text =
      byline_run({"search", "--index", index, "-n", "0", "--facets", "source", "Kerry"});
  CHECK(text.status == 0);
  CHECK(contains(text.out, "4 articles match Kerry"));
  CHECK(contains(text.out, "source:  BBC News 1 · China Topix 1 · Haaretz 1 · News24 1"));
  CHECK_FALSE(contains(text.out, "  1. "));
  const Run json = byline_run(
      {"search", "--index", index, "--json", "--limit", "0", "--facets", "year", "Kerry"});
  CHECK(json.status == 0);
  const auto results = nlohmann::json::parse(json.out);
  CHECK(results["total"] == 4);
  CHECK(results["hits"].empty());
  CHECK(results["facets"]["year"]["values"][0]["count"] == 4);
}

TEST_CASE("remove: the ids given go, one not in the index is named and makes the status 1") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "feed.jsonl",
                           R"({"id": "j1", "body": "Ceasefire talks in Geneva."}
{"id": "j2", "body": "Ceasefire talks in Vienna."}
{"id": "j3", "body": "Ceasefire talks in Paris."}
{"id": "j4", "body": "Ceasefire talks in Rome."}
)");
  const std::string index = (dir / "idx").string();
  REQUIRE(byline_run({"index", "-q", "--index", index, (dir / "feed.jsonl").string()}).status == 0);
  const Run run = byline_run({"remove", "--index", index, "j1", "nope", "j2", "j1"});
  CHECK(run.status == 1);
  CHECK(contains(run.err, "byline: error: no article with id \"nope\" in index " + index));
  CHECK(run.out == "Removed 2 articles; " + index + " now holds 2 articles.\n");
  CHECK(byline_run({"show", "--index", index, "j1"}).status == 1);
  CHECK(byline_run({"show", "--index", index, "j3"}).status == 0);

  const Run json = byline_run({"remove", "--index", index, "--json", "j3"});
  CHECK(json.status == 0);
  CHECK(nlohmann::json::parse(json.out) == nlohmann::json{{"index", index},
                                                          {"removed", {"j3"}},
                                                          {"not_found", nlohmann::json::array()},
                                                          {"articles", 1}});
  const Run json_missing = byline_run({"remove", "--index", index, "--json", "gone"});
  CHECK(json_missing.status == 1);
  CHECK(nlohmann::json::parse(json_missing.out)["not_found"] == nlohmann::json{"gone"});
  CHECK(byline_run({"remove", "--index", index}).status == 2);  // no id
  CHECK(contains(byline_run({"--help"}).out, "remove"));
}

TEST_CASE("index --prune: articles of files gone from the folders given are removed") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  const std::string in = (dir / "in").string();
  byline::test::write_file(dir / "in" / "a.txt", "Ceasefire agreed in Geneva talks\n\nBody.");
  byline::test::write_file(dir / "in" / "b.txt", "Kerry meets Lavrov in Paris\n\nBody.");
  byline::test::write_file(dir / "other" / "c.txt", "Talks resume in Vienna\n\nBody.");
  REQUIRE(byline_run({"index", "-q", "--index", index, in, (dir / "other").string()}).status == 0);
  std::filesystem::remove(dir / "in" / "b.txt");
  std::filesystem::remove(dir / "other" / "c.txt");
  const Run without = byline_run({"index", "--index", index, in});
  CHECK(contains(without.out, "Indexed 0 new, 1 replaced, 0 skipped in "));
  CHECK(contains(without.out, "now holds 3 articles."));
  const Run pruned = byline_run({"index", "--index", index, "--prune", in});
  CHECK(pruned.status == 0);
  CHECK(contains(pruned.out, "Indexed 0 new, 1 replaced, 0 skipped, 1 removed in "));
  CHECK(contains(pruned.out, "now holds 2 articles."));  // a, and c: its folder was not given
  CHECK(byline_run({"show", "--index", index, "b"}).status == 1);
  const Run json = byline_run({"index", "--index", index, "--prune", "--json", in});
  CHECK(nlohmann::json::parse(json.out)["removed"] == 0);
}

TEST_CASE("bad files are named, skipped, counted, and the exit status is 1") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "in" / "good.txt",
                           "Ceasefire agreed in Geneva talks today\n\nBody.");
  byline::test::write_file(dir / "in" / "photo.txt",
                           std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  const Run run = byline_run({"index", "--index", (dir / "idx").string(), (dir / "in").string()});
  CHECK(run.status == 1);
  CHECK(contains(run.err, "photo.txt"));
  CHECK(contains(run.out, "1 new"));
  CHECK(contains(run.out, "1 skipped"));
}

TEST_CASE("index: a named pipe given is refused, not waited on, and - still reads a pipe") {
  byline::test::TempDir dir;
  const std::string pipe = (dir / "pipe.jsonl").string();
  REQUIRE(std::system(("mkfifo " + quote(pipe)).c_str()) == 0);
  byline::test::write_file(dir / "good.jsonl",
                           R"({"id": "good", "body": "Ceasefire agreed in Geneva talks"})"
                           "\n");
  // A shell line of its own, for standard input to be a pipe; and opening
  // the named pipe used to block for ever, so a timeout ends the run.
  const std::string piped = R"({"id": "piped", "body": "Kerry meets Lavrov"})";
  const std::string command = "printf '%s\\n' " + quote(piped) +
                              " | timeout 30 env -u BYLINE_INDEX " + quote(BYLINE_CLI) +
                              " index --index " + quote((dir / "idx").string()) + " " +
                              quote(pipe) + " - " + quote((dir / "good.jsonl").string()) + " >" +
                              quote((dir / "out").string()) + " 2>" + quote((dir / "err").string());
  const int raw = std::system(command.c_str());
  REQUIRE(WIFEXITED(raw));
  CHECK(WEXITSTATUS(raw) == 1);  // the pipe skipped; 124 is the timeout
  const std::string err = slurp(dir / "err");
  CHECK(contains(err, pipe + ": not a regular file"));
  CHECK(contains(slurp(dir / "out"), "Indexed 2 new, 0 replaced, 1 skipped"));
}

TEST_CASE("index: a link out of the folder is skipped with a warning, unless --follow-links") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "in" / "a.txt", "Ceasefire agreed in Geneva talks\n\nBody.");
  byline::test::write_file(dir / "outside" / "b.txt", "Kerry meets Lavrov in Paris\n\nBody.");
  std::filesystem::create_directory_symlink("..", dir / "in" / "up");
  const std::string in = (dir / "in").string();
  const Run kept_in = byline_run({"index", "--index", (dir / "idx1").string(), in});
  CHECK(kept_in.status == 0);  // a warning, nothing skipped
  CHECK(contains(kept_in.err, (dir / "in" / "up").string() + ": symbolic link out of the folder"));
  CHECK(contains(kept_in.out, "Indexed 1 new"));
  const Run followed =
      byline_run({"index", "--index", (dir / "idx2").string(), "--follow-links", in});
  CHECK(followed.status == 0);
  CHECK(contains(followed.err, "symbolic link loop"));  // in/up/in, the folder given again
  CHECK(contains(followed.out, "Indexed 2 new"));
}

TEST_CASE("the shell reads one query per line from a pipe, without prompts or colours") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  const Run run = byline_run({"shell", "--index", index}, "\"dirty hands\"\npledging\n");
  CHECK(run.status == 0);
  CHECK(contains(run.out, "3 articles match \"dirty hands\""));
  CHECK(contains(run.out, "5 articles match pledging"));
  CHECK_FALSE(contains(run.out, "byline>"));
  CHECK_FALSE(contains(run.out, "\x1b["));
}

TEST_CASE("search --explain, --sort, --no-aliases and did-you-mean on the command line") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  // A query that excludes a word: a usage error that says how, then the
  // same query after "--".
  const Run dashed = byline_run({"search", "--index", index, "-Steinmeier Kerry"});
  CHECK(dashed.status == 2);
  CHECK(contains(dashed.err,
                 "byline: to exclude a word, put the query after --: byline search "
                 "--index " +
                     index + " -- '-Steinmeier Kerry'\n"));
  const Run later = byline_run({"search", "--index", index, "Kerry", "-Steinmeier"});
  CHECK(later.status == 2);
  CHECK(later.err.starts_with("byline: error: "));
  CHECK(contains(later.err, "to exclude a word, put the query after --: byline search --index " +
                                index + " -- Kerry -Steinmeier\n"));
  const Run later_json =
      byline_run({"search", "--index", index, "-n", "3", "--json", "Kerry", "-Steinmeier"});
  CHECK(later_json.status == 2);
  CHECK(nlohmann::json::parse(later_json.out)["error"]["hint"] ==
        "to exclude a word, put the query after --: byline search --index " + index +
            " -n 3 --json -- Kerry -Steinmeier");
  // A misspelt option is not taken for a word.
  CHECK_FALSE(
      contains(byline_run({"search", "--index", index, "Kerry", "--limt", "3"}).err, "exclude"));
  const Run after_dashes = byline_run({"search", "--index", index, "--", "-Steinmeier Kerry"});
  CHECK(after_dashes.status == 0);
  CHECK(contains(after_dashes.out, "3 articles match"));

  const Run explained = byline_run({"search", "--index", index, "--explain", "Daesh pledg*"});
  CHECK(explained.status == 0);
  CHECK(contains(explained.out, "parsed:   AND(word \"Daesh\", word \"pledg*\" wildcard)"));
  CHECK(contains(explained.out, "expanded: pledg* -> pledge, pledged"));
  CHECK(contains(explained.out, "xapian:"));

  const auto count = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--index", index, "--json"});
    return nlohmann::json::parse(byline_run(args).out)["total"].get<int>();
  };
  CHECK(count({"Daesh"}) == 5);
  CHECK(count({"--no-aliases", "Daesh"}) == 2);
  CHECK(count({"--sort", "newest", "Kerry"}) == 4);
  CHECK(byline_run({"search", "--index", index, "--sort", "sideways", "Kerry"}).status == 2);

  const Run typo = byline_run({"search", "--index", index, "Kery"});
  CHECK(typo.status == 0);
  CHECK(contains(typo.out, "Did you mean: kerry"));
  const Run typo_json = byline_run({"search", "--index", index, "--json", "Kery"});
  CHECK(nlohmann::json::parse(typo_json.out)["suggestion"] == "kerry");
}

TEST_CASE("the shell from a pipe: commands line by line, errors on stderr, exit status 1") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  const Run run = byline_run({"shell", "--index", index},
                             ":stats\n:filter source:bbc\nIraq\n:clear\n:limit 1\nIraq\n:next\n"
                             ":json\nSteinmeier\n:bogus\n");
  CHECK(run.status == 1);  // the unknown command
  CHECK(contains(run.out, "articles       5"));
  CHECK(contains(run.out, "1 article matches (Iraq) AND (source:bbc)"));
  CHECK(contains(run.out, "  2. "));
  CHECK(contains(run.out, "\"total\":1"));
  CHECK(contains(run.err, "unknown command :bogus"));
  const Run ok = byline_run({"shell", "--index", index}, "Iraq\n");
  CHECK(ok.status == 0);
}

TEST_CASE("byline stats") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  const Run run = byline_run({"stats", "--index", index, "--json"});
  CHECK(run.status == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["articles"] == 5);
  CHECK(json["sources"] == 5);
  CHECK(json["first_date"] == "2014-09-15");
  CHECK(json["words"].get<int>() > 500);
  CHECK(json["bytes_on_disk"].get<int>() > 0);
}

TEST_CASE("search --facets and snippets: JSON facets, highlight spans and HTML, text summary") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  const Run found = byline_run({"search", "--index", index, "--json", "--facets", "source,month",
                                "--snippets", "1", "pledging source:\"BBC News\""});
  REQUIRE(found.status == 0);
  const auto json = nlohmann::json::parse(found.out);
  CHECK(json["total"] == 1);
  const auto& sources = json["facets"]["source"];
  CHECK(sources["disjunctive"] == true);
  REQUIRE(sources["values"].size() == 5);
  for (const auto& v : sources["values"]) {
    CHECK(v["count"] == 1);
    CHECK(v["selected"] == (v["value"] == "BBC News"));
  }
  CHECK(json["facets"]["month"]["values"] ==
        nlohmann::json::parse(R"([{"value": "2014-09", "count": 1, "selected": false}])"));

  const auto& hit = json["hits"][0];
  const std::string title = hit["title"];
  REQUIRE(hit["title_highlights"].size() == 1);
  const auto& th = hit["title_highlights"][0];
  CHECK(title.substr(th[0].get<std::size_t>(),
                     th[1].get<std::size_t>() - th[0].get<std::size_t>()) == "pledge");
  CHECK(contains(hit["title_html"].get<std::string>(), "<mark>pledge</mark>"));
  REQUIRE(hit["snippets"].size() == 1);
  const auto& snippet = hit["snippets"][0];
  const std::string text = snippet["text"];
  REQUIRE_FALSE(snippet["highlights"].empty());
  for (const auto& span : snippet["highlights"]) {
    const auto begin = span[0].get<std::size_t>();
    const auto end = span[1].get<std::size_t>();
    CHECK(text.substr(begin, end - begin).substr(0, 5) == "pledg");
  }
  CHECK(contains(snippet["html"].get<std::string>(), "<mark>pledged</mark>"));

  // Text: a snippet under each hit, the facets after them; no colours in a pipe.
  const Run text_run = byline_run({"search", "--index", index, "--facets", "source", "--snippets",
                                   "2", "pledging source:\"BBC News\""});
  CHECK(text_run.status == 0);
  CHECK(contains(text_run.out, "Thirty countries have pledged to help Iraq"));
  CHECK(contains(text_run.out, "source:  Al Jazeera 1 · *BBC News 1 · China Topix 1"));
  CHECK_FALSE(contains(text_run.out, "\x1b["));

  // A day histogram with empty buckets.
  const Run days =
      byline_run({"search", "--index", index, "--json", "--facets", "day", "--facet-range",
                  "2014-09-14..2014-09-16", "--empty-buckets", "--snippets", "0", "pledging"});
  const auto day_json = nlohmann::json::parse(days.out);
  CHECK(day_json["facets"]["day"]["values"] == nlohmann::json::parse(R"([
      {"value": "2014-09-14", "count": 0, "selected": false},
      {"value": "2014-09-15", "count": 5, "selected": false},
      {"value": "2014-09-16", "count": 0, "selected": false}])"));
  CHECK_FALSE(day_json["hits"][0].contains("snippets"));
  // JSON carries snippets and facets only when asked for.
  const auto plain =
      nlohmann::json::parse(byline_run({"search", "--index", index, "--json", "pledging"}).out);
  CHECK_FALSE(plain.contains("facets"));
  CHECK_FALSE(plain["hits"][0].contains("snippets"));
  CHECK_FALSE(plain["hits"][0].contains("title_highlights"));

  // The query's words after --facets are the query, not more facet names.
  const Run unquoted = byline_run(
      {"search", "--index", index, "--json", "--facets", "source,month", "dirty", "hands"});
  REQUIRE(unquoted.status == 0);
  const auto unquoted_json = nlohmann::json::parse(unquoted.out);
  CHECK(unquoted_json["query"] == "dirty hands");
  CHECK(unquoted_json["facets"].size() == 2);

  // No hit, yet the source facet offers the other sources.
  const Run none = byline_run(
      {"search", "--index", index, "--facets", "source", "\"dirty hands\" source:Haaretz"});
  CHECK(none.status == 0);
  CHECK(contains(none.out, "0 articles match"));
  CHECK(contains(none.out, "source:  Al Jazeera 1 · BBC News 1 · News24 1"));

  CHECK(byline_run({"search", "--index", index, "--facets", "source,colour", "x"}).status == 2);
  const Run bad_range = byline_run(
      {"search", "--index", index, "--json", "--facets", "day", "--facet-range", "2014-13", "x"});
  CHECK(bad_range.status == 1);
  CHECK(contains(bad_range.out, "facet range"));
}

TEST_CASE("search: a day histogram over years 0001..9999 is an error (exit 1), not an abort") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  REQUIRE(
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()}).status ==
      0);
  // Keys built without zero padding ("20101" after "00011231") made this
  // throw std::out_of_range out of the search: exit 134.
  const Run all_days = byline_run({"search", "--index", index, "--facets", "day", "--empty-buckets",
                                   "--facet-range", "0001..9999", "--", "Iraq"});
  CHECK(all_days.status == 1);
  CHECK(contains(all_days.err, "a facet histogram of 3652059 buckets (at most 100000)"));
  CHECK_FALSE(contains(all_days.err, "out_of_range"));
  const Run json = byline_run({"search", "--index", index, "--json", "--facets", "day",
                               "--empty-buckets", "--facet-range", "0001..9999", "--", "Iraq"});
  CHECK(json.status == 1);
  CHECK(nlohmann::json::parse(json.out)["error"]["kind"] == "InvalidArgument");
  // One year is one bucket.
  const Run last_year = byline_run({"search", "--index", index, "--facets", "year",
                                    "--empty-buckets", "--facet-range", "9999..9999", "Iraq"});
  CHECK(last_year.status == 0);
  CHECK(contains(last_year.out, "year:  9999 0\n"));
}

TEST_CASE("index: a lock file that cannot be opened is an I/O error, not another writer") {
  std::string strace;
  for (const char* candidate : {"/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"}) {
    if (std::filesystem::exists(candidate))
      strace = candidate;
  }
  REQUIRE_MESSAGE(!strace.empty(), "strace is missing: run tools/setup.sh");
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  const std::string corpus = byline::test::corpus_dir().string();
  REQUIRE(byline_run({"index", "-q", "--index", index, corpus}).status == 0);
  // strace makes opening the lock file fail with EIO, and only that.
  // LeakSanitizer cannot run under ptrace, so the ASan build turns it off here.
  const std::string command = "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 " + quote(strace) +
                              " -f -qq -o /dev/null -P " + quote(index + "/flintlock") +
                              " -e trace=openat -e inject=openat:error=EIO " + quote(BYLINE_CLI) +
                              " index -q --index " + quote(index) + " " + quote(corpus) + " 2>" +
                              quote((dir / "err").string());
  const int raw = std::system(command.c_str());
  CHECK((WIFEXITED(raw) ? WEXITSTATUS(raw) : -1) == 1);
  const std::string err = slurp(dir / "err");
  CHECK(contains(err, "cannot open the lock file " + index + "/flintlock: Input/output error"));
  CHECK_FALSE(contains(err, "locked"));
}

TEST_CASE("index: the index folder gets the permissions the umask gives (002: 0775)") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  // The folder of a shard build's merged database, made by Xapian (0755), is
  // what takes the index's place.
  const mode_t saved = ::umask(002);
  const Run run =
      byline_run({"index", "-q", "--index", index, byline::test::corpus_dir().string()});
  ::umask(saved);
  CHECK(run.status == 0);
  struct stat st {};
  REQUIRE(::stat(index.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0775);
}

namespace {

// An index of two JSON Lines articles, one with authors, and a text file
// whose author comes from a manifest.
std::string author_index(const byline::test::TempDir& dir) {
  byline::test::write_file(
      dir / "in/feed.jsonl",
      "{\"id\": \"j1\", \"title\": \"Ceasefire holds\", \"source\": \"Reuters\", "
      "\"date\": \"2014-09-15\", \"author\": \"Jane Doe,  John Roe\", \"url\": "
      "\"https://example.com/j1\", \"lang\": \"en\", \"body\": \"First paragraph of the "
      "ceasefire report.\\n\\nSecond paragraph, after a break.\"}\n"
      "{\"id\": \"j2\", \"body\": \"A ceasefire note without a byline.\"}\n");
  byline::test::write_file(dir / "in/text/t1.txt",
                           "Talks on the ceasefire resume in Geneva next week\n\nThe talks.\n");
  byline::test::write_file(
      dir / "in/text/manifest.jsonl",
      "{\"file\": \"t1.txt\", \"author\": \"Mary Major\", \"source\": \"AP\"}\n");
  const std::string index = (dir / "idx").string();
  const Run indexed = byline_run({"index", "-q", "--index", index, (dir / "in").string()});
  REQUIRE(indexed.status == 0);
  return index;
}

}  // namespace

TEST_CASE("show prints a stored article: its non-empty fields then its body as stored") {
  byline::test::TempDir dir;
  const std::string index = author_index(dir);
  const Run shown = byline_run({"show", "--index", index, "j1"});
  REQUIRE(shown.status == 0);
  CHECK(shown.out ==
        "title:  Ceasefire holds\n"
        "source: Reuters\n"
        "date:   2014-09-15\n"
        "author: Jane Doe, John Roe\n"
        "url:    https://example.com/j1\n"
        "lang:   en\n"
        "id:     j1\n"
        "\n"
        "First paragraph of the ceasefire report.\n\nSecond paragraph, after a break.\n");
  // Unknown fields are left out of the header.
  const Run bare = byline_run({"show", "--index", index, "j2"});
  REQUIRE(bare.status == 0);
  CHECK_FALSE(contains(bare.out, "author:"));
  CHECK_FALSE(contains(bare.out, "source:"));
  CHECK(contains(bare.out, "id:     j2\n\nA ceasefire note without a byline.\n"));
  // The manifest gave the text file its author.
  const Run manifest = byline_run({"show", "--index", index, "text/t1"});
  REQUIRE(manifest.status == 0);
  CHECK(contains(manifest.out, "author: Mary Major\n"));
  CHECK(contains(manifest.out, "source: AP\n"));
}

TEST_CASE("show --json prints one object with every field and empty strings for unknown ones") {
  byline::test::TempDir dir;
  const std::string index = author_index(dir);
  const Run shown = byline_run({"show", "--index", index, "--json", "j1"});
  REQUIRE(shown.status == 0);
  const auto json = nlohmann::json::parse(shown.out);
  CHECK(json["id"] == "j1");
  CHECK(json["title"] == "Ceasefire holds");
  CHECK(json["source"] == "Reuters");
  CHECK(json["date"] == "2014-09-15");
  CHECK(json["author"] == "Jane Doe, John Roe");
  CHECK(json["url"] == "https://example.com/j1");
  CHECK(json["lang"] == "en");
  CHECK(json["body"] ==
        "First paragraph of the ceasefire report.\n\nSecond paragraph, after a break.");
  const auto bare =
      nlohmann::json::parse(byline_run({"show", "--index", index, "--json", "j2"}).out);
  for (const char* field : {"title", "source", "date", "author", "url"}) {
    CAPTURE(field);
    CHECK(bare[field] == "");
  }
}

TEST_CASE("show: an id not in the index exits 1 naming the id and the index") {
  byline::test::TempDir dir;
  const std::string index = author_index(dir);
  const Run missing = byline_run({"show", "--index", index, "nope"});
  CHECK(missing.status == 1);
  CHECK(missing.out.empty());
  CHECK(contains(missing.err, "no article with id \"nope\" in index " + index));
  const Run json = byline_run({"show", "--index", index, "--json", "nope"});
  CHECK(json.status == 1);
  const auto error = nlohmann::json::parse(json.out);
  CHECK(error["error"]["kind"] == "NotFound");
  CHECK(byline_run({"show", "--index", index}).status == 2);  // no id
  const Run help = byline_run({"--help"});
  CHECK(contains(help.out, "show"));
}

TEST_CASE("search: author: filters and --facets author with JSON hits carrying the author") {
  byline::test::TempDir dir;
  const std::string index = author_index(dir);
  const Run found =
      byline_run({"search", "--index", index, "--json", "--facets", "author", "ceasefire"});
  REQUIRE(found.status == 0);
  const auto json = nlohmann::json::parse(found.out);
  CHECK(json["total"] == 3);
  std::map<std::string, std::string> authors;
  for (const auto& hit : json["hits"])
    authors[hit["id"]] = hit["author"];
  CHECK(authors == std::map<std::string, std::string>{
                       {"j1", "Jane Doe, John Roe"}, {"j2", ""}, {"text/t1", "Mary Major"}});
  std::map<std::string, int> counts;
  for (const auto& v : json["facets"]["author"]["values"])
    counts[v["value"]] = v["count"];
  CHECK(counts == std::map<std::string, int>{{"Jane Doe", 1}, {"John Roe", 1}, {"Mary Major", 1}});

  const Run phrase =
      byline_run({"search", "--index", index, "--json", "author:\"john roe\" ceasefire"});
  REQUIRE(phrase.status == 0);
  CHECK(nlohmann::json::parse(phrase.out)["total"] == 1);
  const Run text = byline_run({"search", "--index", index, "--facets", "author", "author:major"});
  REQUIRE(text.status == 0);
  CHECK(contains(text.out, "AP · Mary Major · text/t1"));
  CHECK(contains(text.out, "*Mary Major 1"));
  CHECK(contains(text.out, "(counted without the query's author: filters)"));
  const Run stats = byline_run({"stats", "--index", index, "--json"});
  CHECK(nlohmann::json::parse(stats.out)["authors"] == 3);
}

TEST_CASE("search --facets lang: codes counted, the articles without one apart, lang: selects") {
  byline::test::TempDir dir;
  byline::test::write_file(
      dir / "in/feed.jsonl",
      "{\"id\": \"e1\", \"title\": \"Ceasefire\", \"lang\": \"en\", \"body\": \"Talks.\"}\n"
      "{\"id\": \"e2\", \"title\": \"Ceasefire\", \"lang\": \"EN\", \"body\": \"Talks.\"}\n"
      "{\"id\": \"f1\", \"title\": \"Ceasefire\", \"lang\": \"fr\", \"body\": \"Talks.\"}\n"
      "{\"id\": \"f2\", \"title\": \"Ceasefire\", \"lang\": \"FR\", \"body\": \"Talks.\"}\n"
      "{\"id\": \"d1\", \"title\": \"Ceasefire\", \"lang\": \"de\", \"body\": \"Talks.\"}\n"
      "{\"id\": \"n1\", \"title\": \"Ceasefire\", \"lang\": \"en\", \"body\": \"Talks.\"}\n");
  const std::string index = (dir / "idx").string();
  REQUIRE(byline_run({"index", "-q", "--index", index, (dir / "in").string()}).status == 0);
  {
    // n1 made an article without a language, as an older byline wrote one
    // it was not given a language for: no L term, no language slot.
    Xapian::WritableDatabase db(index, Xapian::DB_OPEN);
    const Xapian::docid docid = *db.postlist_begin(std::string(byline::schema::prefix::kId) + "n1");
    Xapian::Document doc = db.get_document(docid);
    doc.remove_term(std::string(byline::schema::prefix::kLang) + "en");
    doc.remove_value(byline::schema::slot::kLang);
    db.replace_document(docid, doc);
    db.commit();
  }

  const Run all = byline_run(
      {"search", "--index", index, "--json", "-n", "0", "--facets", "source,lang", "--", "*"});
  REQUIRE(all.status == 0);
  const auto json = nlohmann::json::parse(all.out);
  CHECK(json["total"] == 6);
  CHECK(json["facets"]["lang"] == nlohmann::json::parse(R"({
      "disjunctive": false, "distinct": 3, "other": 0, "missing": 1,
      "values": [{"value": "en", "count": 2, "selected": false},
                 {"value": "fr", "count": 2, "selected": false},
                 {"value": "de", "count": 1, "selected": false}]})"));
  CHECK(json["facets"]["source"]["missing"] == 6);  // no article has a source

  // Multi-select: lang:fr narrows the hits, not the lang facet.
  const Run french = byline_run({"search", "--index", index, "--json", "--facets", "lang",
                                 "--facet-top", "2", "ceasefire lang:fr"});
  REQUIRE(french.status == 0);
  const auto french_json = nlohmann::json::parse(french.out);
  CHECK(french_json["total"] == 2);
  CHECK(french_json["facets"]["lang"] == nlohmann::json::parse(R"({
      "disjunctive": true, "distinct": 3, "other": 1, "missing": 1,
      "values": [{"value": "en", "count": 2, "selected": false},
                 {"value": "fr", "count": 2, "selected": true}]})"));

  // Text: the codes, then the articles without a language, labelled.
  const Run text =
      byline_run({"search", "--index", index, "-n", "0", "--facets", "lang", "ceasefire lang:fr"});
  REQUIRE(text.status == 0);
  CHECK(contains(text.out,
                 "lang:  en 2 · *fr 2 · de 1 · (no language) 1 (counted without the "
                 "query's lang: filters)"));

  // The shell names it too, and --help lists it.
  const Run shell = byline_run({"shell", "--index", index}, "lang:de\n:facets lang\n");
  CHECK(shell.status == 0);
  CHECK(contains(shell.out, "en 2 · fr 2 · *de 1 · (no language) 1"));
  CHECK(contains(byline_run({"search", "--help"}).out, "author or lang"));
  CHECK(byline_run({"search", "--index", index, "--facets", "language", "x"}).status == 2);
}

TEST_CASE("the shell's :show prints an article by id and names a missing one") {
  byline::test::TempDir dir;
  const std::string index = author_index(dir);
  const Run run =
      byline_run({"shell", "--index", index}, ":show j1\n:json\n:show j1\n:show nope\n");
  CHECK(run.status == 1);  // the missing id
  CHECK(contains(run.out, "author: Jane Doe, John Roe\n"));
  CHECK(contains(run.out, "\"author\":\"Jane Doe, John Roe\""));
  CHECK(contains(run.err, "no article with id \"nope\""));
  const Run help = byline_run({"shell", "--index", index}, ":help\n");
  CHECK(contains(help.out, ":show ID"));
}

namespace {

struct TerminalRun {
  int status = -1;     // the exit status; -1 if a signal ended it, or it ran too long
  std::string screen;  // what it wrote, stdout and stderr both
};

// Runs byline with `args` on a pseudo-terminal `width` columns wide, as a
// person would, and sends SIGINT (what Ctrl-C sends) once the screen
// satisfies `interrupt_when`, if given.
TerminalRun byline_on_terminal(const std::vector<std::string>& args, unsigned short width,
                               const std::function<bool(const std::string&)>& interrupt_when = {}) {
  winsize size{};
  size.ws_row = 24;
  size.ws_col = width;
  int fd = -1;
  const pid_t pid = forkpty(&fd, nullptr, nullptr, &size);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    setenv("TERM", "xterm", 1);
    unsetenv("BYLINE_INDEX");
    unsetenv("COLUMNS");
    std::vector<char*> argv{const_cast<char*>(BYLINE_CLI)};
    for (const std::string& arg : args)
      argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(BYLINE_CLI, argv.data());
    _exit(127);
  }
  TerminalRun run;
  bool interrupted = !interrupt_when;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) > 0) {
      char buffer[4096];
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n <= 0)
        break;  // the child closed the terminal: it has ended
      run.screen.append(buffer, static_cast<std::size_t>(n));
    }
    if (!interrupted && interrupt_when(run.screen)) {
      kill(pid, SIGINT);
      interrupted = true;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      FAIL("byline ran for more than 5 minutes; screen so far: " << run.screen);
      break;
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(fd);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The progress lines a screen showed: what follows each "\r\x1b[K" up to
// the next "\r" (a terminal turns "\n" into "\r\n"), those that say
// "indexing" or "merging".
std::vector<std::string> progress_lines(const std::string& screen) {
  std::vector<std::string> lines;
  const std::string redraw = "\r\x1b[K";
  for (std::size_t at = screen.find(redraw); at != std::string::npos;
       at = screen.find(redraw, at + 1)) {
    const std::size_t begin = at + redraw.size();
    const std::string line = screen.substr(begin, screen.find('\r', begin) - begin);
    if (contains(line, "indexing") || contains(line, "merging"))
      lines.push_back(line);
  }
  return lines;
}

// A JSON Lines file of `count` articles of some length, each of its own words.
void write_feed(const std::filesystem::path& file, int count) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  for (int i = 0; i < count; ++i) {
    std::string body;
    for (int w = 0; w < 24; ++w)
      body += "word" + std::to_string((i * 61 + w * 7) % 5000) + (w % 12 == 11 ? ". " : " ");
    out << R"({"id": "n)" << i << R"(", "title": "Report )" << i
        << R"(", "source": "Wire", "date": "2014-09-15", "body": ")" << body << "\"}\n";
  }
}

}  // namespace

TEST_CASE("index on a terminal: one progress line cut to its width, none on a pipe or with -q") {
  byline::test::TempDir dir;
  // A path longer than the terminal is wide.
  const std::filesystem::path feed =
      dir / "a-folder-with-a-name-longer-than-the-terminal-is-wide" / "feed.jsonl";
  write_feed(feed, 2000);
  const TerminalRun run =
      byline_on_terminal({"index", "--index", (dir / "idx").string(), feed.string()}, 40);
  CHECK(run.status == 0);
  const auto lines = progress_lines(run.screen);
  REQUIRE_FALSE(lines.empty());
  bool percent = false;
  for (const std::string& line : lines) {
    CAPTURE(line);
    CHECK(line.size() <= 39);  // all ASCII: a byte a column; the last column left free
    CHECK_FALSE(contains(line, "\n"));
    percent = percent || (contains(line, "%") && contains(line, "articles"));
  }
  CHECK(percent);
  CHECK(contains(run.screen, "Indexed 2000 new"));

  const TerminalRun quiet =
      byline_on_terminal({"index", "-q", "--index", (dir / "idx2").string(), feed.string()}, 40);
  CHECK(quiet.status == 0);
  CHECK(progress_lines(quiet.screen).empty());
  CHECK_FALSE(contains(quiet.screen, "Indexed"));
  const Run piped = byline_run({"index", "--index", (dir / "idx3").string(), feed.string()});
  CHECK(piped.status == 0);
  CHECK(piped.err.empty());
}

TEST_CASE("index: Ctrl-C stops it cleanly, keeps what was read, exits 130, and a rerun completes") {
  byline::test::TempDir dir;
  const int total = 10'000;
  write_feed(dir / "in" / "feed.jsonl", total);
  const std::string index = (dir / "idx").string();
  const std::vector<std::string> args{"index", "--index", index, (dir / "in").string()};
  // Once progress shows a rate and the time left (a second in), or a tenth
  // of the input read on a machine that gets there sooner.
  const auto under_way = [](const std::string& screen) {
    const auto lines = progress_lines(screen);
    if (lines.empty() || !lines.back().starts_with("indexing"))
      return false;
    const std::string& line = lines.back();
    const std::size_t percent = line.find('%');
    return (contains(line, "/s") && contains(line, "ETA")) ||
           (percent != std::string::npos && percent >= 2 && line[percent - 2] != ' ');
  };
  const TerminalRun run = byline_on_terminal(args, 120, under_way);
  CHECK(run.status == 130);
  // The colours of "byline: interrupted:" left out.
  std::string screen;
  for (std::size_t i = 0; i < run.screen.size(); ++i) {
    if (run.screen.compare(i, 2, "\x1b[") == 0 && run.screen.find('m', i) != std::string::npos)
      i = run.screen.find('m', i);
    else
      screen += run.screen[i];
  }
  const std::string said = "byline: interrupted: ";
  const std::size_t at = screen.find(said);
  REQUIRE_MESSAGE(at != std::string::npos, run.screen);
  const std::string message = screen.substr(at, screen.find('\r', at) - at);
  CHECK(contains(message, " committed; run again to index the rest"));
  std::string digits;
  for (char c : message.substr(said.size(), message.find(' ', said.size()) - said.size())) {
    if (c != ',')
      digits += c;
  }
  // The index opens, is sound, and holds what the message says.
  CHECK(byline::test::xapian_check(index).empty());
  const std::uint64_t kept = byline::Index::open(index).article_count();
  CHECK(kept > 0);
  CHECK(kept < static_cast<std::uint64_t>(total));
  CHECK(std::to_string(kept) == digits);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    CHECK_FALSE(contains(entry.path().filename().string(), ".building-"));

  const TerminalRun rerun = byline_on_terminal(args, 120);
  CHECK(rerun.status == 0);
  CHECK(contains(rerun.screen, "now holds 10000 articles."));
  CHECK(byline::Index::open(index).article_count() == static_cast<std::uint64_t>(total));
}

// --- help, man pages, shell completions ---------------------------------------

namespace {

// The commands `byline --help` lists, from its "Subcommands:" section.
std::vector<std::string> listed_commands() {
  std::vector<std::string> out;
  bool in_list = false;
  for (const std::string& line : byline::test::lines_of(byline_run({"--help"}).out)) {
    if (line == "Subcommands:") {
      in_list = true;
    } else if (in_list && line.empty()) {
      break;
    } else if (in_list && line.starts_with("  ") && line[2] != ' ') {
      out.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return out;
}

// `command` run by sh, its output and status.
Run shell_run(const std::string& command) {
  byline::test::TempDir io;
  const std::string full =
      "(" + command + ") >" + quote((io / "out").string()) + " 2>" + quote((io / "err").string());
  const int raw = std::system(full.c_str());
  return Run{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(io / "out"), slurp(io / "err")};
}

}  // namespace

TEST_CASE("every --help fits 80 columns: byline's and each command's") {
  const std::vector<std::string> commands = listed_commands();
  REQUIRE(commands.size() >= 8);
  CHECK(std::find(commands.begin(), commands.end(), "help") != commands.end());
  CHECK(std::find(commands.begin(), commands.end(), "completion") != commands.end());
  // man-page is the build's: not listed.
  CHECK(std::find(commands.begin(), commands.end(), "man-page") == commands.end());
  std::vector<std::vector<std::string>> runs{{"--help"}};
  for (const std::string& command : commands)
    runs.push_back({command, "--help"});
  for (const auto& args : runs) {
    const Run help = byline_run(args, {}, {"COLUMNS=200"});
    CAPTURE(args.front());
    REQUIRE(help.status == 0);
    CHECK(help.out.size() > 100);
    for (const std::string& line : byline::test::lines_of(help.out)) {
      CAPTURE(line);
      CHECK(byline::cli::columns(line) <= 80);
    }
  }
}

TEST_CASE("byline help and byline help COMMAND print what --help prints") {
  const Run help = byline_run({"help"});
  CHECK(help.status == 0);
  CHECK(help.out == byline_run({"--help"}).out);
  for (const std::string& command : listed_commands()) {
    CAPTURE(command);
    const Run topic = byline_run({"help", command});
    CHECK(topic.status == 0);
    CHECK(topic.out == byline_run({command, "--help"}).out);
  }
  const Run search = byline_run({"help", "search"});
  CHECK(contains(search.out, "Usage: byline search [OPTIONS] [query...]"));
  CHECK(contains(search.out, "--index PATH"));
  const Run unknown = byline_run({"help", "nosuch"});
  CHECK(unknown.status == 2);
  CHECK(unknown.err.starts_with("byline: error: "));
}

TEST_CASE("byline help query shows docs/query-language.md as text, wrapped to the width") {
  const std::string markdown =
      slurp(std::filesystem::path(BYLINE_SOURCE_DIR) / "docs" / "query-language.md");
  const Run page = byline_run({"help", "query"}, {}, {"COLUMNS=80"});
  REQUIRE(page.status == 0);
  CHECK(page.err.empty());
  // Its title and every section heading, without the Markdown around them.
  CHECK(page.out.starts_with("The byline query language\n====="));
  for (const std::string& line : byline::test::lines_of(markdown)) {
    if (line.starts_with("## ")) {
      CAPTURE(line);
      CHECK(contains(page.out, "\n" + line.substr(3) + "\n---"));
    }
  }
  CHECK(contains(page.out, "`Kerry NEAR/5 Iran`"));
  CHECK_FALSE(contains(page.out, "| --- |"));
  CHECK_FALSE(contains(page.out, "```"));
  CHECK_FALSE(contains(page.out, "\x1b["));  // no colours in a pipe
  // Prose and tables fit; the examples of code blocks are shown as written.
  for (const std::string& line : byline::test::lines_of(page.out)) {
    if (!line.starts_with("    ")) {
      CAPTURE(line);
      CHECK(byline::cli::columns(line) <= 80);
    }
  }
  const Run wide = byline_run({"help", "query"}, {}, {"COLUMNS=100"});
  CHECK(wide.status == 0);
  CHECK(wide.out != page.out);
}

TEST_CASE("byline completion prints bash, zsh and fish scripts of every command and option") {
  const std::vector<std::string> commands = listed_commands();
  const Run bash = byline_run({"completion", "bash"});
  REQUIRE(bash.status == 0);
  CHECK(contains(bash.out, "complete -F _byline byline"));
  const Run zsh = byline_run({"completion", "zsh"});
  REQUIRE(zsh.status == 0);
  CHECK(zsh.out.starts_with("#compdef byline\n"));
  CHECK(contains(zsh.out, "--index='[Index folder]:index:_files'"));
  CHECK(contains(zsh.out, "--sort='[Order of the hits]:sort:(relevance newest oldest)'"));
  const Run fish = byline_run({"completion", "fish"});
  REQUIRE(fish.status == 0);
  CHECK(contains(fish.out, "complete -c byline -n '__fish_byline_command index' -l index -r -F"));
  CHECK(contains(fish.out, "-l sort -x -a 'relevance newest oldest'"));
  for (const std::string& command : commands) {
    CAPTURE(command);
    CHECK(contains(bash.out, "\n    " + command + ")\n"));
    CHECK(contains(zsh.out, "\n        " + command + ")\n"));
    CHECK(contains(fish.out, "-a " + command + " -d "));
  }
  CHECK(byline_run({"completion", "tcsh"}).status == 2);

  // bash reads it, and completes as the command takes its arguments.
  byline::test::TempDir dir;
  byline::test::write_file(dir / "byline.bash", bash.out);
  byline::test::write_file(dir / "corpus" / "one.txt", "One\n\nText.\n");
  const auto complete = [&](const std::string& line) {
    const Run run =
        shell_run("cd " + quote(dir.path().string()) + " && bash -c " +
                  quote("source ./byline.bash && read -ra COMP_WORDS <<< " + quote(line) +
                        " && if [[ " + quote(line) + " == *' ' ]]; then COMP_WORDS+=(''); fi" +
                        " && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _byline;" +
                        " for word in \"${COMPREPLY[@]}\"; do echo \"$word\"; done"));
    CAPTURE(line);
    CAPTURE(run.err);
    CHECK(run.status == 0);
    return run.out;
  };
  CHECK(complete("byline se") == "search\nserve\n");
  CHECK(complete("byline sea") == "search\n");
  CHECK(complete("byline search --so") == "--sort\n");
  CHECK(complete("byline search --sort ") == "relevance\nnewest\noldest\n");
  CHECK(complete("byline index --index cor") == "corpus\n");
  CHECK(complete("byline index corpus/") == "corpus/one.txt\n");
  CHECK(complete("byline help q") == "query\n");
  CHECK(complete("byline completion ") == "bash\nzsh\nfish\n");
  CHECK(complete("byline search --limit ").empty());
  // zsh and fish check the scripts' syntax, where they are installed.
  for (const auto& [shell, script] : {std::pair{"zsh", zsh.out}, std::pair{"fish", fish.out}}) {
    if (shell_run(std::string("command -v ") + shell).status != 0)
      continue;
    byline::test::write_file(dir / shell, script);
    const Run syntax = shell_run(std::string(shell) + " -n " + quote((dir / shell).string()));
    CAPTURE(syntax.err);
    CHECK(syntax.status == 0);
  }
}

TEST_CASE("byline man-page writes byline(1) and byline-query(7) as roff") {
  const Run command = byline_run({"man-page", "byline.1"});
  REQUIRE(command.status == 0);
  CHECK(contains(command.out, "\n.TH BYLINE 1 "));
  for (const std::string section : {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS",
                                    "ENVIRONMENT", "EXIT STATUS", "SEE ALSO"})
    CHECK(contains(command.out, "\n.SH " + section + "\n"));
  for (const std::string& name : listed_commands()) {
    CAPTURE(name);
    CHECK(contains(command.out, "\n.SS\nbyline " + name + "\n"));
  }
  // The options as --help has them: names, values, defaults.
  CHECK(contains(command.out, "\\fB\\%\\-n\\fR, \\fB\\%\\-\\-limit\\fR \\fIUINT\\fR\n"));
  CHECK(contains(command.out, "\\fB\\%\\-\\-index\\fR \\fIPATH\\fR\n"));
  CHECK(contains(command.out, "default: \\fB\\%relevance\\fR."));

  const Run query = byline_run({"man-page", "byline-query.7"});
  REQUIRE(query.status == 0);
  CHECK(query.out.starts_with("'\\\" t\n"));  // tables: man runs tbl
  CHECK(contains(query.out, "\n.TH BYLINE-QUERY 7 "));
  CHECK(contains(query.out, "\n.SH NAME\nbyline\\-query \\- the byline query language\n"));
  CHECK(contains(query.out, "\n.SH\nPROXIMITY\n"));
  CHECK(contains(query.out, "\n.SS\nField groups\n"));
  CHECK(contains(query.out, "\n.TS\n"));
  CHECK_FALSE(contains(query.out, "```"));
  CHECK_FALSE(contains(query.out, "\n|"));
  // A line that starts with "." or "'" is a request or macro (a name of one
  // or two letters) or a comment: text that starts so is guarded ("\\&.").
  const auto is_control_line = [](const std::string& line) {
    if (line.starts_with(".\\\"") || line.starts_with("'\\\""))
      return true;
    std::size_t name = 1;
    while (name < line.size() && name < 3 && std::isalpha(static_cast<unsigned char>(line[name])))
      ++name;
    return name > 1 && (name == line.size() || line[name] == ' ');
  };
  for (const std::string& line : byline::test::lines_of(command.out + query.out)) {
    if (line.starts_with('.') || line.starts_with('\'')) {
      CAPTURE(line);
      CHECK(is_control_line(line));
    }
  }
  CHECK(byline_run({"man-page", "byline.5"}).status == 2);
}
