// Hostile and broken input, one case each: the indexer names the file (and
// line), indexes the rest, counts what it skipped, exits with the documented
// status (0: all indexed, 1: something skipped) and keeps its memory bounded;
// the searcher answers or refuses with a clear error, quickly.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "process.hpp"
#include "query/limits.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

#ifdef BYLINE_CLI
namespace {

using byline::test::Child;
using byline::test::write_file;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

constexpr std::string_view kGood =
    "Ceasefire holds along the northern border\n\nThe ceasefire held overnight, officials said.";

struct IndexRun {
  int status = -1;
  nlohmann::json summary;
  long max_rss_mb = 0;

  // "error NAME:LINE message" per diagnostic, NAME relative to `root`.
  [[nodiscard]] std::vector<std::string> diagnostics(const fs::path& root) const {
    std::vector<std::string> out;
    for (const auto& d : summary["diagnostics"]) {
      std::string path = d["path"].get<std::string>();
      if (path.starts_with(root.string() + "/"))
        path.erase(0, root.string().size() + 1);
      out.push_back(d["severity"].get<std::string>() + " " + path + ":" +
                    std::to_string(d["line"].get<std::size_t>()) + " " +
                    d["message"].get<std::string>());
    }
    return out;
  }
  [[nodiscard]] bool mentions(const fs::path& root, std::string_view text) const {
    for (const auto& d : diagnostics(root)) {
      if (d.find(text) != std::string::npos)
        return true;
    }
    return false;
  }
};

// `byline index --json` on `inputs`, as the user `run_as` (empty: as we are).
IndexRun index_with_cli(const fs::path& index, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& run_as = {}) {
  std::vector<std::string> argv = run_as;
  argv.insert(argv.end(), {BYLINE_CLI, "index", "--json", "--index", index.string()});
  argv.insert(argv.end(), inputs.begin(), inputs.end());
  Child child(argv, "/dev/null");
  std::vector<std::string> lines;
  const auto ended = child.finish(&lines);
  IndexRun run;
  run.status = ended.exited ? ended.code : -ended.code;
  run.max_rss_mb = ended.max_rss_kb / 1024;
  std::string out;
  for (const auto& l : lines)
    out += l;
  run.summary = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  return run;
}

std::vector<std::string> search_ids(const fs::path& index, std::string_view query) {
  const byline::Index idx = byline::Index::open(index);
  byline::Searcher searcher(idx);
  std::vector<std::string> ids;
  for (const auto& hit : searcher.search(query).hits)
    ids.push_back(hit.id);
  return ids;
}

using Ids = std::vector<std::string>;

// A folder holding good.txt and the hostile input; returns the run.
struct Case {
  byline::test::TempDir dir;
  fs::path input = dir / "in";
  fs::path index = dir / "idx";
  Case() { write_file(input / "good.txt", kGood); }
  IndexRun run() { return index_with_cli(index, {input.string()}); }
};

}  // namespace

TEST_CASE("hostile input: an empty file is named, skipped and counted") {
  Case c;
  write_file(c.input / "empty.txt", "");
  write_file(c.input / "blank.txt", " \n\t\r\n");
  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 1);
  CHECK(r.summary["skipped"] == 2);
  CHECK(r.diagnostics(c.input) ==
        std::vector<std::string>{"error blank.txt:0 empty file", "error empty.txt:0 empty file"});
}

TEST_CASE("hostile input: a binary file is named, skipped and counted") {
  Case c;
  std::string bytes;
  for (int i = 0; i < 4096; ++i)
    bytes += static_cast<char>((i * 131 + 7) % 256);
  write_file(c.input / "image.txt", bytes);
  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 1);
  CHECK(r.summary["skipped"] == 1);
  CHECK(r.mentions(c.input, "error image.txt:0 binary file"));
}

