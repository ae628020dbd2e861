// ingest() end to end: files, folders, JSON Lines and standard input into a
// real index; bad input reported per item and skipped, the rest indexed.
#include "byline/ingest.hpp"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "byline/error.hpp"
#include "byline/index.hpp"
#include "byline/writer.hpp"
#include "engine/document_codec.hpp"
#include "indexer/document_builder.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using byline::Diagnostic;
using byline::IngestOptions;
using byline::IngestSummary;

namespace {

// A fresh writable index with its Writer.
struct Fixture {
  byline::test::TempDir dir;
  byline::Index index = byline::test::create_index(dir / "idx");
  byline::Writer writer{index};

  [[nodiscard]] std::uint64_t committed_articles() const {
    return byline::Index::open(dir / "idx").article_count();
  }

  // The article as stored, from a reader's view of the committed index.
  [[nodiscard]] std::optional<byline::Article> stored(std::string_view id) const {
    Xapian::Database db((dir / "idx").string());
    const std::string term = byline::detail::id_term(id);
    const auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term))
      return std::nullopt;
    return byline::detail::decode_article(db.get_document(*it).get_data());
  }
};

std::string corpus() {
  return byline::test::corpus_dir().string();
}

std::string corpus_file(std::string_view name) {
  return (byline::test::corpus_dir() / name).string();
}

// "error a.txt:3 message" for compact comparisons.
std::vector<std::string> described(const IngestSummary& summary, const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& d : summary.diagnostics) {
    std::string path = d.path == "-" ? "-" : fs::path(d.path).lexically_relative(root).string();
    out.push_back((d.severity == Diagnostic::Severity::error ? "error " : "warning ") + path +
                  (d.line ? ":" + std::to_string(d.line) : "") + " " + d.message);
  }
  return out;
}

}  // namespace

TEST_CASE("the seed corpus with its manifest: five articles with the manifest's metadata") {
  Fixture f;
  IngestOptions options;
  options.manifest = byline::test::corpus_dir() / "manifest.jsonl";
  const auto summary = byline::ingest(f.writer, {corpus()}, options);

  CHECK(summary.indexed == 5);
  CHECK(summary.replaced == 0);
  CHECK(summary.skipped == 0);
  CHECK(summary.warnings == 0);
  CHECK(summary.diagnostics.empty());
  CHECK(summary.seconds > 0);
  CHECK(f.committed_articles() == 5);

  const auto article = f.stored("003_51153d1eecd2bcae");
  REQUIRE(article);
  CHECK(article->title ==
        "Coalition of 26 Countries Pledge to Do 'All Means Necessary' to Defeat ISIL");
  CHECK(article->source == "China Topix");
  CHECK(article->date == "2014-09-15");
  CHECK(article->lang == "en");
  CHECK(article->path == corpus_file("003_51153d1eecd2bcae.txt"));
  // The headline line is the title, not the body's first paragraph; the
  // masthead and the scrape's time stamp above it, and the site's footer
  // below the article, are page chrome.
  CHECK(article->body.starts_with("Twenty-six countries and international groups"));
  CHECK(article->body.find("Coalition of 26 Countries Pledge to Do") == std::string::npos);
  CHECK(article->body.find("CHINA TOPIX") == std::string::npos);
  CHECK(article->body.find("Real Time Analytics") == std::string::npos);
}

TEST_CASE("a folder's own manifest.jsonl is used without being named") {
  Fixture f;
  const auto summary = byline::ingest(f.writer, {corpus()});
  CHECK(summary.indexed == 5);
  CHECK(summary.diagnostics.empty());
  CHECK(f.stored("001_94e9bdd229995ac4")->source == "News24");
}

TEST_CASE("without a manifest, metadata comes from the text") {
  Fixture f;
  const auto summary = byline::ingest(
      f.writer, {corpus_file("003_51153d1eecd2bcae.txt"), corpus_file("000_948900f74b3c9d2b.txt")});
  CHECK(summary.indexed == 2);
  const auto china = f.stored("003_51153d1eecd2bcae");
  REQUIRE(china);
  CHECK(china->title ==
        "Coalition of 26 Countries Pledge to Do 'All Means Necessary' to Defeat ISIL");
  CHECK(china->source == "China Topix");
  CHECK(china->date == "2014-09-15");  // not the scrape's 01/22/2025
  const auto jazeera = f.stored("000_948900f74b3c9d2b");
  REQUIRE(jazeera);
  CHECK(jazeera->source == "Al Jazeera");
  CHECK(jazeera->date.empty());
  CHECK(jazeera->body.starts_with("Coalition of 30 countries to help Iraq"));
}

TEST_CASE("ingesting again replaces: same ids, same count") {
  Fixture f;
  const auto first = byline::ingest(f.writer, {corpus()});
  CHECK(first.indexed == 5);
  const auto second = byline::ingest(f.writer, {corpus()});
  CHECK(second.indexed == 0);
  CHECK(second.replaced == 5);
  CHECK(f.committed_articles() == 5);
}

