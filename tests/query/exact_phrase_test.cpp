// Exact phrases (="officials said") in an index with exact-form positions
// (format 5) are matched on positions; an index without them checks each
// candidate against its stored text. Both must find the same articles, for
// every kind of word: one that differs from its stem ("officials"), one
// that is its own stem ("said"), one whose stem other words of the article
// share ("run" beside "running", "he" beside "he's"), compounds, elisions,
// accents, and words of every language the corpora hold.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using IdSet = std::set<std::string>;

fs::path fixture(std::string_view path) {
  return fs::path(BYLINE_SOURCE_DIR) / "tests" / "fixtures" / path;
}

// Articles written to meet every case the positions must tell apart.
std::vector<byline::Article> trap_articles() {
  std::vector<byline::Article> out;
  const auto add = [&](std::string id, std::string lang, std::string title, std::string body) {
    byline::Article a;
    a.id = std::move(id);
    a.lang = std::move(lang);
    a.title = std::move(title);
    a.body = std::move(body);
    out.push_back(std::move(a));
  };
  add("run-1", "en", "Running the run",
      "They run every day. Running is what he's good at, he said. The run ended when the "
      "runners ran home.");
  add("run-2", "en", "A run", "He said the run was long, and the runs were longer.");
  add("run-3", "en", "Runs", "Running the numbers, officials said the runs were down.");
  add("report-1", "en", "Report on reports",
      "The report said the reports were late. Reporting the report took a week.");
  add("report-2", "en", "Officials report", "Officials said reports were late.");
  add("mail-1", "en", "E-mail and email",
      "The e-mail said the email server was down; co-operation and cooperation failed.");
  add("he-1", "en", "He said", "He's here, he said, and he's staying. He said so twice.");
  add("fr-1", "fr", "L'Irak et les inondations",
      "L'Irak a subi des inondations. Les inondations ont touché l'Irak du nord, dit-il.");
  add("es-1", "es", "Inundación en Valencia",
      "La inundación afectó a Valencia. Las inundaciones siguen; la inundacion del río.");
  add("de-1", "de", "Die Häuser", "Die Häuser und das Haus standen am Fluss. Das Haus steht.");
  add("mixed-1", "en", "The bus station",
      "The bus and the buses left the station. Bus drivers said the bus was late.");
  add("mixed-2", "fr", "Le bus de la gare", "Le bus et les bus partent de la gare.");
  return out;
}

// The index of the seed articles, the multilingual corpus and the traps,
// built once; and a copy without the exact-form positions' mark, which
// checks every exact phrase against the stored text as an older index does.
class Indexes {
 public:
  Indexes() {
    {
      auto index = byline::test::create_index(positional());
      byline::Writer writer(index);
      byline::ingest(writer, {byline::test::corpus_dir().string(),
                              fixture("multilingual/articles.jsonl").string()});
      for (const byline::Article& a : trap_articles())
        writer.add(a);
      writer.commit();
    }
    fs::copy(positional(), stored_text(), fs::copy_options::recursive);
    Xapian::WritableDatabase db(stored_text().string());
    REQUIRE(db.get_metadata("byline.exact_positions") == "1");
    db.set_metadata("byline.exact_positions", "");
    db.commit();
  }
  [[nodiscard]] fs::path positional() const { return dir_ / "positions"; }
  [[nodiscard]] fs::path stored_text() const { return dir_ / "text"; }
  // The same articles in two shards: an index made of shards.
  [[nodiscard]] fs::path two_shards() const {
    if (fs::exists(dir_ / "shards" / "XAPIANDB"))
      return dir_ / "shards";
    return byline::test::split_into_shards(positional(), dir_ / "shards", 2);
  }

 private:
  byline::test::TempDir dir_;
};

const Indexes& indexes() {
  static const Indexes instance;
  return instance;
}

struct Answer {
  IdSet ids;
  std::size_t total = 0;
  std::string explanation;
};