TEST_CASE("hostile input: invalid UTF-8 is never indexed as it is") {
  Case c;
  // Damaged UTF-8: refused, not garbled.
  write_file(c.input / "damaged.txt",
             "Caf\xc3\xa9s reopen across the capital\n\nThe caf\xc3\xa9s and "
             "the cr\xc3\xa8"
             "ches reopened \xff today, the na\xc3\xafve said.");
  // Legacy bytes: converted, with a warning.
  write_file(c.input / "latin.txt",
             "Residents return to the old quarter\n\nThe caf\xe9 on the corner reopened.");
  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 2);
  CHECK(r.summary["skipped"] == 1);
  CHECK(r.summary["warnings"] == 1);
  CHECK(r.mentions(c.input, "error damaged.txt:0 invalid UTF-8 at byte offset"));
  CHECK(r.mentions(c.input, "warning latin.txt:0 not UTF-8: read as"));
  CHECK(search_ids(c.index, "café") == Ids{"latin"});
}

TEST_CASE("hostile input: Windows-1252 is converted, its curly quotes and accents searchable") {
  Case c;
  write_file(c.input / "cp1252.txt",
             "Minister hails \x93historic\x94 accord in Paris\n\n"
             "The na\xefve plan \x96 drafted at a caf\xe9 \x96 won support.");
  const auto r = c.run();
  CHECK(r.status == 0);
  CHECK(r.summary["indexed"] == 2);
  CHECK(r.summary["warnings"] == 1);
  CHECK(r.mentions(c.input, "warning cp1252.txt:0 not UTF-8: read as windows-1252"));
  CHECK(search_ids(c.index, "\"naïve plan\"") == Ids{"cp1252"});
  CHECK(search_ids(c.index, "cafe historic") == Ids{"cp1252"});
}

TEST_CASE("hostile input: UTF-16 with and without a byte order mark is converted") {
  Case c;
  auto utf16 = [](std::string_view ascii, bool big_endian) {
    std::string out;
    for (const char ch : ascii) {
      out += big_endian ? '\0' : ch;
      out += big_endian ? ch : '\0';
    }
    return out;
  };
  const std::string text =
      "Talks resume in Geneva after long pause\n\nNegotiators from both sides met in Geneva.";
  write_file(c.input / "le-bom.txt", "\xff\xfe" + utf16(text, false));
  write_file(c.input / "be-bom.txt", "\xfe\xff" + utf16(text, true));
  write_file(c.input / "le-nobom.txt", utf16(text, false));
  const auto r = c.run();
  CHECK(r.status == 0);
  CHECK(r.summary["indexed"] == 4);
  CHECK(search_ids(c.index, "negotiators geneva").size() == 3);
}

TEST_CASE("hostile input: CRLF and CR line endings give the same title and text as LF") {
  Case c;
  write_file(c.input / "crlf.txt",
             "Floods cut off mountain villages in the north\r\n\r\nRescue teams arrived.");
  write_file(c.input / "cr.txt",
             "Floods cut off mountain villages in the south\r\rRescue teams arrived.");
  const auto r = c.run();
  CHECK(r.status == 0);
  CHECK(r.summary["indexed"] == 3);
  const byline::Index idx = byline::Index::open(c.index);
  byline::Searcher searcher(idx);
  std::vector<std::string> titles;
  for (const auto& hit : searcher.search("\"rescue teams arrived\"").hits)
    titles.push_back(hit.title);
  std::sort(titles.begin(), titles.end());
  CHECK(titles == std::vector<std::string>{"Floods cut off mountain villages in the north",
                                           "Floods cut off mountain villages in the south"});
}

TEST_CASE("hostile input: a 100 MB file is skipped unread, in little memory") {
  Case c;
  for (const char* name : {"huge.txt", "huge.jsonl"}) {
    const int fd = ::open((c.input / name).c_str(), O_CREAT | O_WRONLY, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, 100 << 20) == 0);  // 100 MiB, sparse
    ::close(fd);
  }
  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 1);
  CHECK(r.summary["skipped"] == 2);
  CHECK(r.mentions(c.input,
                   "error huge.txt:0 file too large (104857600 bytes; the limit is 16 MiB)"));
  CHECK(r.mentions(c.input, "error huge.jsonl:1 line too long"));
  // The text file is never read; of the line, at most the line cap (16 MiB)
  // is held, on top of the process's own 60-odd MB.
  if (!kSanitized)
    CHECK(r.max_rss_mb < 16 + 96);
  MESSAGE("peak memory with a 100 MB text file and a 100 MB JSON line: " << r.max_rss_mb << " MB");
}