TEST_CASE("a folder of bad files: each named in a diagnostic, the good ones indexed") {
  Fixture f;
  const fs::path in = f.dir / "in";
  byline::test::write_file(in / "1-empty.txt", "");
  byline::test::write_file(in / "2-binary.txt", std::string("\x7f"
                                                            "ELF\x02\x01\x01\0\0\0",
                                                            10));
  byline::test::write_file(in / "3-broken.txt",
                           "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                           "e, then a cut \xC3");
  byline::test::write_file(in / "4-latin.txt",
                           "Caf\xE9 owners \x91welcome\x92 the new rules in Paris\n\nBody.\n");
  byline::test::write_file(in / "5-good.txt",
                           "Leaders pledge support for Iraq in Paris\n\nThe body.\n");
  std::vector<Diagnostic> seen;
  IngestOptions options;
  options.on_diagnostic = [&](const Diagnostic& d) { seen.push_back(d); };
  const auto summary = byline::ingest(f.writer, {in.string()}, options);

  CHECK(summary.indexed == 2);
  CHECK(summary.skipped == 3);
  CHECK(summary.warnings == 1);
  CHECK(described(summary, in) == std::vector<std::string>{
                                      "error 1-empty.txt empty file",
                                      "error 2-binary.txt binary file (NUL byte at offset 7)",
                                      "error 3-broken.txt invalid UTF-8 at byte offset 34",
                                      "warning 4-latin.txt not UTF-8: read as windows-1252",
                                  });
  CHECK(seen.size() == summary.diagnostics.size());
  CHECK(f.committed_articles() == 2);
  const auto latin = f.stored("4-latin");
  REQUIRE(latin);
  CHECK(latin->title ==
        "Caf\xC3\xA9 owners \xE2\x80\x98welcome\xE2\x80\x99 the new rules in Paris");
  CHECK(f.stored("5-good")->body == "The body.");
}

TEST_CASE("JSON Lines: one article per line, a broken line is reported by number") {
  Fixture f;
  const fs::path file = f.dir / "feed.jsonl";
  byline::test::write_file(
      file,
      R"({"id": "j1", "title": "First", "body": "Body one", "date": "2014-09-15T10:00:00Z", "source": "Reuters", "url": "https://example.com/1"})"
      "\n"
      R"({"id": "j2", "body": "unterminated)"
      "\r\n"
      "\n"
      R"({"id": "j3", "body": "Headline of the third article here\n\nBody three."})"
      "\n"
      R"({"title": "no id", "body": "x"})"
      "\n"
      R"({"id": "j4", "body": "Body four", "date": "someday"})"
      "\n"
      R"({"id": "j5", "title": "No body"})");
  const auto summary = byline::ingest(f.writer, {file.string()});

  CHECK(summary.indexed == 3);
  CHECK(summary.skipped == 3);
  CHECK(summary.warnings == 1);
  const auto diagnostics = described(summary, f.dir.path());
  REQUIRE(diagnostics.size() == 4);
  CHECK(diagnostics[0].starts_with("error feed.jsonl:2 not valid JSON: "));
  CHECK(diagnostics[1] == "error feed.jsonl:5 missing \"id\"");
  CHECK(diagnostics[2] == "warning feed.jsonl:6 \"someday\" is not a date; indexed without one");
  CHECK(diagnostics[3] == "error feed.jsonl:7 missing \"body\" (or \"html\")");

  const auto j1 = f.stored("j1");
  REQUIRE(j1);
  CHECK(j1->title == "First");
  CHECK(j1->date == "2014-09-15");
  CHECK(j1->source == "Reuters");
  CHECK(j1->url == "https://example.com/1");
  CHECK(j1->body == "Body one");
  CHECK(j1->path == file.string());
  const auto j3 = f.stored("j3");
  REQUIRE(j3);
  CHECK(j3->title == "Headline of the third article here");  // from the body, as for text
  CHECK(j3->body == "Body three.");
  CHECK(f.stored("j4")->date.empty());
}

TEST_CASE("standard input: plain text gets an id from a hash of the text") {
  Fixture f;
  std::istringstream text("  \nLeaders pledge support for Iraq in Paris\r\n\r\nThe body.\n");
  IngestOptions options;
  options.standard_input = &text;
  const auto first = byline::ingest(f.writer, {"-"}, options);
  CHECK(first.indexed == 1);
  CHECK(first.diagnostics.empty());

  Xapian::Database db((f.dir / "idx").string());
  const auto article = byline::detail::decode_article(db.get_document(1).get_data());
  CHECK(article.id.starts_with("stdin-"));
  CHECK(article.id.size() == 6 + 16);
  CHECK(article.title == "Leaders pledge support for Iraq in Paris");
  CHECK(article.body == "The body.");

  // The same text again is the same article.
  std::istringstream again("  \nLeaders pledge support for Iraq in Paris\r\n\r\nThe body.\n");
  options.standard_input = &again;
  const auto second = byline::ingest(f.writer, {"-"}, options);
  CHECK(second.replaced == 1);
  CHECK(f.committed_articles() == 1);
}

