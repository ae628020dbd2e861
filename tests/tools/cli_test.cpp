// The byline command as a user runs it: exit codes, output, JSON, errors.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

std::string quote(std::string_view arg) {
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the byline binary with `args`, feeding `input` on stdin, with extra
// environment assignments ("NAME=value") in front.
Run byline_run(const std::vector<std::string>& args, std::string_view input = {},
               const std::vector<std::string>& env = {}) {
  byline::test::TempDir io;
  byline::test::write_file(io / "in", input);
  std::string command = "env -u BYLINE_INDEX";
  for (const auto& e : env)
    command.append(" ").append(quote(e));
  command.append(" ").append(quote(BYLINE_CLI));
  for (const auto& a : args)
    command.append(" ").append(quote(a));
  command.append(" <").append(quote((io / "in").string()));
  command.append(" >").append(quote((io / "out").string()));
  command.append(" 2>").append(quote((io / "err").string()));
  const int raw = std::system(command.c_str());
  return Run{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(io / "out"), slurp(io / "err")};
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

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
  CHECK(byline_run({"search", "--limit", "0", "x"}).status == 2);
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

TEST_CASE("a missing index exits 1 with a message naming it") {
  byline::test::TempDir dir;
  const Run run = byline_run({"search", "--index", (dir / "nowhere").string(), "Iraq"});
  CHECK(run.status == 1);
  CHECK(contains(run.err, "no index at " + (dir / "nowhere").string()));
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
  // A query that starts by excluding a word: a usage error that says how,
  // then the same query after "--".
  const Run dashed = byline_run({"search", "--index", index, "-Steinmeier Kerry"});
  CHECK(dashed.status == 2);
  CHECK(contains(dashed.err, "goes after '--', as in: byline search -- '-Steinmeier Kerry'"));
  const Run after_dashes = byline_run({"search", "--index", index, "--", "-Steinmeier Kerry"});
  CHECK(after_dashes.status == 0);
  CHECK(contains(after_dashes.out, "3 articles match"));

  const Run explained = byline_run({"search", "--index", index, "--explain", "Daesh pledg*"});
  CHECK(explained.status == 0);
  CHECK(contains(explained.out, "parsed:   AND(word \"Daesh\", word \"pledg\" wildcard)"));
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