TEST_CASE("hostile input: a 50 MB saved page is indexed and a 100 MB one skipped unread") {
  Case c;
  // What "save page, complete" and SingleFile write: the article among
  // images carried inline as data: URLs, tens of megabytes of them.
  std::string page =
      "<!doctype html><html lang=en><head><title>Quarry blast rattles village</title></head>"
      "<body><article><h1>Quarry blast rattles village</h1><p>A controlled blast at the "
      "limestone quarry above Threlkeld shook windows across the village on Tuesday, and "
      "residents asked the council to review the operator's permit.</p>";
  const std::string image(1 << 20, 'A');
  for (int i = 0; page.size() < (50u << 20); ++i)
    page += "<p><img alt=\"\" src=\"data:image/png;base64," + image + "\"></p>";
  page += "<p>The operator said the charge had been within its licence.</p></article></body>";
  write_file(c.input / "saved.html", page);
  page.clear();
  page.shrink_to_fit();
  const int fd = ::open((c.input / "huge.html").c_str(), O_CREAT | O_WRONLY, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, 100 << 20) == 0);  // 100 MiB, sparse
  ::close(fd);

  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 2);
  CHECK(r.summary["skipped"] == 1);
  CHECK(r.mentions(c.input,
                   "error huge.html:0 file too large (104857600 bytes; the limit is 64 MiB)"));
  CHECK(search_ids(c.index, "limestone") == Ids{"saved"});
  CHECK(search_ids(c.index, "licence") == Ids{"saved"});
  MESSAGE("peak memory indexing a 50 MB saved page: " << r.max_rss_mb << " MB");
}

TEST_CASE("hostile input: a single 10 MB line is indexed, in memory bounded by its size") {
  Case c;
  std::string text = "One very long dispatch without a single line break\n";
  const char* const words[] = {"convoy", "border", "talks", "minister", "refugees", "aid"};
  for (std::size_t i = 0; text.size() < (10u << 20); ++i) {
    text += words[i % 6];
    text += std::to_string(i % 997);
    text += ' ';
  }
  write_file(c.input / "long.txt", text);
  const auto r = c.run();
  CHECK(r.status == 0);
  CHECK(r.summary["indexed"] == 2);
  CHECK(search_ids(c.index, "convoy996") == Ids{"long"});
  if (!kSanitized)
    CHECK(r.max_rss_mb < 1024);
  MESSAGE("peak memory indexing a 10 MB line: " << r.max_rss_mb << " MB");
}

TEST_CASE("hostile input: words and fields over Xapian's 245-byte term limit") {
  Case c;
  const std::string long_word(300, 'x');
  write_file(c.input / "longword.txt",
             "Scientists name a very long molecule today\n\nIts name is " + long_word +
                 " and it is long.");
  write_file(c.input / "fields.jsonl",
             R"({"id": "ok", "body": "A normal line of text about the molecule."})"
             "\n"
             R"({"id": "lang", "lang": ")" +
                 std::string(400, 'l') + R"(", "source": ")" + std::string(400, 's') +
                 R"(", "body": "The language and source of this one are absurdly long."})"
                 "\n"
                 R"({"id": ")" +
                 std::string(300, 'i') +
                 R"(", "body": "And this id is far too long."})"
                 "\n");
  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 3);  // good, longword, ok
  CHECK(r.summary["skipped"] == 2);
  CHECK(r.mentions(c.input,
                   "error fields.jsonl:2 article \"lang\" not indexed: article lang has "
                   "a field that makes a term of 401 bytes; Xapian's limit is 245"));
  CHECK(r.mentions(c.input, "error fields.jsonl:3"));
  CHECK(search_ids(c.index, "molecule") == Ids{"longword", "ok"});
}