TEST_CASE("standard input starting with '{' is JSON Lines, line numbers counted from the top") {
  Fixture f;
  std::istringstream lines("\n  {\"id\": \"s1\", \"body\": \"From a pipe\"}\n{broken\n");
  IngestOptions options;
  options.standard_input = &lines;
  const auto summary = byline::ingest(f.writer, {"-"}, options);
  CHECK(summary.indexed == 1);
  CHECK(summary.skipped == 1);
  REQUIRE(summary.diagnostics.size() == 1);
  CHECK(summary.diagnostics[0].path == "-");
  CHECK(summary.diagnostics[0].line == 3);
  CHECK(f.stored("s1")->body == "From a pipe");
}

TEST_CASE("empty standard input is reported, not indexed") {
  Fixture f;
  std::istringstream nothing("");
  IngestOptions options;
  options.standard_input = &nothing;
  const auto summary = byline::ingest(f.writer, {"-"}, options);
  CHECK(summary.indexed == 0);
  CHECK(summary.skipped == 1);
  CHECK(described(summary, f.dir.path()) == std::vector<std::string>{"error - empty file"});
}

TEST_CASE("commits every batch_size articles, and at the end") {
  Fixture f;
  IngestOptions options;
  options.shards = false;  // into an empty index, else built whole (tested below)
  options.batch_size = 2;
  std::vector<std::uint64_t> visible;  // committed articles seen by a reader after each one
  std::vector<std::size_t> progress;
  options.on_progress = [&](const byline::IngestProgress& p) {
    progress.push_back(p.articles);
    visible.push_back(f.committed_articles());
    CHECK(p.bytes > 0);
    CHECK(p.path.starts_with(corpus()));
  };
  const auto summary = byline::ingest(f.writer, {corpus()}, options);
  CHECK(summary.indexed == 5);
  CHECK(progress == std::vector<std::size_t>{1, 2, 3, 4, 5});
  CHECK(visible == std::vector<std::uint64_t>{0, 2, 2, 4, 4});
  CHECK(f.committed_articles() == 5);
  CHECK(f.writer.pending() == 0);
}

TEST_CASE("manifest problems: broken lines and entries for absent files are diagnostics") {
  Fixture f;
  const fs::path in = f.dir / "in";
  byline::test::write_file(in / "a.txt", "Leaders pledge support for Iraq in Paris\n\nBody.\n");
  byline::test::write_file(in / "manifest.jsonl",
                           "{\"file\": \"a.txt\", \"title\": \"Manifest title\", \"date\": "
                           "\"15 September 2014\"}\n"
                           "{\"file\": \n"
                           "{\"file\": \"gone.txt\", \"title\": \"Gone\"}\n");
  const auto summary = byline::ingest(f.writer, {in.string()});
  CHECK(summary.indexed == 1);
  const auto diagnostics = described(summary, in);
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].starts_with("error manifest.jsonl:2 not valid JSON: "));
  CHECK(diagnostics[1] == "warning manifest.jsonl:3 entry for \"gone.txt\": no such file");
  const auto a = f.stored("a");
  REQUIRE(a);
  CHECK(a->title == "Manifest title");
  CHECK(a->date == "2014-09-15");
  // The manifest's title is not a line of the text, so the text stays whole.
  CHECK(a->body == "Leaders pledge support for Iraq in Paris\n\nBody.");
}

TEST_CASE("an explicit manifest that does not exist throws: the run cannot be what was asked") {
  Fixture f;
  IngestOptions options;
  options.manifest = f.dir / "no-such-manifest.jsonl";
  CHECK_THROWS_AS((void)byline::ingest(f.writer, {corpus()}, options), byline::Error);
  CHECK(f.committed_articles() == 0);
}

TEST_CASE("an article the Writer refuses is skipped with a diagnostic, the rest goes on") {
  Fixture f;
  const fs::path in = f.dir / "in";
  byline::test::write_file(in / "a.txt", "Leaders pledge support for Iraq in Paris\n\nBody.\n");
  byline::test::write_file(in / "b.txt", "Leaders pledge support for Iraq in Paris\n\nBody.\n");
  byline::test::write_file(in / "manifest.jsonl",
                           "{\"file\": \"a.txt\", \"id\": \"" + std::string(300, 'x') + "\"}\n");
  const auto summary = byline::ingest(f.writer, {in.string()});
  CHECK(summary.indexed == 1);
  CHECK(summary.skipped == 1);
  REQUIRE(summary.diagnostics.size() == 1);
  CHECK(summary.diagnostics[0].path == (in / "a.txt").string());
  CHECK(summary.diagnostics[0].severity == Diagnostic::Severity::error);
  CHECK(f.stored("b"));
}

