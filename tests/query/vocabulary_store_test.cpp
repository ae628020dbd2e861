// The vocabulary store (engine/vocabulary_store.hpp): fuzzy words, "did you
// mean" and wildcards read from it give exactly what walking Xapian's term
// list gives, through later commits, replaced and removed articles, an
// index made before the store or changed by a program that does not keep
// it, a shard build and a compacted copy.
#include "engine/vocabulary_store.hpp"

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "engine/schema.hpp"
#include "query/vocabulary.hpp"
#include "query/vocabulary_cache.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using byline::detail::expand_wildcard;
using byline::detail::fuzzy_matches;
using byline::detail::stored_vocabulary;

// Words of 2 to 10 characters: mostly of a few letters, so that many are
// close to each other, some with two-byte letters or digits (which sort
// before every prefixed term, where the others sort after).
std::vector<std::string> random_words(std::mt19937& random, std::size_t count) {
  static const std::vector<std::string> letters = {"a", "b", "d", "e", "i", "m", "n", "o",
                                                   "r", "s", "t", "é", "ü", "3", "7"};
  std::vector<std::string> words;
  for (std::size_t k = 0; k < count; ++k) {
    std::string word;
    const std::size_t length = 2 + random() % 9;
    for (std::size_t c = 0; c < length; ++c) {
      // Two-byte letters and digits one time in eight.
      const std::size_t pick = random() % 8 == 0 ? random() % letters.size() : random() % 11;
      word += letters[pick];
    }
    words.push_back(word);
  }
  return words;
}

// Articles of `words`, twelve to an article, with ids from `first_id` on.
std::vector<byline::Article> articles_of(const std::vector<std::string>& words, int first_id) {
  std::vector<byline::Article> articles;
  for (std::size_t k = 0; k < words.size(); k += 12) {
    byline::Article article;
    article.id = "a" + std::to_string(first_id + static_cast<int>(k / 12));
    article.title = words[k];
    for (std::size_t w = k; w < std::min(k + 12, words.size()); ++w)
      article.body += words[w] + " ";
    articles.push_back(article);
  }
  return articles;
}

void add_and_commit(byline::Writer& writer, const std::vector<byline::Article>& articles) {
  for (const auto& article : articles)
    writer.add(article);
  writer.commit();
}

// An empty database beside the index makes a database of two shards, which
// has no revision: every look-up in it walks the term list, as before the
// store, over the same terms with the same frequencies.
struct Walk {
  byline::test::TempDir dir;
  Walk() { Xapian::WritableDatabase((dir / "empty").string(), Xapian::DB_CREATE).close(); }

  [[nodiscard]] Xapian::Database of(const fs::path& index) const {
    Xapian::Database db(index.string());
    db.add_database(Xapian::Database((dir / "empty").string()));
    return db;
  }
};

bool store_in_use(const fs::path& index) {
  return stored_vocabulary(Xapian::Database(index.string())).has_value();
}

// Every exact-form term of the index is in its store, once.
void check_store_holds_every_word(const fs::path& index) {
  const Xapian::Database db(index.string());
  const auto stored = stored_vocabulary(db);
  REQUIRE(stored);
  const byline::detail::WordList all = byline::detail::exact_terms(db);
  std::size_t missing = 0, twice = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const bool in_main = stored->main->contains(all[i]);
    const bool in_delta = stored->delta->contains(all[i]);
    missing += in_main || in_delta ? 0 : 1;
    twice += in_main && in_delta ? 1 : 0;
  }
  CHECK(all.size() > 0);
  CHECK(missing == 0);
  CHECK(twice == 0);
}

// Words near those of the index (one or two edits away, or the same), and
// `extra` words.
std::vector<std::string> probes_near(const fs::path& index, std::mt19937& random,
                                     const std::vector<std::string>& extra) {
  const byline::detail::WordList all =
      byline::detail::exact_terms(Xapian::Database(index.string()));
  std::vector<std::string> probes = extra;
  const std::string letters = "abdeimnorst";
  for (int k = 0; k < 40; ++k) {
    std::string word(all[random() % all.size()]);
    for (int edits = k % 3; edits > 0 && !word.empty(); --edits) {
      const std::size_t at = random() % word.size();
      switch (random() % 3) {
        case 0:
          word[at] = letters[random() % letters.size()];
          break;
        case 1:
          word.insert(at, 1, letters[random() % letters.size()]);
          break;
        default:
          word.erase(at, 1);
      }
    }
    probes.push_back(word);
  }
  return probes;
}