// A Searcher on each index, kept for all the queries here.
byline::Searcher& searcher_on(const fs::path& path) {
  static std::map<fs::path, byline::Searcher> searchers;
  auto it = searchers.find(path);
  if (it == searchers.end())
    it = searchers.emplace(path, byline::Searcher(byline::Index::open(path))).first;
  return it->second;
}

Answer search(const fs::path& path, const std::string& query) {
  byline::Searcher& searcher = searcher_on(path);
  byline::SearchOptions options;
  options.limit = 1000;
  const auto results = searcher.search(query, options);
  Answer answer;
  answer.total = results.total;
  for (const auto& hit : results.hits)
    answer.ids.insert(hit.id);
  answer.explanation = searcher.explain(query).xapian_query;
  return answer;
}

// Phrases of two and three words as the articles hold them: the exact
// forms of consecutive words, from every article's title and body, in the
// article's language.
struct Phrase {
  std::string text;
  // Typed back, it reads as the same words (not so for some text of Thai,
  // whose normalized forms segment otherwise): it finds its article.
  bool reads_back = false;
};

std::vector<Phrase> phrases_of_the_articles() {
  auto index = byline::Index::open(indexes().positional());
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 10000;
  byline::Analyzer analyzer(index.analyzer_settings());
  const auto words_of = [&](const std::string& text, const std::string& lang) {
    std::vector<std::string> words;
    for (const byline::Token& token : analyzer.analyze(text, lang)) {
      if (!token.joined)
        words.push_back(token.term);
    }
    return words;
  };
  std::vector<Phrase> phrases;
  for (const auto& hit : searcher.search("*", options).hits) {
    const auto article = searcher.article(hit.id);
    REQUIRE(article);
    for (const std::string* text : {&article->title, &article->body}) {
      const std::vector<std::string> words = words_of(*text, hit.lang);
      // Some places of each text: the same number whatever its length.
      const std::size_t step = std::max<std::size_t>(1, words.size() / 6);
      for (std::size_t k = 0; k + 1 < words.size(); k += step) {
        std::vector<std::string> phrase{words[k], words[k + 1]};
        if (k + 2 < words.size() && k % 2 == 0)
          phrase.push_back(words[k + 2]);
        std::string text_of_phrase;
        for (const std::string& word : phrase)
          text_of_phrase += (text_of_phrase.empty() ? "" : " ") + word;
        phrases.push_back({text_of_phrase, words_of(text_of_phrase, hit.lang) == phrase});
      }
    }
  }
  return phrases;
}

}  // namespace

TEST_CASE("exact phrases: positions find what the stored text holds, in every field and language") {
  const auto phrases = phrases_of_the_articles();
  REQUIRE(phrases.size() > 500);
  std::size_t compared = 0;
  for (const Phrase& phrase : phrases) {
    for (const std::string field : {"", "title:", "body:"}) {
      const std::string query = field + "=\"" + phrase.text + "\"";
      CAPTURE(query);
      const Answer on_positions = search(indexes().positional(), query);
      const Answer in_text = search(indexes().stored_text(), query);
      CHECK(on_positions.ids == in_text.ids);
      CHECK(on_positions.total == in_text.total);
      if (field.empty() && phrase.reads_back) {
        // Taken from an article's text: it finds that article at least.
        CHECK(on_positions.total >= 1);
      }
      ++compared;
    }
  }
  MESSAGE(compared << " exact phrases compared");
}