TEST_CASE("a plain-text file over 16 MiB is skipped unread") {
  Fixture f;
  const fs::path big = f.dir / "big.txt";
  byline::test::write_file(big, "x");
  fs::resize_file(big, (std::uintmax_t{16} << 20) + 1);  // sparse: costs no disk
  const auto summary = byline::ingest(f.writer, {big.string()});
  CHECK(summary.skipped == 1);
  CHECK(described(summary, f.dir.path()) ==
        std::vector<std::string>{
            "error big.txt file too large (16777217 bytes; the limit is 16 MiB)"});
}

TEST_CASE("inputs that do not exist are skipped with a diagnostic") {
  Fixture f;
  const auto summary = byline::ingest(
      f.writer, {(f.dir / "missing.txt").string(), corpus_file("000_948900f74b3c9d2b.txt")});
  CHECK(summary.indexed == 1);
  CHECK(summary.skipped == 1);
  CHECK(described(summary, f.dir.path()) ==
        std::vector<std::string>{"error missing.txt no such file or folder"});
}

TEST_CASE("files of the same name in different folders stay different articles") {
  Fixture f;
  byline::test::write_file(f.dir / "in" / "world" / "001.txt",
                           "World news headline of some length\n\nA.");
  byline::test::write_file(f.dir / "in" / "sport" / "001.txt",
                           "Sport news headline of some length\n\nB.");
  const auto summary = byline::ingest(f.writer, {(f.dir / "in").string()});
  CHECK(summary.indexed == 2);
  CHECK(summary.replaced == 0);
  CHECK(f.stored("world/001"));
  CHECK(f.stored("sport/001"));
  // A file given by itself is known by its name.
  byline::ingest(f.writer, {(f.dir / "in" / "world" / "001.txt").string()});
  CHECK(f.stored("001"));
}

TEST_CASE("an aliases.txt in a folder is loaded as the alias list, not indexed as an article") {
  Fixture f;
  byline::test::write_file(f.dir / "in" / "a.txt", "Daesh fighters seized the town today\n\nText.");
  byline::test::write_file(f.dir / "in" / "aliases.txt",
                           "# names of one group\nISIS | ISIL | IS | Daesh\n\nlonely\n");
  const auto summary = byline::ingest(f.writer, {(f.dir / "in").string()});
  CHECK(summary.indexed == 1);
  CHECK(summary.aliases == 3);  // "IS" is too short to be an alias
  REQUIRE(summary.diagnostics.size() == 1);
  CHECK(summary.diagnostics[0].line == 4);
  CHECK(summary.diagnostics[0].message.find("two members") != std::string::npos);
  Xapian::Database db((f.dir / "idx").string());
  std::vector<std::string> synonyms(db.synonyms_begin("isil"), db.synonyms_end("isil"));
  CHECK(synonyms == std::vector<std::string>{"daesh", "isis"});
  CHECK(db.synonyms_begin("is") == db.synonyms_end("is"));
}

TEST_CASE("an explicit alias list replaces the index's aliases") {
  Fixture f;
  byline::test::write_file(f.dir / "first.txt", "Islamic State | ISIL\n");
  byline::test::write_file(f.dir / "second.txt", "United Nations | U.N. | UN\n");
  IngestOptions first;
  first.aliases = f.dir / "first.txt";
  byline::ingest(f.writer, {}, first);
  IngestOptions second;
  second.aliases = f.dir / "second.txt";
  const auto summary = byline::ingest(f.writer, {}, second);
  CHECK(summary.aliases == 1);  // "u.n." and "un" fold to "un", too short; nothing to pair with
  Xapian::Database db((f.dir / "idx").string());
  CHECK(db.synonyms_begin("islamic state") == db.synonyms_end("islamic state"));
  IngestOptions missing;
  missing.aliases = f.dir / "nope.txt";
  CHECK_THROWS_AS(byline::ingest(f.writer, {}, missing), byline::Error);
}

namespace {

// Every stored article of the committed index, by id.
std::map<std::string, std::string> stored_articles(const fs::path& index) {
  std::map<std::string, std::string> out;
  Xapian::Database db(index.string());
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const byline::Article a = byline::detail::decode_article(db.get_document(*it).get_data());
    out[a.id] = a.title + "|" + a.source + "|" + a.date + "|" + a.body;
  }
  return out;
}

