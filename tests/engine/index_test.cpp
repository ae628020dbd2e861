// Opening and creating indexes: every failure is a byline::Error of the right kind.
#include "byline/index.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include "byline/error.hpp"
#include "byline/search.hpp"
#include "byline/version.hpp"
#include "byline/writer.hpp"
#include "test_support.hpp"

using byline::Error;
using byline::Index;
using byline::OpenMode;

namespace {

Error::Kind kind_of_open_error(const std::filesystem::path& path, OpenMode mode) {
  try {
    (void)Index::open(path, byline::test::options_for(mode));
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("opening " << path << " did not throw");
  return Error::Kind::io;
}

}  // namespace

TEST_CASE("a new index records the format version and analyzer settings") {
  byline::test::TempDir dir;
  {
    byline::AnalyzerSettings french;
    french.language = "french";
    french.fold_diacritics = false;
    auto index =
        Index::open(dir / "idx", byline::test::options_for(OpenMode::create_or_open, french));
    CHECK(index.writable());
    CHECK(index.article_count() == 0);
  }
  // The settings come back from the index, whatever the reader asks for.
  auto index = Index::open(dir / "idx");
  CHECK_FALSE(index.writable());
  CHECK(index.analyzer_settings().language == "french");
  CHECK_FALSE(index.analyzer_settings().fold_diacritics);
  Xapian::Database db((dir / "idx").string());
  CHECK(db.get_metadata("byline.format_version") == std::to_string(byline::index_format_version()));
}

TEST_CASE("a missing index is not_found, for reading and for writing") {
  byline::test::TempDir dir;
  CHECK(kind_of_open_error(dir / "nope", OpenMode::read_only) == Error::Kind::not_found);
  CHECK(kind_of_open_error(dir / "nope", OpenMode::read_write) == Error::Kind::not_found);
}

TEST_CASE("an index of another format version is refused with a clear message") {
  byline::test::TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "old").string(), Xapian::DB_CREATE);
    db.set_metadata("byline.format_version", "0");
    db.commit();
  }
  try {
    (void)Index::open(dir / "old");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::version_mismatch);
    CHECK(std::string(e.what()).find("re-index") != std::string::npos);
  }
}

TEST_CASE("a format-1 index is read as it is, and marked with today's format once written to") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    byline::Article a;
    a.id = "new";
    a.title = "Stored compressed";
    a.body = "Its body.";
    writer.add(a);
    writer.commit();
  }
  {
    // As byline 0.1 wrote them: format 1, the article stored as text.
    Xapian::WritableDatabase db((dir / "idx").string());
    db.set_metadata("byline.format_version", "1");
    Xapian::Document doc;
    doc.add_boolean_term("Qold");
    doc.set_data("{\"id\":\"old\",\"title\":\"Stored as text\"}\nIts body.");
    db.add_document(doc);
    db.commit();
  }
  const auto format = [&] {
    return Xapian::Database((dir / "idx").string()).get_metadata("byline.format_version");
  };
  {
    auto index = Index::open(dir / "idx");
    CHECK(index.stats().format_version == 1);
    byline::Searcher searcher(index);
    const auto old = searcher.article("old");
    REQUIRE(old);
    CHECK(old->title == "Stored as text");
    CHECK(old->body == "Its body.");
    REQUIRE(searcher.article("new"));
  }
  {
    // Opened for writing but nothing committed: still format 1.
    auto index = Index::open(dir / "idx", byline::test::options_for(OpenMode::read_write));
  }
  CHECK(format() == "1");
  {
    auto index = Index::open(dir / "idx", byline::test::options_for(OpenMode::read_write));
    byline::Writer writer(index);
    byline::Article a;
    a.id = "newer";
    a.body = "Added later.";
    writer.add(a);
    writer.commit();
  }
  CHECK(format() == std::to_string(byline::index_format_version()));
  CHECK(Index::open(dir / "idx").stats().format_version == byline::index_format_version());
}

TEST_CASE("a Xapian database that byline did not write is not taken for an index") {
  byline::test::TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "plain").string(), Xapian::DB_CREATE);
    db.add_document(Xapian::Document());
    db.commit();
  }
  CHECK(kind_of_open_error(dir / "plain", OpenMode::read_only) == Error::Kind::version_mismatch);
  CHECK(kind_of_open_error(dir / "plain", OpenMode::create_or_open) ==
        Error::Kind::version_mismatch);
}

TEST_CASE("creating an index refuses a folder that holds other files") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "notes" / "todo.txt", "keep me");
  CHECK(kind_of_open_error(dir / "notes", OpenMode::create_or_open) ==
        Error::Kind::invalid_argument);
  CHECK(std::filesystem::exists(dir / "notes" / "todo.txt"));
}

TEST_CASE("a second writer gets a locked error, readers do not") {
  byline::test::TempDir dir;
  auto writer = byline::test::create_index(dir / "idx");
  // Xapian's lock is per process (fcntl), so the second writer must be another process.
  const pid_t child = fork();
  if (child == 0) {
    int code = 3;
    try {
      (void)Index::open(dir / "idx", byline::test::options_for(OpenMode::read_write));
      code = 0;
    } catch (const Error& e) {
      code = e.kind() == Error::Kind::locked ? 1 : 2;
    }
    _exit(code);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK_NOTHROW((void)Index::open(dir / "idx"));
}

TEST_CASE("error messages name the index path") {
  byline::test::TempDir dir;
  try {
    (void)Index::open(dir / "missing");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find((dir / "missing").string()) != std::string::npos);
    CHECK(e.to_string().rfind("NotFound: ", 0) == 0);
  }
}

TEST_CASE("creating an index creates the folders above it") {
  byline::test::TempDir dir;
  CHECK_NOTHROW((void)byline::test::create_index(dir / "a" / "b" / "idx"));
  CHECK(Index::open(dir / "a" / "b" / "idx").article_count() == 0);
}
