// Manifests: metadata by file name, broken lines reported by number, the
// rest used.
#include "indexer/manifest.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "byline/error.hpp"
#include "test_support.hpp"

using byline::Diagnostic;
using byline::detail::ManifestSet;

TEST_CASE("entries are found by the file they describe, however its path is written") {
  byline::test::TempDir dir;
  byline::test::write_file(
      dir / "corpus/manifest.jsonl",
      R"({"file": "a.txt", "title": "A title", "date": "2014-09-15", "id": 7})"
      "\n"
      R"({"file": "sub/b.txt", "source": "BBC News", "author": "Jane Doe, John Roe"})"
      "\n");
  ManifestSet manifests;
  std::vector<Diagnostic> diagnostics;
  manifests.read(dir / "corpus/manifest.jsonl", diagnostics);
  CHECK(diagnostics.empty());

  const auto* a = manifests.find(dir / "corpus/sub/../a.txt");
  REQUIRE(a != nullptr);
  CHECK(a->title == "A title");
  CHECK(a->date == "2014-09-15");
  CHECK(a->id == "7");  // numeric ids are taken as their digits
  CHECK_FALSE(a->source);
  CHECK_FALSE(a->author);
  CHECK(a->line == 1);
  const auto* b = manifests.find(dir / "corpus/sub/b.txt");
  REQUIRE(b != nullptr);
  CHECK(b->source == "BBC News");
  CHECK(b->author == "Jane Doe, John Roe");
  CHECK(manifests.find(dir / "corpus/c.txt") == nullptr);
  CHECK(manifests.unused().empty());
}

TEST_CASE("a malformed line is reported with its number and the others are used") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "manifest.jsonl",
                           "{\"file\": \"a.txt\", \"title\": \"A\"}\n"
                           "{\"file\": \"b.txt\", \"title\": \n"
                           "\n"
                           "[1, 2]\n"
                           "{\"title\": \"no file\"}\n"
                           "{\"file\": \"c.txt\", \"title\": 42}\n"
                           "{\"file\": \"d.txt\"}\n");
  ManifestSet manifests;
  std::vector<Diagnostic> diagnostics;
  manifests.read(dir / "manifest.jsonl", diagnostics);
  REQUIRE(diagnostics.size() == 4);
  for (const auto& d : diagnostics) {
    CHECK(d.severity == Diagnostic::Severity::error);
    CHECK(d.path == (dir / "manifest.jsonl").string());
  }
  CHECK(diagnostics[0].line == 2);
  CHECK(diagnostics[0].message.starts_with("not valid JSON: "));
  CHECK(diagnostics[1].line == 4);
  CHECK(diagnostics[1].message == "expected a JSON object, not array");
  CHECK(diagnostics[2].line == 5);
  CHECK(diagnostics[2].message.starts_with("missing \"file\""));
  CHECK(diagnostics[3].line == 6);
  CHECK(diagnostics[3].message == "\"title\" must be a string");
  CHECK(manifests.find(dir / "a.txt") != nullptr);
  CHECK(manifests.find(dir / "d.txt") != nullptr);
}

TEST_CASE("entries nobody asked for are listed, in manifest order") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "manifest.jsonl",
                           "{\"file\": \"z.txt\"}\n{\"file\": \"a.txt\"}\n{\"file\": \"m.txt\"}\n");
  ManifestSet manifests;
  std::vector<Diagnostic> diagnostics;
  manifests.read(dir / "manifest.jsonl", diagnostics);
  (void)manifests.find(dir / "a.txt");
  const auto unused = manifests.unused();
  REQUIRE(unused.size() == 2);
  CHECK(unused[0]->file == "z.txt");
  CHECK(unused[1]->file == "m.txt");
}

TEST_CASE("a file described twice in one manifest: the later line wins, with a warning") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "manifest.jsonl",
                           "{\"file\": \"a.txt\", \"title\": \"Old\"}\n"
                           "{\"file\": \"./a.txt\", \"title\": \"New\"}\n");
  ManifestSet manifests;
  std::vector<Diagnostic> diagnostics;
  manifests.read(dir / "manifest.jsonl", diagnostics);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == Diagnostic::Severity::warning);
  CHECK(diagnostics[0].line == 2);
  CHECK(manifests.find(dir / "a.txt")->title == "New");
}

TEST_CASE("a manifest that cannot be opened is an Error of kind bad_input") {
  byline::test::TempDir dir;
  ManifestSet manifests;
  std::vector<Diagnostic> diagnostics;
  try {
    manifests.read(dir / "nope.jsonl", diagnostics);
    FAIL("no exception");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::bad_input);
    CHECK(std::string(e.what()).find("nope.jsonl") != std::string::npos);
  }
}