// A folder with good and bad files and a JSON Lines file in which one id
// comes twice: the later line must win, with either number of threads.
fs::path mixed_inputs(const fs::path& dir) {
  const fs::path in = dir / "in";
  byline::test::write_file(in / "a-empty.txt", "");
  byline::test::write_file(in / "b-good.txt", "Leaders pledge support for Iraq\n\nThe body.\n");
  byline::test::write_file(in / "c-latin.txt", "Caf\xE9 owners \x91welcome\x92 rules\n\nBody.\n");
  std::string lines;
  for (int i = 0; i < 40; ++i) {
    lines += R"({"id": "j)" + std::to_string(i % 30) + R"(", "title": "Version )" +
             std::to_string(i) + R"(", "body": "Body of line )" + std::to_string(i) + "\"}\n";
    if (i == 17)
      lines += "{broken\n";
  }
  byline::test::write_file(in / "d-feed.jsonl", lines);
  byline::test::write_file(in / "e-good.txt", "Kerry meets Iran's minister\n\nText.\n");
  return in;
}

}  // namespace

namespace {

struct Run {
  IngestSummary summary;
  std::vector<std::string> seen;  // diagnostics and progress, in callback order
  std::map<std::string, std::string> articles;
  Xapian::doccount documents = 0;  // one per id, if all is well
};

}  // namespace

TEST_CASE("two threads index exactly what one does: same articles, diagnostics, progress") {
  // Shards in one database each, and in databases of three articles: an id
  // repeated far apart is then in two of a shard's databases, of which the
  // merge must keep the later.
  byline::test::TempDir dir;
  const fs::path in = mixed_inputs(dir.path());
  auto check_same = [&](const Run& one, const Run& two) {
    CHECK(one.summary.indexed == 33);  // 3 text files + 30 distinct ids
    CHECK(one.summary.replaced == 10);
    CHECK(one.summary.skipped == 2);
    CHECK(one.summary.warnings == 1);
    CHECK(one.articles.at("j5") == "Version 35|||Body of line 35");  // the later line won
    CHECK(two.summary.indexed == one.summary.indexed);
    CHECK(two.summary.replaced == one.summary.replaced);
    CHECK(two.summary.skipped == one.summary.skipped);
    CHECK(two.summary.warnings == one.summary.warnings);
    CHECK(described(two.summary, in) == described(one.summary, in));
    CHECK(two.seen == one.seen);
    CHECK(two.articles == one.articles);
    CHECK(one.documents == 33);
    CHECK(two.documents == one.documents);
  };
  auto run = [&](unsigned threads, bool shards, std::size_t segment_size = 0) {
    const fs::path path = dir / ("idx" + std::to_string(threads) + (shards ? "s" : "") +
                                 std::to_string(segment_size));
    Run r;
    {
      byline::Index index = byline::test::create_index(path);
      byline::Writer writer(index);
      IngestOptions options;
      options.threads = threads;
      options.shards = shards;
      options.segment_size = segment_size;
      options.batch_size = 7;
      options.on_diagnostic = [&](const Diagnostic& d) { r.seen.push_back("diag " + d.message); };
      options.on_progress = [&](const byline::IngestProgress& p) {
        if (!p.merging) {
          r.seen.push_back("progress " + std::to_string(p.articles) + " " +
                           std::to_string(p.bytes) + " " + fs::path(p.path).filename().string());
        }
      };
      r.summary = byline::ingest(writer, {in.string()}, options);
    }
    r.articles = stored_articles(path);
    r.documents = Xapian::Database(path.string()).get_doccount();
    return r;
  };
  const Run one = run(1, false);
  for (const bool shards : {false, true}) {
    CAPTURE(shards);
    check_same(one, run(2, shards));
  }
  check_same(one, run(2, true, 3));
}

TEST_CASE("a shard build of many databases keeps within the open files limit") {
  Fixture f;
  const fs::path in = mixed_inputs(f.dir.path());
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  rlimit low = saved;
  low.rlim_cur = 64;  // 22 databases a shard would take ~180 files in the merge
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  IngestOptions options;
  options.threads = 2;
  options.segment_size = 1;
  IngestSummary summary;
  CHECK_NOTHROW(summary = byline::ingest(f.writer, {in.string()}, options));
  ::setrlimit(RLIMIT_NOFILE, &saved);
  CHECK(summary.indexed == 33);
  CHECK(summary.replaced == 10);
  CHECK(f.committed_articles() == 33);
  const auto j5 = f.stored("j5");
  REQUIRE(j5);
  CHECK(j5->title == "Version 35");
}

TEST_CASE("with two threads, a failure on the writing side stops the reading side") {
  Fixture f;
  const fs::path in = mixed_inputs(f.dir.path());
  IngestOptions options;
  options.threads = 2;
  options.shards = false;
  options.batch_size = 4;
  std::size_t calls = 0;
  options.on_progress = [&](const byline::IngestProgress& p) {
    ++calls;
    if (p.articles == 10)
      throw std::runtime_error("stop here");
  };
  CHECK_THROWS_WITH_AS(byline::ingest(f.writer, {in.string()}, options), "stop here",
                       std::runtime_error);
  CHECK(calls == 10);
  // The batches committed before the failure are there; the tenth article's
  // batch is not.
  CHECK(f.committed_articles() == 8);
}

