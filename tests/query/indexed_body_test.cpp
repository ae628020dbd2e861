// Snippets from what the index knows: the highlighter analyses only the
// stretches of a body around the matches (query/indexed_body.hpp) and must
// find exactly what analysing the whole body finds.
#include "query/indexed_body.hpp"

#include <doctest/doctest.h>
#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "engine/document_codec.hpp"
#include "engine/sentences.hpp"
#include "query/compiler.hpp"
#include "query/highlighter.hpp"
#include "query/parser.hpp"
#include "test_support.hpp"

namespace {

using byline::detail::HighlightQuery;
using byline::detail::IndexedBody;
using byline::detail::TextField;

// The seed corpus with its manifest, plus an article whose body has
// "e-mail" but no "email".
class SeedIndex {
 public:
  SeedIndex() {
    auto index = byline::test::create_index(dir_ / "idx");
    byline::Writer writer(index);
    byline::IngestOptions options;
    options.manifest = byline::test::corpus_dir() / "manifest.jsonl";
    (void)byline::ingest(writer, {byline::test::corpus_dir().string()}, options);
    byline::Article a;
    a.id = "mail";
    a.title = "Letters";
    for (int k = 0; k < 40; ++k)
      a.body += "Readers wrote to us. ";
    a.body += "Send an e-mail to the editor, whose email inbox is full.";
    writer.add(a);
    writer.commit();
  }

  [[nodiscard]] std::filesystem::path path() const { return dir_ / "idx"; }

 private:
  byline::test::TempDir dir_;
};

const SeedIndex& seed_index() {
  static const SeedIndex instance;
  return instance;
}

struct Hits {
  HighlightQuery how;
  std::vector<std::string> bodies;
  std::vector<std::optional<IndexedBody>> indexed;
};

// Every hit of `query` with what the index knows of its body.
Hits hits(std::string_view query) {
  Xapian::Database db(seed_index().path().string());
  byline::Analyzer analyzer;
  const auto compiled = byline::detail::compile_query(
      byline::detail::parse_query(query, byline::detail::DefaultJoin::any), db, analyzer, {});
  Hits out;
  out.how = {compiled.matches, compiled.nears};
  Xapian::Enquire enquire(db);
  enquire.set_query(compiled.query);
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  std::vector<Xapian::docid> docids;
  std::vector<std::optional<std::string>> body_resumes;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    docids.push_back(*it);
    auto stored = byline::detail::decode_stored_article(it.get_document().get_data());
    REQUIRE(stored.body_resume);  // index format 3 stores them with every article
    out.bodies.push_back(std::move(stored.article.body));
    body_resumes.push_back(std::move(stored.body_resume));
  }
  out.indexed = byline::detail::IndexedBodyReader(compiled.matches).read(db, docids, body_resumes);
  return out;
}

}  // namespace

TEST_CASE("the stretches around the matches hold every occurrence whole analysis finds") {
  byline::Analyzer analyzer;
  byline::detail::Highlighter highlighter(analyzer);
  const std::vector<std::string> queries{"pledge",
                                         "ISIL",
                                         "coalition OR iraq OR french",
                                         "\"by any means necessary\"",
                                         "iraq NEAR/5 coalition",
                                         "coal*",
                                         "qaeda",
                                         "body:islamic state",
                                         "Hollande~",
                                         "Daesh",
                                         "title:pledge support"};
  const auto sentences = byline::detail::make_sentence_iterator();
  std::size_t partial = 0;
  for (const std::string& query : queries) {
    CAPTURE(query);
    const Hits found = hits(query);
    REQUIRE_FALSE(found.bodies.empty());
    for (std::size_t k = 0; k < found.bodies.size(); ++k) {
      const std::string& body = found.bodies[k];
      REQUIRE(found.indexed[k]);
      // The sentences the highlighter would find, found once at indexing.
      REQUIRE(found.indexed[k]->sentences);
      CHECK(*found.indexed[k]->sentences == byline::detail::sentence_boundaries(*sentences, body));
      const auto tokens = byline::detail::tokens_around_matches(analyzer, body, *found.indexed[k]);
      REQUIRE(tokens);
      const auto whole =
          byline::detail::find_occurrences(analyzer.analyze(body), found.how, TextField::body);
      const auto around = byline::detail::find_occurrences(*tokens, found.how, TextField::body);
      REQUIRE(byline::detail::merged_spans(around) == byline::detail::merged_spans(whole));
      REQUIRE(around.size() == whole.size());
      // Far fewer words analysed than the body has, when the matches are few.
      if (tokens->size() * 2 < analyzer.analyze(body).size())
        ++partial;
      const auto fast = highlighter.snippets(body, found.how, 3, 150, &*found.indexed[k]);
      const auto slow = highlighter.snippets(body, found.how, 3, 150);
      REQUIRE(fast.size() == slow.size());
      for (std::size_t s = 0; s < fast.size(); ++s) {
        CHECK(fast[s].text == slow[s].text);
        CHECK(fast[s].highlights == slow[s].highlights);
      }
    }
  }
  CHECK(partial >= 10);
}