TEST_CASE("hostile input: control characters are separators, NUL bytes mark binary files") {
  Case c;
  write_file(
      c.input / "controls.txt",
      "Storm warning issued for the coast\n\nWinds\x01of\x07up\x1bto 120 km/h\x0c expected.");
  write_file(c.input / "nul.txt", std::string("Text with a NUL\0 byte in it, alas", 34));
  write_file(c.input / "escaped.jsonl",
             R"({"id": "esc", "body": "Escaped \u0000 NUL and \u0007 bell in JSON"})"
             "\n"
             "{\"id\": \"ctl\x01id\", \"body\": \"a control character in the id\"}\n");
  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 3);  // good, controls, esc
  CHECK(r.summary["skipped"] == 2);
  CHECK(r.mentions(c.input, "error nul.txt:0 binary file"));
  CHECK(r.mentions(c.input, "error escaped.jsonl:2"));
  CHECK(search_ids(c.index, "\"winds of up to 120\"") == Ids{"controls"});
  CHECK(search_ids(c.index, "escaped bell") == Ids{"esc"});
}

TEST_CASE("hostile input: one broken line in a JSON Lines file is named by its number") {
  Case c;
  write_file(c.input / "feed.jsonl",
             R"({"id": "a", "body": "first good line"})"
             "\n"
             R"({"id": "b", "body": "second good line")"  // no closing brace
             "\n"
             R"({"id": "c", "body": "third good line"})"
             "\n");
  const auto r = c.run();
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 3);
  CHECK(r.summary["skipped"] == 1);
  CHECK(r.mentions(c.input, "error feed.jsonl:2 not valid JSON"));
  CHECK(search_ids(c.index, "good line").size() == 2);
}

TEST_CASE("hostile input: an unreadable file and a symbolic link loop in a folder") {
  Case c;
  write_file(c.input / "secret.txt", "Closed file\n\nNobody may read this.");
  ::chmod((c.input / "secret.txt").c_str(), 0);
  fs::create_directory_symlink(c.input, c.input / "loop");
  // Root reads everything: run the indexer as nobody then.
  std::vector<std::string> run_as;
  if (::geteuid() == 0) {
    run_as = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    REQUIRE(fs::exists(run_as.front()));
    fs::permissions(c.dir.path(), fs::perms::all);
    fs::permissions(c.input, fs::perms::all);
  }
  const auto r = index_with_cli(c.index, {c.input.string()}, run_as);
  CHECK(r.status == 1);
  CHECK(r.summary["indexed"] == 1);
  CHECK(r.summary["skipped"] == 1);
  CHECK(r.mentions(c.input, "error secret.txt:0 cannot open: Permission denied"));
  CHECK(r.mentions(c.input, "warning loop:0 symbolic link loop, skipped"));
}

TEST_CASE("hostile input: a file name that is not UTF-8 is indexed and shown safely") {
  Case c;
  write_file(c.input / "caf\xe9.txt",
             "Baristas strike in the old town\n\nThe baristas walked out.");
  const auto r = c.run();
  CHECK(r.status == 0);
  CHECK(r.summary["indexed"] == 2);
  const auto ids = search_ids(c.index, "baristas");
  REQUIRE(ids.size() == 1);
  CHECK(ids.front() == "caf\xef\xbf\xbd");  // shown with U+FFFD, valid UTF-8
  Child search({BYLINE_CLI, "search", "--json", "--index", c.index.string(), "baristas"});
  std::vector<std::string> lines;
  CHECK(search.finish(&lines).ok());
  std::string out;
  for (const auto& l : lines)
    out += l;
  const auto json = nlohmann::json::parse(out, nullptr, false);
  REQUIRE_FALSE(json.is_discarded());
  CHECK(json["total"] == 1);
}

TEST_CASE("hostile input: a manifest entry for a missing file is a warning naming the line") {
  Case c;
  write_file(c.input / "manifest.jsonl",
             R"({"file": "good.txt", "title": "Ceasefire holds", "source": "Reuters"})"
             "\n"
             R"({"file": "missing.txt", "title": "Never written"})"
             "\n");
  const auto r = c.run();
  CHECK(r.status == 0);  // a warning, not a skipped input
  CHECK(r.summary["indexed"] == 1);
  CHECK(
      r.diagnostics(c.input) ==
      std::vector<std::string>{"warning manifest.jsonl:2 entry for \"missing.txt\": no such file"});
}