namespace {

// Folders next to the index other than the index itself: what a build left.
std::vector<std::string> leftovers(const fs::path& index) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(index.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (entry.path() != index && name.find("idx") != std::string::npos)
      out.push_back(name);
  }
  return out;
}

}  // namespace

TEST_CASE("an empty index is built from shards: nothing visible until the end, then all of it") {
  Fixture f;
  const fs::path path = f.dir / "idx";
  // A reader that was open on the empty index before, as a shell would be.
  byline::Index reader = byline::Index::open(path);
  IngestOptions options;
  options.threads = 2;
  options.batch_size = 2;
  options.manifest = byline::test::corpus_dir() / "manifest.jsonl";
  options.aliases = f.dir / "aliases.txt";
  byline::test::write_file(options.aliases, "Islamic State|ISIL|Daesh\n");
  std::vector<std::uint64_t> visible;
  bool merged_last = false;
  options.on_progress = [&](const byline::IngestProgress& p) {
    visible.push_back(f.committed_articles());
    merged_last = p.merging;
    CHECK(leftovers(path).size() == 1);  // the build's folder, beside the index
  };
  const auto summary = byline::ingest(f.writer, {corpus()}, options);
  CHECK(summary.indexed == 5);
  CHECK(summary.aliases == 3);
  CHECK(visible == std::vector<std::uint64_t>{0, 0, 0, 0, 0, 0});
  CHECK(merged_last);
  CHECK(f.committed_articles() == 5);
  CHECK(leftovers(path).empty());
  // Merged whole: the manifest's metadata, the index's own metadata and
  // aliases, one compacted database.
  const auto article = f.stored("000_948900f74b3c9d2b");
  REQUIRE(article);
  CHECK(article->source == "Al Jazeera");
  Xapian::Database db(path.string());
  CHECK(db.synonyms_begin("daesh") != db.synonyms_end("daesh"));
  CHECK(byline::Index::open(path).analyzer_settings().language == "english");
  reader.reopen();
  CHECK(reader.article_count() == 5);

  // The Writer goes on, on the merged index: batches are visible again.
  byline::Article extra;
  extra.id = "extra";
  extra.title = "Extra";
  extra.body = "One more article.";
  CHECK(f.writer.add(extra) == byline::AddOutcome::added);
  f.writer.commit();
  CHECK(f.committed_articles() == 6);
  // An index that holds articles is added to batch by batch.
  const fs::path more = f.dir / "more.jsonl";
  byline::test::write_file(more, R"({"id": "m1", "body": "One."}
{"id": "m2", "body": "Two."}
{"id": "m3", "body": "Three."}
{"id": "m4", "body": "Four."}
)");
  visible.clear();
  options.aliases.clear();
  options.on_progress = [&](const byline::IngestProgress& p) {
    visible.push_back(f.committed_articles());
    merged_last = p.merging;
  };
  const auto again = byline::ingest(f.writer, {more.string()}, options);
  CHECK(again.indexed == 4);
  CHECK(visible == std::vector<std::uint64_t>{6, 8, 8, 10});
  CHECK_FALSE(merged_last);
}

TEST_CASE("a shard build that fails midway keeps what was read, and leaves nothing behind") {
  Fixture f;
  const fs::path in = mixed_inputs(f.dir.path());
  IngestOptions options;
  options.threads = 2;
  options.batch_size = 4;
  options.on_progress = [&](const byline::IngestProgress& p) {
    if (p.articles == 10)
      throw std::runtime_error("stop here");
  };
  CHECK_THROWS_WITH_AS(byline::ingest(f.writer, {in.string()}, options), "stop here",
                       std::runtime_error);
  CHECK(f.committed_articles() == 10);
  CHECK(leftovers(f.dir / "idx").empty());
}

namespace {

// `count` one-line articles "a1".."aN" in one JSON Lines file.
fs::path numbered_feed(const fs::path& dir, int count) {
  std::string lines;
  for (int i = 1; i <= count; ++i) {
    lines += R"({"id": "a)" + std::to_string(i) + R"(", "title": "Report )" + std::to_string(i) +
             R"(", "body": "Talks on the ceasefire resume, report number )" + std::to_string(i) +
             ".\"}\n";
  }
  byline::test::write_file(dir / "feed.jsonl", lines);
  return dir / "feed.jsonl";
}

}  // namespace