TEST_CASE("what positions cannot show makes the whole body analysed") {
  // "e-mail" is indexed as "e", "mail" and the joined "email", which has no
  // position: the article must not lose its "e-mail" highlight.
  const Hits email = hits("email");
  std::size_t compounds = 0;
  for (std::size_t k = 0; k < email.bodies.size(); ++k) {
    if (email.bodies[k].find("e-mail") != std::string::npos) {
      CHECK_FALSE(email.indexed[k]);
      ++compounds;
    }
  }
  CHECK(compounds >= 1);  // the article above, and a seed article
  // Exact forms have no positions.
  const Hits exact = hits("=pledged");
  REQUIRE_FALSE(exact.bodies.empty());
  for (const auto& indexed : exact.indexed)
    CHECK_FALSE(indexed);
}

TEST_CASE("positions that do not match the text are caught, not trusted") {
  byline::Analyzer analyzer;
  const Hits found = hits("pledge");
  REQUIRE_FALSE(found.bodies.empty());
  IndexedBody wrong = *found.indexed.front();
  auto& positions = wrong.positions.at("pledg");
  REQUIRE_FALSE(positions.empty());
  positions.front() += 1;
  CHECK_FALSE(byline::detail::tokens_around_matches(analyzer, found.bodies.front(), wrong));
  // The body changed since it was indexed: its resume points lead astray.
  CHECK_FALSE(byline::detail::tokens_around_matches(analyzer, "x " + found.bodies.front(),
                                                    *found.indexed.front()));
}

TEST_CASE("sentence boundaries that cannot be the text's are not used") {
  byline::Analyzer analyzer;
  byline::detail::Highlighter highlighter(analyzer);
  const Hits found = hits("coalition");
  // A body with a character of more than one byte (curly quotes), to put a
  // boundary inside.
  std::size_t which = 0;
  std::optional<std::size_t> inside;
  for (; which < found.bodies.size() && !inside; ++which) {
    const std::string& candidate = found.bodies[which];
    for (std::size_t at = 0; at < candidate.size() && !inside; ++at) {
      if ((static_cast<unsigned char>(candidate[at]) & 0xC0) == 0x80)
        inside = at;
    }
  }
  REQUIRE(inside.has_value());  // the seed articles have curly quotes
  --which;
  const std::string& body = found.bodies[which];
  const auto slow = highlighter.snippets(body, found.how, 2, 150);
  REQUIRE_FALSE(slow.empty());
  // Past the end, at the start (never a stored one), inside a character.
  const std::vector<std::vector<std::uint32_t>> damaged{
      {static_cast<std::uint32_t>(body.size()) + 10}, {0}, {static_cast<std::uint32_t>(*inside)}};
  for (const auto& sentences : damaged) {
    CAPTURE(sentences.front());
    IndexedBody indexed = *found.indexed[which];
    indexed.sentences = sentences;
    const auto fast = highlighter.snippets(body, found.how, 2, 150, &indexed);
    REQUIRE(fast.size() == slow.size());
    for (std::size_t s = 0; s < fast.size(); ++s)
      CHECK(fast[s].text == slow[s].text);
  }
}

TEST_CASE("resume points of articles stored before index format 3 are read from their value") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    byline::Article a;
    a.id = "old";
    for (int k = 0; k < 30; ++k)
      a.body += "The coalition met again. ";
    writer.add(a);
    writer.commit();
  }
  std::string resume;
  {
    // As format 2 kept them: in value slot 5, not with the article, and
    // without sentences.
    Xapian::WritableDatabase db((dir / "idx").string());
    Xapian::Document doc = db.get_document(1);
    resume = *byline::detail::decode_stored_article(doc.get_data()).body_resume;
    auto points = byline::detail::decode_body_resume(resume);
    REQUIRE(points);
    REQUIRE(points->sentences);
    points->sentences.reset();
    doc.add_value(5, byline::detail::encode_body_resume(*points));
    db.replace_document(1, doc);
    db.commit();
  }
  Xapian::Database db((dir / "idx").string());
  byline::Analyzer analyzer;
  const auto compiled = byline::detail::compile_query(
      byline::detail::parse_query("coalition", byline::detail::DefaultJoin::any), db, analyzer, {});
  const byline::detail::IndexedBodyReader reader(compiled.matches);
  const auto from_value = reader.read(db, {1}, {std::nullopt});
  REQUIRE(from_value.size() == 1);
  REQUIRE(from_value[0]);
  const auto from_article = reader.read(db, {1}, {resume});
  REQUIRE(from_article[0]);
  CHECK(from_value[0]->resume == from_article[0]->resume);
  CHECK(from_value[0]->positions == from_article[0]->positions);
  CHECK_FALSE(from_value[0]->sentences);
  CHECK(from_article[0]->sentences);
  // Without stored sentences the highlighter finds them itself: same snippets.
  byline::detail::Highlighter highlighter(analyzer);
  const std::string body = byline::detail::decode_article(db.get_document(1).get_data()).body;
  const byline::detail::HighlightQuery how{compiled.matches, compiled.nears};
  const auto with_value = highlighter.snippets(body, how, 2, 60, &*from_value[0]);
  const auto with_article = highlighter.snippets(body, how, 2, 60, &*from_article[0]);
  const auto whole = highlighter.snippets(body, how, 2, 60);
  REQUIRE(with_value.size() == whole.size());
  REQUIRE(with_article.size() == whole.size());
  for (std::size_t s = 0; s < whole.size(); ++s) {
    CHECK(with_value[s].text == whole[s].text);
    CHECK(with_article[s].text == whole[s].text);
  }
  // Neither: the whole body is analysed.
  CHECK_FALSE(reader.read(db, {1}, {std::string()})[0]);
}