// Fuzzy words and wildcards: the same answers from the store as from the
// walk, for every distance and several limits (the store's answer stops
// confirming words once the limit is reached).
void check_same_as_walk(const fs::path& index, const Walk& walk,
                        const std::vector<std::string>& probes) {
  const Xapian::Database db(index.string());
  const Xapian::Database walked = walk.of(index);
  for (const std::string& probe : probes) {
    for (unsigned distance = 0; distance <= 2; ++distance) {
      for (const std::size_t limit : {std::size_t{1}, std::size_t{50}, std::size_t{100000}}) {
        CAPTURE(probe);
        CAPTURE(distance);
        CAPTURE(limit);
        CHECK(fuzzy_matches(db, probe, distance, limit) ==
              fuzzy_matches(walked, probe, distance, limit));
      }
    }
  }
  for (const std::string pattern : {"*st", "?o*", "a*e", "*é*", "m?n*", "*3", "??", "t*s?"}) {
    CAPTURE(pattern);
    CHECK(expand_wildcard(db, pattern, 100000, 0) == expand_wildcard(walked, pattern, 100000, 0));
    // Past the cap: both refuse.
    bool store_refused = false, walk_refused = false;
    try {
      (void)expand_wildcard(db, pattern, 3, 0);
    } catch (const byline::Error&) {
      store_refused = true;
    }
    try {
      (void)expand_wildcard(walked, pattern, 3, 0);
    } catch (const byline::Error&) {
      walk_refused = true;
    }
    CHECK(store_refused == walk_refused);
  }
}

std::size_t delta_words(const fs::path& index) {
  const auto delta = byline::detail::read_vocabulary_delta(Xapian::Database(index.string()));
  REQUIRE(delta);
  return delta->words.size();
}

}  // namespace

TEST_CASE("vocabulary store: later commits, replaced and removed articles, as the walk") {
  byline::test::TempDir dir;
  const Walk walk;
  const fs::path path = dir / "idx";
  std::mt19937 random(7);
  auto index = byline::test::create_index(path);
  byline::Writer writer(index);

  add_and_commit(writer, articles_of(random_words(random, 3000), 0));
  CHECK(store_in_use(path));
  check_store_holds_every_word(path);
  check_same_as_walk(path, walk, probes_near(path, random, {"monster", "zzzz", "9"}));

  // A few new words: into the delta, main kept (and not read again).
  const Xapian::Database before(path.string());
  const auto main_before = stored_vocabulary(before)->main;
  add_and_commit(writer, articles_of({"zyzzyva", "zyzzyvas", "quixotic", "quixotry"}, 1000));
  CHECK(delta_words(path) == 4);
  const Xapian::Database after(path.string());
  CHECK(stored_vocabulary(after)->main == main_before);
  check_store_holds_every_word(path);
  check_same_as_walk(path, walk, probes_near(path, random, {"zyzzyvb", "quixotc", "quixtory"}));

  // Articles replaced and removed: their words stay in the store, but no
  // look-up returns them.
  byline::Article replaced;
  replaced.id = "a1000";
  replaced.body = "placid pellucid";
  writer.add(replaced);
  CHECK(writer.remove("a1"));
  CHECK(writer.remove("a2"));
  writer.commit();
  check_store_holds_every_word(path);
  CHECK(fuzzy_matches(Xapian::Database(path.string()), "zyzzyva", 1, 10).empty());
  check_same_as_walk(path, walk, probes_near(path, random, {"zyzzyva", "quixotic", "pelucid"}));

  // Many new words: the delta outgrows its share and is merged into main.
  add_and_commit(writer, articles_of(random_words(random, 6000), 2000));
  CHECK(delta_words(path) == 0);
  check_store_holds_every_word(path);
  check_same_as_walk(path, walk, probes_near(path, random, {}));

  // A commit that adds nothing keeps the store current.
  writer.commit();
  CHECK(store_in_use(path));
}

