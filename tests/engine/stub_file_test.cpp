// An index made of shards: a Xapian stub file listing byline indexes opens
// as one index, for reading; its shards must have been analysed alike, and
// nothing writes to it (docs/plans/scale-out.md).
#include "engine/stub_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "byline/error.hpp"
#include "byline/index.hpp"
#include "byline/writer.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using byline::Error;
using byline::Index;
using byline::OpenMode;
using byline::detail::StubShard;

namespace {

// A byline index at `path` holding one article per id, in `language`.
void make_shard(const fs::path& path, std::initializer_list<std::string> ids,
                const std::string& language = "english") {
  byline::AnalyzerSettings settings;
  settings.language = language;
  Index index = Index::open(path, byline::test::options_for(OpenMode::create_or_open, settings));
  byline::Writer writer(index);
  for (const std::string& id : ids) {
    byline::Article a;
    a.id = id;
    a.title = "Ceasefire talks " + id;
    a.body = "The ceasefire talks resumed on Monday, officials said, in the capital.";
    a.source = "Wire " + id;
    a.date = "2014-09-15";
    (void)writer.add(a);
  }
  writer.commit();
}

// The message of the Error `open` throws, and that it is of `kind`.
template <typename Open>
std::string error_of(Open open, Error::Kind kind) {
  try {
    open();
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    return e.what();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("a stub file's shards are read as Xapian reads them, with where each is listed") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "all.stub",
                           "# two local shards, two served\n"
                           "auto a\n"
                           "\n"
                           "glass /srv/news/b\n"
                           "remote 127.0.0.1:33401\n"
                           "remote [::1]:33402\n"
                           "remote :ssh host xapian-progsrv /srv/news/c\n");
  const auto shards = byline::detail::read_stub(dir / "all.stub");
  REQUIRE(shards.size() == 5);
  CHECK(shards[0].kind == StubShard::Kind::local);
  CHECK(shards[0].path == dir / "a");
  CHECK(shards[0].line == 2);
  CHECK(shards[1].path == "/srv/news/b");
  CHECK(shards[2].kind == StubShard::Kind::remote_tcp);
  CHECK(shards[2].host == "127.0.0.1");
  CHECK(shards[2].port == 33401);
  CHECK(shards[3].host == "::1");
  CHECK(shards[4].kind == StubShard::Kind::remote_program);
  CHECK(shards[4].program == "ssh");
  CHECK(shards[4].arguments == "host xapian-progsrv /srv/news/c");
  CHECK(shards[2].describe(3) ==
        "shard 3 (remote 127.0.0.1:33401, line 5 of " + (dir / "all.stub").string() + ")");

  // An "auto" line naming a stub (or a folder holding XAPIANDB) is read in
  // its place; a stub listing itself is stopped.
  fs::create_directories(dir / "nested");
  byline::test::write_file(dir / "nested" / "XAPIANDB", "auto x\nauto y\n");
  byline::test::write_file(dir / "outer.stub", "auto nested\nauto z\n");
  const auto flat = byline::detail::read_stub(dir / "outer.stub");
  REQUIRE(flat.size() == 3);
  CHECK(flat[0].path == dir / "nested" / "x");
  CHECK(flat[2].path == dir / "z");
  byline::test::write_file(dir / "loop.stub", "auto loop.stub\n");
  CHECK(
      error_of([&] { (void)byline::detail::read_stub(dir / "loop.stub"); }, Error::Kind::bad_input)
          .find("nested more than 8 deep") != std::string::npos);
}

TEST_CASE("a stub line Xapian would refuse is named with its number and why") {
  byline::test::TempDir dir;
  const auto message_for = [&](const std::string& line) {
    byline::test::write_file(dir / "bad.stub", "auto a\n" + line + "\n");
    return error_of([&] { (void)byline::detail::read_stub(dir / "bad.stub"); },
                    Error::Kind::bad_input);
  };
  const std::string where = (dir / "bad.stub").string() + ", line 2: ";
  CHECK(message_for("inmemory").starts_with(where));
  CHECK(message_for("remote 127.0.0.1:0") == where + "\"0\" is no port number (1 to 65535)");
  CHECK(message_for("remote 127.0.0.1:99999") ==
        where + "\"99999\" is no port number (1 to 65535)");
  CHECK(message_for("remote localhost").find("HOST:PORT") != std::string::npos);
  CHECK(message_for("auto").find("names no database") != std::string::npos);
}

TEST_CASE("an index made of shards opens as one index, and its stats count every shard") {
  byline::test::TempDir dir;
  make_shard(dir / "a", {"a1", "a2"});
  make_shard(dir / "b", {"b1", "b2", "b3"});
  byline::test::write_file(dir / "both.stub", "auto a\nauto b\n");
  // A folder holding XAPIANDB opens the same.
  fs::create_directories(dir / "folder");
  byline::test::write_file(dir / "folder" / "XAPIANDB", "auto ../a\nauto ../b\n");
  for (const fs::path& path : {dir / "both.stub", dir / "folder"}) {
    CAPTURE(path);
    const Index index = Index::open(path, byline::test::options_for(OpenMode::read_only));
    CHECK(index.article_count() == 5);
    const byline::IndexStats stats = index.stats();
    CHECK(stats.articles == 5);
    CHECK(stats.shards == 2);
    CHECK(stats.remote_shards == 0);
    CHECK(stats.sources == 5);
    const auto one = Index::open(dir / "a", byline::test::options_for(OpenMode::read_only)).stats();
    const auto two = Index::open(dir / "b", byline::test::options_for(OpenMode::read_only)).stats();
    CHECK(one.shards == 1);
    CHECK(one.shard_list.empty());
    CHECK(stats.bytes_on_disk == one.bytes_on_disk + two.bytes_on_disk);
    REQUIRE(stats.shard_list.size() == 2);
    CHECK(stats.shard_list[0].location == fs::absolute(dir / "a").lexically_normal().string());
    CHECK_FALSE(stats.shard_list[0].remote);
    CHECK(stats.shard_list[1].bytes_on_disk == two.bytes_on_disk);
  }
}

TEST_CASE("shards analysed otherwise are refused at open, naming the shard") {
  byline::test::TempDir dir;
  make_shard(dir / "a", {"a1"});
  make_shard(dir / "b", {"b1"});
  make_shard(dir / "fr", {"f1"}, "french");
  byline::test::write_file(dir / "mixed.stub", "auto a\nauto b\nauto fr\n");
  const std::string message =
      error_of([&] { (void)Index::open(dir / "mixed.stub"); }, Error::Kind::version_mismatch);
  CHECK(message.find("shard 3 (" + (dir / "fr").string() + ", line 3 of ") != std::string::npos);
  CHECK(message.find("language french") != std::string::npos);
  CHECK(message.find("shard 1 language english") != std::string::npos);

  // One query expands a name to the aliases of one table.
  make_shard(dir / "aliased", {"c1"});
  {
    Index index = Index::open(dir / "aliased", byline::test::options_for(OpenMode::read_write));
    byline::Writer writer(index);
    (void)writer.set_aliases({{"Daesh", "ISIL"}});
    writer.commit();
  }
  byline::test::write_file(dir / "aliased.stub", "auto a\nauto aliased\n");
  const std::string aliases =
      error_of([&] { (void)Index::open(dir / "aliased.stub"); }, Error::Kind::version_mismatch);
  CHECK(aliases.find("shard 2 (" + (dir / "aliased").string() + ", line 2 of ") !=
        std::string::npos);
  CHECK(aliases.find("another alias table than shard 1") != std::string::npos);

  // A shard that is not there, and a folder that is no byline index.
  byline::test::write_file(dir / "missing.stub", "auto a\nauto nowhere\n");
  CHECK(error_of([&] { (void)Index::open(dir / "missing.stub"); }, Error::Kind::not_found)
            .ends_with("is made of shards, and shard 2 (" + (dir / "nowhere").string() +
                       ", line 2 of " + (dir / "missing.stub").string() + ") does not exist"));
  fs::create_directories(dir / "empty");
  byline::test::write_file(dir / "empty.stub", "auto a\nauto empty\n");
  CHECK(error_of([&] { (void)Index::open(dir / "empty.stub"); }, Error::Kind::not_found)
            .find("shard 2 (" + (dir / "empty").string()) != std::string::npos);
}

TEST_CASE("an index made of shards is not written to") {
  byline::test::TempDir dir;
  make_shard(dir / "a", {"a1"});
  byline::test::write_file(dir / "one.stub", "auto a\n");
  for (const OpenMode mode : {OpenMode::read_write, OpenMode::create_or_open}) {
    const std::string message =
        error_of([&] { (void)Index::open(dir / "one.stub", byline::test::options_for(mode)); },
                 Error::Kind::invalid_argument);
    CHECK(message.find("is made of shards") != std::string::npos);
  }
  // Nothing was written: the shard still opens for writing, unlocked.
  CHECK(Index::open(dir / "a", byline::test::options_for(OpenMode::read_write)).writable());
}