TEST_CASE("IngestOptions::stop ends the run as a failure would, keeping what was read") {
  struct Way {
    unsigned threads;
    bool shards;
  };
  for (const Way way : {Way{1, false}, Way{2, false}, Way{2, true}}) {
    CAPTURE(way.threads);
    CAPTURE(way.shards);
    Fixture f;
    const fs::path feed = numbered_feed(f.dir.path(), 300);
    std::atomic<bool> stop{false};
    IngestOptions options;
    options.threads = way.threads;
    options.shards = way.shards;
    options.batch_size = 7;
    options.stop = &stop;
    bool merged = false;
    options.on_progress = [&](const byline::IngestProgress& p) {
      merged = merged || p.merging;
      if (p.articles == 20)
        stop = true;
    };
    const auto summary = byline::ingest(f.writer, {feed.string()}, options);
    CHECK(summary.stopped);
    CHECK(merged == way.shards);
    // One thread stops right after the 20th article; a second one may have
    // read ahead by what waits between the two (64 items).
    if (way.threads == 1)
      CHECK(summary.indexed == 20);
    CHECK(summary.indexed >= 20);
    CHECK(summary.indexed <= 20 + 64 + 1);
    // All committed (merged in), the first ones in input order, nothing left beside.
    CHECK(f.committed_articles() == summary.indexed);
    const auto stored = stored_articles(f.dir / "idx");
    for (std::size_t i = 1; i <= summary.indexed; ++i)
      CHECK(stored.count("a" + std::to_string(i)) == 1);
    CHECK(leftovers(f.dir / "idx").empty());
  }
}

TEST_CASE("IngestOptions::stop set before the run: nothing is read, the index is as it was") {
  for (const bool shards : {false, true}) {
    CAPTURE(shards);
    Fixture f;
    const fs::path feed = numbered_feed(f.dir.path(), 10);
    const std::atomic<bool> stop{true};
    IngestOptions options;
    options.threads = 2;
    options.shards = shards;
    options.stop = &stop;
    const auto summary = byline::ingest(f.writer, {feed.string()}, options);
    CHECK(summary.stopped);
    CHECK(summary.indexed == 0);
    CHECK(f.committed_articles() == 0);
    CHECK(leftovers(f.dir / "idx").empty());
  }
}

TEST_CASE("progress: bytes read grow to total_bytes, the input files' sizes together") {
  Fixture f;
  const fs::path in = mixed_inputs(f.dir.path());
  byline::test::write_file(in / "d0-too-big.txt", std::string((16 << 20) + 1, 'x'));
  std::size_t total = 0;
  for (const auto& entry : fs::directory_iterator(in))
    total += fs::file_size(entry.path());
  std::vector<std::size_t> bytes;
  std::vector<std::size_t> totals;
  IngestOptions options;
  options.threads = 1;
  options.on_progress = [&](const byline::IngestProgress& p) {
    bytes.push_back(p.bytes);
    totals.push_back(p.total_bytes);
  };
  // The file too big is skipped unread, yet counts as read, so that a
  // percentage made of the two reaches 100.
  byline::ingest(f.writer, {in.string()}, options);
  REQUIRE_FALSE(bytes.empty());
  CHECK(std::is_sorted(bytes.begin(), bytes.end()));
  CHECK(totals == std::vector<std::size_t>(totals.size(), total));
  CHECK(bytes.back() == total);  // the last article is in the last file

  // Standard input has no size: the total is unknown.
  Fixture g;
  std::istringstream piped(R"({"id": "p", "body": "Piped."})");
  options.standard_input = &piped;
  totals.clear();
  byline::ingest(g.writer, {"-", (in / "b-good.txt").string()}, options);
  CHECK(totals == std::vector<std::size_t>{0, 0});
}

TEST_CASE("JSON Lines: an unknown field is reported once per file, with the field it may mean") {
  Fixture f;
  const fs::path in = f.dir / "in";
  byline::test::write_file(
      in / "a.jsonl",
      R"({"id": "a1", "body": "Ceasefire talks.", "published": "2014-09-15", "Title": "One"}
{"id": "a2", "body": "More talks.", "published": "2014-09-16", "colour": "red"}
{"id": "a3", "body": "Last talks.", "path": "x.txt", "athor": "Jane Doe"}
)");
  byline::test::write_file(in / "b.jsonl",
                           R"({"id": "b1", "body": "Talks.", "published": "2014-09-15"})"
                           "\n");
  const auto summary = byline::ingest(f.writer, {in.string()});
  CHECK(summary.indexed == 4);
  CHECK(summary.skipped == 0);
  CHECK(described(summary, in) ==
        std::vector<std::string>{
            R"(warning a.jsonl:1 unknown field "Title", ignored (did you mean "title"?))",
            R"(warning a.jsonl:1 unknown field "published", ignored (did you mean "date"?))",
            R"(warning a.jsonl:2 unknown field "colour", ignored)",
            R"(warning a.jsonl:3 unknown field "athor", ignored (did you mean "author"?))",
            R"(warning b.jsonl:1 unknown field "published", ignored (did you mean "date"?))"});
}