TEST_CASE("vocabulary store: without one, or a stale one, the walk, until a writer's commit") {
  byline::test::TempDir dir;
  const Walk walk;
  const fs::path path = dir / "idx";
  std::mt19937 random(11);
  {
    auto index = byline::test::create_index(path);
    byline::Writer writer(index);
    add_and_commit(writer, articles_of(random_words(random, 2000), 0));
  }
  {
    // As an index made before the store.
    Xapian::WritableDatabase db(path.string());
    db.set_metadata(std::string(byline::schema::metadata::kVocabularyMain), "");
    db.set_metadata(std::string(byline::schema::metadata::kVocabularyDelta), "");
    db.commit();
  }
  CHECK_FALSE(store_in_use(path));
  check_same_as_walk(path, walk, probes_near(path, random, {}));
  {
    auto index = byline::Index::open(path, byline::test::options_for(byline::OpenMode::read_write));
    byline::Writer writer(index);
    add_and_commit(writer, articles_of({"zyzzyva"}, 5000));
  }
  CHECK(store_in_use(path));
  check_store_holds_every_word(path);
  check_same_as_walk(path, walk, probes_near(path, random, {"zyzzyvb"}));

  {
    // As an older byline would: an article replaced by one with a new word,
    // the store left as it was.
    Xapian::WritableDatabase db(path.string());
    Xapian::Document document;
    document.add_term("Qa0");
    document.add_term("quixotic");
    db.replace_document("Qa0", document);
    db.commit();
  }
  CHECK_FALSE(store_in_use(path));
  CHECK(fuzzy_matches(Xapian::Database(path.string()), "quixotc", 1, 10).size() == 1);
  check_same_as_walk(path, walk, probes_near(path, random, {"quixotc"}));
  {
    // The next commit of a byline writer, even of nothing, builds it anew.
    auto index = byline::Index::open(path, byline::test::options_for(byline::OpenMode::read_write));
    byline::Writer writer(index);
    writer.commit();
  }
  CHECK(store_in_use(path));
  check_store_holds_every_word(path);
  {
    // A damaged store counts as none.
    Xapian::WritableDatabase db(path.string());
    std::string delta = db.get_metadata(std::string(byline::schema::metadata::kVocabularyDelta));
    delta.resize(delta.size() - 3);
    db.set_metadata(std::string(byline::schema::metadata::kVocabularyDelta), delta);
    db.commit();
  }
  CHECK_FALSE(store_in_use(path));
  check_same_as_walk(path, walk, probes_near(path, random, {}));
}

TEST_CASE("vocabulary store: a shard build and a compacted copy have one, as the walk") {
  byline::test::TempDir dir;
  const Walk walk;
  const fs::path path = dir / "idx";
  std::mt19937 random(5);
  const fs::path input = dir / "articles.jsonl";
  {
    std::ofstream out(input);
    for (const byline::Article& article : articles_of(random_words(random, 4000), 0)) {
      out << R"({"id": ")" << article.id << R"(", "title": ")" << article.title << R"(", "body": ")"
          << article.body << "\"}\n";
    }
  }
  {
    auto index = byline::test::create_index(path);
    byline::Writer writer(index);
    byline::IngestOptions options;
    options.threads = 2;
    options.shards = true;
    options.segment_size = 100;  // several databases a shard
    const auto summary = byline::ingest(writer, {input.string()}, options);
    REQUIRE(summary.indexed == 334);
  }
  CHECK(store_in_use(path));
  check_store_holds_every_word(path);
  check_same_as_walk(path, walk, probes_near(path, random, {}));

  // xapian-compact copies the metadata into a database with a new uuid, at
  // revision 1: the store still describes it.
  const fs::path copy = dir / "compacted";
  Xapian::Database(path.string()).compact(copy.string());
  CHECK(store_in_use(copy));
  check_same_as_walk(copy, walk, probes_near(copy, random, {}));
  {
    // Then a later commit there by a writer that does not keep the store.
    Xapian::WritableDatabase db(copy.string());
    Xapian::Document document;
    document.add_term("quixotic");
    db.add_document(document);
    db.commit();
  }
  CHECK_FALSE(store_in_use(copy));
  check_same_as_walk(copy, walk, probes_near(copy, random, {"quixotc"}));

  // Articles added to the shard-built index later, batch by batch.
  {
    auto index = byline::Index::open(path, byline::test::options_for(byline::OpenMode::read_write));
    byline::Writer writer(index);
    add_and_commit(writer, articles_of({"zyzzyva", "quixotic"}, 9000));
  }
  CHECK(store_in_use(path));
  CHECK(delta_words(path) == 2);
  check_store_holds_every_word(path);
  check_same_as_walk(path, walk, probes_near(path, random, {"zyzzyvb", "quixotc"}));
}

TEST_CASE("vocabulary store: did you mean reads it, with the walk's suggestion") {
  byline::test::TempDir dir;
  const fs::path path = dir / "idx";
  {
    auto index = byline::test::create_index(path);
    byline::Writer writer(index);
    byline::Article article;
    article.id = "k";
    article.body = "Kerry met Khamenei in Tehran";
    writer.add(article);
    writer.commit();
  }
  CHECK(store_in_use(path));
  auto index = byline::Index::open(path);
  byline::Searcher searcher(index);
  CHECK(searcher.search("Khamenie").suggestion == "khamenei");
  CHECK(searcher.search("Kerry tehrna").suggestion == "Kerry tehran");
}