// Xapian gives each shard a clone of a query's PostingSource; the exact
// phrase's check keeps cursors on posting lists between documents, which a
// clone once shared with the others: a shard's matches then read the
// previous shard's postings, and went missing.
TEST_CASE("exact phrases: an index of two shards finds what one index finds") {
  const auto phrases = phrases_of_the_articles();
  const fs::path stub = indexes().two_shards();
  std::size_t compared = 0;
  std::size_t found = 0;
  for (std::size_t k = 0; k < phrases.size(); k += 3) {
    for (const std::string field : {"", "title:", "body:"}) {
      const std::string query = field + "=\"" + phrases[k].text + "\"";
      CAPTURE(query);
      const Answer one = search(indexes().positional(), query);
      const Answer shards = search(stub, query);
      CHECK(shards.ids == one.ids);
      CHECK(shards.total == one.total);
      found += one.total;
      ++compared;
    }
  }
  CHECK(found > compared / 2);
  MESSAGE(compared << " exact phrases compared with two shards");
}

TEST_CASE("exact phrases: the words that share a stem are told apart") {
  const auto found = [](const std::string& query) {
    return search(indexes().positional(), query).ids;
  };
  // "run" is its own stem and shares it with "running", "runs".
  // (The seed articles hold "the run-up": only the traps' ids are looked at.)
  const IdSet the_run = found("=\"the run\"");
  CHECK(the_run.contains("run-1"));
  CHECK(the_run.contains("run-2"));
  CHECK_FALSE(the_run.contains("run-3"));
  CHECK(found("=\"running the\"") == IdSet{"run-1", "run-3"});
  CHECK(found("=\"they run\"") == IdSet{"run-1"});
  CHECK(found("\"they run\"") == IdSet{"run-1"});
  CHECK(found("=\"the runs\"") == IdSet{"run-2", "run-3"});
  // "he" beside "he's" (stem "he").
  CHECK(found("=\"he said\"").contains("he-1"));
  CHECK(found("=\"he's here\"") == IdSet{"he-1"});
  CHECK(found("=\"he here\"").empty());
  // Own stem and a differing word in one phrase.
  CHECK(found("=\"officials said\"").contains("report-2"));
  CHECK(found("=\"officials said\"").contains("run-3"));
  CHECK(found("=\"report said\"") == IdSet{"report-1"});
  CHECK(found("=\"the report said\"") == IdSet{"report-1"});
  CHECK(found("=\"the reports were\"") == IdSet{"report-1"});
  // A compound's joined form has no position: "email server" is written
  // as one word in mail-1, "e-mail said" as two.
  CHECK(found("=\"email server\"") == IdSet{"mail-1"});
  CHECK(found("=\"e mail said\"") == IdSet{"mail-1"});
  CHECK(found("=\"email said\"").empty());
  // Fields.
  CHECK(found("title:=\"report on reports\"") == IdSet{"report-1"});
  CHECK(found("body:=\"report on reports\"").empty());
  CHECK(found("title:=\"the report said\"").empty());
  // Other languages: elision, accents, and a word that is its own stem in
  // one language and not in another.
  CHECK(found("=\"l'irak du nord\"") == IdSet{"fr-1"});
  CHECK(found("=\"les inondations\"") == IdSet{"fr-1"});
  CHECK(found("=\"la inundacion\"") == IdSet{"es-1"});
  CHECK(found("=\"das haus\"") == IdSet{"de-1"});
  CHECK(found("=\"the bus\"") == IdSet{"mixed-1"});
  CHECK(found("=\"le bus\"") == IdSet{"mixed-2"});
  CHECK(found("=\"les bus\"") == IdSet{"mixed-2"});
  CHECK(found("=\"the buses\"") == IdSet{"mixed-1"});
}

TEST_CASE("exact phrases: an index with exact-form positions does not read the stored text") {
  const Answer positional = search(indexes().positional(), "=\"officials said\"");
  CHECK(positional.explanation.find("stored text") == std::string::npos);
  const Answer own_stems = search(indexes().positional(), "=\"the run\"");
  CHECK(own_stems.explanation.find("on positions") != std::string::npos);
  const Answer older = search(indexes().stored_text(), "=\"officials said\"");
  CHECK(older.explanation.find("checked in the stored text") != std::string::npos);
}