TEST_CASE("memory is bounded by the batch, not by the corpus") {
  byline::test::TempDir dir;
  const char* const words[] = {"convoy", "border", "talks", "minister", "refugees", "aid"};
  auto make_corpus = [&](const fs::path& folder, int files) {
    for (int f = 0; f < files; ++f) {
      std::string text = "Dispatch number " + std::to_string(f) + " from the border region\n\n";
      for (int w = 0; w < 3000; ++w)
        text += std::string(words[(f + w) % 6]) + std::to_string((f * 31 + w) % 5000) + " ";
      write_file(folder / ("d" + std::to_string(f) + ".txt"), text);
    }
  };
  make_corpus(dir / "small", 100);
  make_corpus(dir / "large", 400);
  auto peak = [&](const char* corpus) {
    Child child({BYLINE_CLI, "index", "-q", "--batch-size", "50", "--index",
                 (dir / (std::string(corpus) + ".idx")).string(), (dir / corpus).string()});
    const auto ended = child.finish();
    CHECK(ended.ok());
    return ended.max_rss_kb / 1024;
  };
  const long small = peak("small");
  const long large = peak("large");
  MESSAGE("peak memory: " << small << " MB for 100 articles, " << large << " MB for 400");
  CHECK(large < small + small / 2 + 16);
}

#endif  // BYLINE_CLI

// ---------------------------------------------------------------- queries

namespace {

struct QueryFixture {
  byline::test::TempDir dir;
  byline::Index index = [this] {
    {
      byline::Index idx = byline::test::create_index(dir / "idx");
      byline::Writer writer(idx);
      byline::IngestOptions options;
      (void)byline::ingest(writer, {byline::test::corpus_dir().string()}, options);
    }
    return byline::Index::open(dir / "idx");
  }();
  byline::Searcher searcher{index};

  // The error a query raises (kind invalid_query), timed.
  std::optional<byline::Error> error_of(std::string_view query,
                                        byline::DefaultOperator op = byline::DefaultOperator::all) {
    byline::SearchOptions options;
    options.default_operator = op;
    try {
      (void)searcher.search(query, options);
    } catch (const byline::Error& e) {
      return e;
    }
    return std::nullopt;
  }
};

// CPU seconds this thread spent since `start` (a thread_cpu_seconds() reading).
double seconds_since(double start) {
  return byline::test::thread_cpu_seconds() - start;
}

std::string words(std::size_t n) {
  std::string q;
  for (std::size_t i = 0; i < n; ++i)
    q += "w" + std::to_string(i) + " ";
  return q;
}

}  // namespace

