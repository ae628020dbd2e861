// The alias table reaches readers in two forms written in one commit: the
// synonym table, and metadata, which is what the remote backend serves
// (engine/alias_table.hpp). An index made before the metadata form still
// expands aliases, and its next writer stores them so.
#include "engine/alias_table.hpp"

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "engine/schema.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using byline::detail::AliasTable;

namespace {

void add_articles(byline::Writer& writer) {
  const char* bodies[] = {"Daesh fighters held the town.", "ISIL fighters held the road.",
                          "The Islamic State in Iraq and the Levant held the bridge.",
                          "The weather held."};
  int n = 0;
  for (const char* body : bodies) {
    byline::Article a;
    a.id = "a" + std::to_string(++n);
    a.title = "Report " + a.id;
    a.body = body;
    (void)writer.add(a);
  }
}

const std::vector<std::vector<std::string>> kGroups = {
    {"ISIS", "ISIL", "Daesh", "Islamic State in Iraq and the Levant"}, {"Fuad Masum", "Massoum"}};

// What an index made before the metadata form holds: the synonym table alone.
void forget_stored_aliases(const fs::path& index) {
  Xapian::WritableDatabase db(index.string());
  db.set_metadata(std::string(byline::schema::metadata::kAliases), "");
  db.set_metadata(std::string(byline::schema::metadata::kAliasesDigest), "");
  db.commit();
}

std::size_t total(const fs::path& index, const char* query) {
  return byline::Searcher(byline::Index::open(index)).search(query).total;
}

}  // namespace

TEST_CASE("aliases are stored as metadata too, the same table as the synonym table") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    // A new index stores an empty table: a reader over remote shards can
    // tell "no aliases" from "aliases it cannot see".
    CHECK_FALSE(AliasTable::stored_digest(Xapian::Database((dir / "idx").string())).empty());
    byline::Writer writer(index);
    add_articles(writer);
    CHECK(writer.set_aliases(kGroups) == 6);
    writer.commit();
  }
  const Xapian::Database db((dir / "idx").string());
  const auto stored = AliasTable::stored(db);
  REQUIRE(stored);
  CHECK(stored->entries() == AliasTable::from_synonyms(db).entries());
  CHECK(stored->others("daesh") ==
        std::vector<std::string>{"isil", "isis", "islamic state in iraq and the levant"});
  CHECK(stored->others("weather").empty());
  CHECK(total(dir / "idx", "daesh") == 3);

  // Replacing the aliases replaces both forms, and the fingerprint.
  const std::string before = AliasTable::stored_digest(db);
  {
    auto index =
        byline::Index::open(dir / "idx", byline::test::options_for(byline::OpenMode::read_write));
    byline::Writer writer(index);
    (void)writer.set_aliases({{"Daesh", "ISIL"}});
    writer.commit();
  }
  const Xapian::Database again((dir / "idx").string());
  CHECK(AliasTable::stored_digest(again) != before);
  CHECK(AliasTable::stored(again)->entries() == AliasTable::from_synonyms(again).entries());
  CHECK(total(dir / "idx", "daesh") == 2);
}

TEST_CASE("aliases kept in the synonym table alone still expand, and the next commit stores them") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    add_articles(writer);
    (void)writer.set_aliases(kGroups);
    writer.commit();
  }
  forget_stored_aliases(dir / "idx");
  CHECK_FALSE(AliasTable::stored(Xapian::Database((dir / "idx").string())));
  CHECK(total(dir / "idx", "daesh") == 3);
  {
    auto index =
        byline::Index::open(dir / "idx", byline::test::options_for(byline::OpenMode::read_write));
    byline::Writer writer(index);
    byline::Article a;
    a.id = "late";
    a.title = "Late";
    a.body = "Daesh again.";
    (void)writer.add(a);
    writer.commit();
  }
  const Xapian::Database db((dir / "idx").string());
  const auto stored = AliasTable::stored(db);
  REQUIRE(stored);
  CHECK(stored->entries() == AliasTable::from_synonyms(db).entries());
  CHECK(total(dir / "idx", "daesh") == 4);
}

TEST_CASE("a stored alias table byline did not write is reported as damage") {
  byline::test::TempDir dir;
  (void)byline::test::create_index(dir / "idx");
  {
    Xapian::WritableDatabase db((dir / "idx").string());
    db.set_metadata(std::string(byline::schema::metadata::kAliases), "daesh\tisil\n");
    db.commit();
  }
  try {
    (void)total(dir / "idx", "daesh");
    FAIL("a damaged alias table was read");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::corrupt);
    CHECK(std::string(e.what()).find("byline.aliases") != std::string::npos);
  }
}