TEST_CASE("ids from file names: files of one name in two folders given stay two articles") {
  Fixture f;
  const fs::path a = f.dir / "a";
  const fs::path b = f.dir / "b";
  byline::test::write_file(a / "story.txt", "Ceasefire agreed in Geneva\n\nFrom folder a.\n");
  byline::test::write_file(a / "only.txt", "Kerry meets Lavrov\n\nOnly in a.\n");
  byline::test::write_file(b / "story.txt", "Talks resume in Vienna\n\nFrom folder b.\n");
  byline::test::write_file(b / "sub" / "story.txt", "Talks end in Vienna\n\nBelow b.\n");
  IngestOptions options;
  options.shards = false;
  const auto first = byline::ingest(f.writer, {a.string(), b.string()}, options);
  CHECK(first.indexed == 4);
  CHECK(first.replaced == 0);
  const std::vector<std::string> warning{"warning b/story.txt the id \"story\" is taken by " +
                                         (a / "story.txt").string() +
                                         ", read before; indexed as \"b/story\""};
  CHECK(described(first, f.dir.path()) == warning);
  const auto stored = stored_articles(f.dir / "idx");
  CHECK(stored.at("story").ends_with("From folder a."));
  CHECK(stored.at("b/story").ends_with("From folder b."));
  CHECK(stored.at("sub/story").ends_with("Below b."));  // unique: as always
  CHECK(stored.at("only").ends_with("Only in a."));
  // Indexed again, the same ids: replaced, not duplicated.
  const auto again = byline::ingest(f.writer, {a.string(), b.string()}, options);
  CHECK(again.indexed == 0);
  CHECK(again.replaced == 4);
  CHECK(described(again, f.dir.path()) == warning);
  CHECK(f.committed_articles() == 4);

  // Files given by name: the later one takes its folder's name.
  Fixture g;
  const auto named =
      byline::ingest(g.writer, {(a / "story.txt").string(), (b / "story.txt").string()});
  CHECK(named.indexed == 2);
  const auto named_ids = stored_articles(g.dir / "idx");
  CHECK(named_ids.count("story") == 1);
  CHECK(named_ids.count("b/story") == 1);
}

TEST_CASE("prune: articles of files gone from the folders given are removed, nothing else") {
  Fixture f;
  const fs::path in = f.dir / "in";
  const fs::path other = f.dir / "other";
  const fs::path sibling = f.dir / "in2";  // "in" is a prefix of its name, not its folder
  byline::test::write_file(in / "keep.txt", "Ceasefire agreed in Geneva\n\nKept.\n");
  byline::test::write_file(in / "gone.txt", "Kerry meets Lavrov\n\nGone.\n");
  byline::test::write_file(in / "sub" / "gone.jsonl",
                           R"({"id": "j1", "body": "Gone with its file."})"
                           "\n");
  byline::test::write_file(other / "elsewhere.txt", "Talks resume in Vienna\n\nElsewhere.\n");
  byline::test::write_file(sibling / "near.txt", "Talks end in Vienna\n\nNear.\n");
  std::istringstream piped("Piped text without a file\n\nPiped.\n");
  IngestOptions options;
  options.standard_input = &piped;
  options.batch_size = 1;
  const auto first =
      byline::ingest(f.writer, {in.string(), other.string(), sibling.string(), "-"}, options);
  REQUIRE(first.indexed == 6);
  fs::remove(in / "gone.txt");
  fs::remove_all(in / "sub");
  fs::remove(other / "elsewhere.txt");
  fs::remove(sibling / "near.txt");

  // Without prune, nothing goes.
  options.standard_input = nullptr;
  const auto kept = byline::ingest(f.writer, {in.string()}, options);
  CHECK(kept.removed == 0);
  CHECK(f.committed_articles() == 6);
  // A stopped run does not prune either.
  options.prune = true;
  const std::atomic<bool> stop{true};
  options.stop = &stop;
  CHECK(byline::ingest(f.writer, {in.string()}, options).removed == 0);
  CHECK(f.committed_articles() == 6);
  // With prune: the two articles of the files gone from "in" (given with a
  // trailing slash), and only those.
  options.stop = nullptr;
  const auto pruned = byline::ingest(f.writer, {in.string() + "/"}, options);
  CHECK(pruned.removed == 2);
  CHECK(pruned.replaced == 1);
  CHECK(f.committed_articles() == 4);
  const auto stored = stored_articles(f.dir / "idx");
  CHECK(stored.count("keep") == 1);
  CHECK(stored.count("gone") == 0);
  CHECK(stored.count("j1") == 0);
  CHECK(stored.count("elsewhere") == 1);  // its folder was not given
  CHECK(stored.count("near") == 1);
  CHECK(stored.size() == 4);  // and the piped one
}