TEST_CASE("hostile query: 100,000 characters are refused at once, with the limit") {
  QueryFixture f;
  const double start = byline::test::thread_cpu_seconds();
  const auto e = f.error_of(std::string(100'000, 'a'));
  REQUIRE(e);
  CHECK(e->kind() == byline::Error::Kind::invalid_query);
  CHECK(std::string(e->what()).starts_with("the query is 100000 bytes long (the limit is 10000)"));
  CHECK(e->position() == byline::detail::limits::kMaxQueryBytes);
  CHECK(seconds_since(start) < 1.0);
}

TEST_CASE("hostile query: 10,000 nested parentheses are refused, the depth limit is 64") {
  QueryFixture f;
  const double start = byline::test::thread_cpu_seconds();
  auto nested = [](std::size_t n) { return std::string(n, '(') + "pledge" + std::string(n, ')'); };
  auto e = f.error_of(nested(10'000));  // 20,006 bytes: over the length limit
  REQUIRE(e);
  CHECK(e->kind() == byline::Error::Kind::invalid_query);
  e = f.error_of(nested(4'000));  // within the length limit: the depth limit speaks
  REQUIRE(e);
  CHECK(std::string(e->what()).starts_with("the query nests too deeply (the limit is 64)"));
  CHECK(seconds_since(start) < 1.0);
  // Each parenthesis counts two levels in the parser: 31 pairs is the most it takes.
  CHECK(f.searcher.search(nested(31)).total == 5);
}

TEST_CASE("hostile query: 100,000 ORed terms are refused, the term limit is 1,000") {
  QueryFixture f;
  double start = byline::test::thread_cpu_seconds();
  auto e = f.error_of(words(100'000), byline::DefaultOperator::any);
  REQUIRE(e);
  CHECK(e->kind() == byline::Error::Kind::invalid_query);
  std::string ored;
  for (int i = 0; i < 1100; ++i)
    ored += (i ? " OR w" : "w") + std::to_string(i);
  e = f.error_of(ored.substr(0, ored.find(" OR w1001")) + " OR pledge");  // 1,002 words
  REQUIRE(e);
  CHECK(std::string(e->what()).starts_with("too many words in the query (the limit is 1000)"));
  CHECK(seconds_since(start) < 1.0);
  // At the limit, an answer, quickly.
  start = byline::test::thread_cpu_seconds();
  byline::SearchOptions any;
  any.default_operator = byline::DefaultOperator::any;
  const std::string at_limit = words(999) + "pledge";
  REQUIRE(at_limit.size() <= byline::detail::limits::kMaxQueryBytes);
  CHECK(f.searcher.search(at_limit, any).total == 5);
  CHECK(seconds_since(start) < 5.0);
}

TEST_CASE("hostile query: a wildcard matching every word is refused past 1,000 words") {
  QueryFixture f;
  {
    byline::IndexOptions options;
    options.mode = byline::OpenMode::read_write;
    byline::Index writable = byline::Index::open(f.dir / "idx", options);
    byline::Writer writer(writable);
    byline::Article many;
    many.id = "many-words";
    many.title = "A list of many distinct words";
    for (int i = 0; i < 3000; ++i)
      many.body += "zq" + std::to_string(100000 + i) + " ";
    (void)writer.add(many);
    writer.commit();
  }
  const double start = byline::test::thread_cpu_seconds();
  const auto e = f.error_of("zq*");
  REQUIRE(e);
  CHECK(e->kind() == byline::Error::Kind::invalid_query);
  CHECK(std::string(e->what()).find("1000") != std::string::npos);
  CHECK(seconds_since(start) < 2.0);
  CHECK(f.searcher.search("zq10000*").total == 1);  // 10 words: fine
  // A leading or inner wildcard walks the whole vocabulary, under the same cap.
  for (const char* pattern : {"*1*", "z?1*", "*q1?????"}) {
    CAPTURE(pattern);
    const double walk = byline::test::thread_cpu_seconds();
    const auto refused = f.error_of(pattern);
    REQUIRE(refused);
    CHECK(std::string(refused->what()).find("1000") != std::string::npos);
    CHECK(seconds_since(walk) < 2.0);
  }
  CHECK(f.searcher.search("*q10000?").total == 1);
}

TEST_CASE("hostile query: NEAR/1000000 is refused, the distance limit is 1,000") {
  QueryFixture f;
  const auto e = f.error_of("Kerry NEAR/1000000 Iran");
  REQUIRE(e);
  CHECK(e->kind() == byline::Error::Kind::invalid_query);
  CHECK(std::string(e->what()).starts_with("NEAR/n needs a number of words from 0 to 1000"));
  CHECK(e->position() == std::string_view("Kerry NEAR/").size());
  CHECK_NOTHROW((void)f.searcher.search("Kerry NEAR/1000 Iran"));
}

TEST_CASE("hostile query: invalid UTF-8 separates words, and alone it is an empty query") {
  QueryFixture f;
  const auto e = f.error_of("\xff\xfe\xfd");
  REQUIRE(e);
  CHECK(e->kind() == byline::Error::Kind::invalid_query);
  CHECK(f.searcher.search("pledging \xff").total == 5);
}

TEST_CASE("hostile query: a NUL byte is an error that points at it") {
  QueryFixture f;
  const auto e = f.error_of(std::string("dirty\0hands", 11));
  REQUIRE(e);
  CHECK(e->kind() == byline::Error::Kind::invalid_query);
  CHECK(e->position() == 5);
}
