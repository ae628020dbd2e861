// Text analysis per language, as a specification: for each language a
// sentence, the words byline makes of it, and which query words find it (or
// must not) in an index that holds all of them, each article stemmed in its
// own language and each query word stemmed for every language the index
// holds. The docs/indexing.md's "Text analysis" section describes the rules.
#include <doctest/doctest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

namespace {

using Words = std::vector<std::string>;

struct LanguageCase {
  const char* id;    // the article's id, and the language's name in failures
  const char* lang;  // as the article gives it
  const char* sentence;
  Words words;                      // its words, exact forms, in order (joined forms left out)
  std::vector<const char*> finds;   // queries that find it
  std::vector<const char*> misses;  // queries that must not
};

const std::vector<LanguageCase>& cases() {
  static const std::vector<LanguageCase> all = {
      {"english",
       "en",
       "Officials were running late for the talks on Iraq.",
       {"officials", "were", "running", "late", "for", "the", "talks", "on", "iraq"},
       {"official", "run", "talk", "Iraq", "\"running late\""},
       {"walking", "\"late running\""}},
      {"english-variants",
       "en",
       "Søren sent the co-operation plan by e-mail to-day.",
       {"soren", "sent", "the", "co", "operation", "plan", "by", "e", "mail", "to", "day"},
       // Letters that do not decompose are folded (ø); a hyphenated word
       // and its joined form find each other, in body: too.
       {"Soren", "Søren", "cooperation", "co-operation", "email", "e-mail", "today", "to-day",
        "body:today", "body:email"},
       // A joined form has no position of its own: "by email" is no phrase
       // of "by e-mail" (docs/indexing.md, "Text analysis").
       {"\"by email\"", "mail-order"}},
      {"french",
       "fr",
       "Les frappes aériennes contre l'Irak ont repris.",
       {"les", "frappes", "aeriennes", "contre", "l'irak", "ont", "repris"},
       // The elided article goes before stemming: Irak finds l'Irak.
       {"Irak", "l'Irak", "d'Irak", "frappe", "aérienne", "aeriennes", "\"frappes aériennes\""},
       {"irakiens"}},
      {"italian",
       "it",
       "Il presidente dell'Unione ha parlato ieri.",
       {"il", "presidente", "dell'unione", "ha", "parlato", "ieri"},
       {"Unione", "unioni", "presidenti", "parlare"},
       {"dell"}},
      {"german",
       "de",
       "Die Außenminister trafen sich in der Hauptstraße.",
       {"die", "aussenminister", "trafen", "sich", "in", "der", "hauptstrasse"},
       {"Außenministern", "Aussenminister", "Hauptstrasse", "Hauptstraße"},
       {"Minister"}},
      {"spanish",
       "es",
       "Los ministros se reunieron en París el miércoles.",
       {"los", "ministros", "se", "reunieron", "en", "paris", "el", "miercoles"},
       {"ministro", "Paris", "miercoles", "MIÉRCOLES"},
       {"ministerio"}},
      {"russian",
       "ru",
       "Министры встретились в Москве. Переговоры ещё продолжаются.",
       {"министры", "встретились", "в", "москве", "переговоры", "еще", "продолжаются"},
       // Inflections meet through the stemmer; ё is е with a diaeresis, folded.
       {"Москва", "министров", "еще", "ещё", "\"в москве\""},
       {"Москвич"}},
      {"arabic",
       "ar",
       "وصلَ الرئيسُ إلى بغداد يومَ الخميس",
       // Harakat are folded away; alef with hamza (إ) becomes alef.
       {"وصل", "الرئيس", "الى", "بغداد", "يوم", "الخميس"},
       {"الرئيس", "رئيس", "الرئيسُ", "بغداد", "الخميس"},
       {}},
      {"hebrew",
       "he",
       "ראש הממשלה נפגש עם השרים. שָׁלוֹם",
       // Points (niqqud) are folded away; no stemmer.
       {"ראש", "הממשלה", "נפגש", "עם", "השרים", "שלום"},
       {"שלום", "שָׁלוֹם", "הממשלה"},
       {}},
      {"greek",
       "el",
       "Ο πρωθυπουργός μίλησε στην Αθήνα.",
       {"ο", "πρωθυπουργοσ", "μιλησε", "στην", "αθηνα"},
       {"πρωθυπουργος", "Αθηνα", "ΑΘΉΝΑ"},
       {}},
      {"chinese",
       "zh",
       "习近平在北京会见了法国总统。",
       {"习", "近平", "在", "北京", "会见", "了", "法国", "总统"},
       {"北京", "法国", "总统", "法国总统"},
       {"东京"}},
      {"japanese-bus",
       "ja",
       "東京でバスに乗った。",
       {"東京", "で", "バス", "に", "乗", "っ", "た"},
       // The voicing mark makes バ (ba) another letter than ハ (ha).
       {"バス", "東京"},
       {"ハス", "ビル"}},
      {"japanese-lotus",
       "ja",
       "池にハスの花が咲いた。",
       {"池", "に", "ハス", "の", "花", "が", "咲", "い", "た"},
       {"ハス"},
       {"バス"}},
      {"korean",
       "ko",
       "대통령은 서울에서 기자회견을 열었다.",
       {"대통령은", "서울에서", "기자회견을", "열었다"},
       // Particles written joined (은, 에서, 을) are taken off.
       {"서울", "서울에서", "대통령", "대통령이", "기자회견"},
       {"서울대"}},
      {"hindi",
       "hi",
       "मैंने कल दिल्ली में समाचार पढ़ा।",
       {"मैंने", "कल", "दिल्ली", "में", "समाचार", "पढ़ा"},
       // Vowel signs and the anusvara are letters here: never folded.
       {"मैंने", "दिल्ली", "समाचार"},
       {"मन", "दिल"}},
      {"thai",
       "th",
       "นายกรัฐมนตรีเดินทางไปกรุงเทพมหานครเมื่อวานนี้",
       {"นายก", "รัฐมนตรี", "เดิน", "ทาง", "ไป", "กรุงเทพมหานคร", "เมื่อ", "วาน", "นี้"},
       // ICU's dictionary finds the words; the vowel marks stay.
       {"กรุงเทพมหานคร", "รัฐมนตรี", "นายกรัฐมนตรี"},
       {"กรุงเทพมหานะ"}},
  };
  return all;
}

Words words_of(byline::Analyzer& analyzer, const LanguageCase& c) {
  Words out;
  for (const byline::Token& token : analyzer.analyze(c.sentence, c.lang)) {
    if (!token.joined)
      out.push_back(token.term);
  }
  return out;
}

const std::filesystem::path& languages_index() {
  static byline::test::TempDir dir;
  static const std::filesystem::path path = [] {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    for (const LanguageCase& c : cases()) {
      byline::Article article;
      article.id = c.id;
      article.body = c.sentence;
      article.lang = c.lang;
      writer.add(article);
    }
    writer.commit();
    return dir / "idx";
  }();
  return path;
}

bool finds(byline::Searcher& searcher, std::string_view query, std::string_view id) {
  byline::SearchOptions options;
  options.limit = 100;
  for (const byline::Hit& hit : searcher.search(query, options).hits) {
    if (hit.id == id)
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("each language's sentence is split into the words its readers see") {
  byline::Analyzer analyzer;
  for (const LanguageCase& c : cases()) {
    const std::string id = c.id;
    CAPTURE(id);
    CHECK(words_of(analyzer, c) == c.words);
  }
}

TEST_CASE("each language's sentence is found by its query words and not by others") {
  auto index = byline::Index::open(languages_index());
  byline::Searcher searcher(index);
  for (const LanguageCase& c : cases()) {
    const std::string id = c.id;
    CAPTURE(id);
    for (const std::string query : c.finds) {
      CAPTURE(query);
      CHECK(finds(searcher, query, id));
    }
    for (const std::string query : c.misses) {
      CAPTURE(query);
      CHECK_FALSE(finds(searcher, query, id));
    }
  }
}

TEST_CASE("a query word is stemmed for the languages the index holds or lang: names") {
  auto index = byline::Index::open(languages_index());
  byline::Searcher searcher(index);
  // "frappe" is "frapp" in French only; limited to German it finds nothing.
  CHECK(finds(searcher, "frappe", "french"));
  CHECK(finds(searcher, "lang:fr frappe", "french"));
  CHECK_FALSE(finds(searcher, "lang:de frappe", "french"));
  // English stems: "running" is "run" for English articles only, and the
  // English article is found by "runs" too.
  CHECK(finds(searcher, "runs", "english"));
  CHECK(finds(searcher, "lang:en runs", "english"));
  // A lang: value is read as a language tag, as the articles' are.
  CHECK(finds(searcher, "lang:EN-gb runs", "english"));
}

TEST_CASE("an index made with one language stems every article in it") {
  byline::test::TempDir dir;
  byline::IndexOptions options;
  options.mode = byline::OpenMode::create_or_open;
  options.analyzer.article_languages = false;
  {
    auto index = byline::Index::open(dir / "idx", options);
    byline::Writer writer(index);
    byline::Article article;
    article.id = "fr";
    article.lang = "fr";
    article.body = "Les frappes contre l'Irak.";
    writer.add(article);
    writer.commit();
  }
  auto index = byline::Index::open(dir / "idx");
  CHECK_FALSE(index.analyzer_settings().article_languages);
  byline::Searcher searcher(index);
  // English stemming keeps the elided article: "l'irak" is no "irak".
  CHECK_FALSE(finds(searcher, "Irak", "fr"));
  CHECK(finds(searcher, "l'Irak", "fr"));
  // The language is still stored and filterable.
  CHECK(finds(searcher, "lang:fr frappes", "fr"));
}

TEST_CASE("an article without a language gets the one detected from its text") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    byline::Article article;
    article.id = "detected";
    article.body =
        "Le président de la République a reçu hier à l'Élysée les ministres des affaires "
        "étrangères de plusieurs pays européens pour évoquer la situation en Irak.";
    writer.add(article);
    byline::Article short_one;
    short_one.id = "too-short";
    short_one.body = "Bonjour";
    writer.add(short_one);
    writer.commit();
  }
  auto index = byline::Index::open(dir / "idx");
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  const auto results = searcher.search("id:detected", options);
  REQUIRE(results.hits.size() == 1);
  CHECK(results.hits[0].lang == "fr");
  // Stemmed in French, elision taken off: Irak finds "en Irak", Élysée "l'Élysée".
  CHECK(finds(searcher, "elysee", "detected"));
  CHECK(finds(searcher, "lang:fr", "detected"));
  // Too short to tell: no language, stemmed in the index's.
  const auto unknown = searcher.search("id:too-short", options);
  REQUIRE(unknown.hits.size() == 1);
  CHECK(unknown.hits[0].lang.empty());
}

TEST_CASE("snippets highlight a word in the article's own language") {
  auto index = byline::Index::open(languages_index());
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.snippets.count = 1;
  const auto highlighted = [&](std::string_view query, std::string_view id) {
    std::vector<std::string> out;
    for (const byline::Hit& hit : searcher.search(query, options).hits) {
      if (hit.id != id)
        continue;
      for (const byline::Snippet& snippet : hit.snippets) {
        for (const byline::Highlight& h : snippet.highlights)
          out.push_back(snippet.text.substr(h.begin, h.end - h.begin));
      }
    }
    return out;
  };
  CHECK(highlighted("Irak", "french") == std::vector<std::string>{"l'Irak"});
  CHECK(highlighted("frappe", "french") == std::vector<std::string>{"frappes"});
  CHECK(highlighted("서울", "korean") == std::vector<std::string>{"서울에서"});
  CHECK(highlighted("Москва", "russian") == std::vector<std::string>{"Москве"});
}

TEST_CASE("an index made before per-article languages is analysed as it was made") {
  byline::test::TempDir dir;
  {
    // What byline 0.8 left: no metadata for either, format 3.
    byline::test::create_index(dir / "idx");
    Xapian::WritableDatabase db((dir / "idx").string());
    db.set_metadata("byline.article_languages", "");
    db.set_metadata("byline.script_folding", "");
    db.set_metadata("byline.format_version", "3");
    db.commit();
  }
  {
    auto index =
        byline::Index::open(dir / "idx", byline::test::options_for(byline::OpenMode::read_write));
    CHECK_FALSE(index.analyzer_settings().article_languages);
    CHECK_FALSE(index.analyzer_settings().script_folding);
    byline::Writer writer(index);
    byline::Article article;
    article.id = "lotus";
    article.lang = "ja";
    article.body = "池にハスの花が咲いた。";
    writer.add(article);
    writer.commit();
  }
  auto index = byline::Index::open(dir / "idx");
  byline::Searcher searcher(index);
  // Every mark stripped, as then: the query folds バス as the index did.
  CHECK(finds(searcher, "ハス", "lotus"));
  CHECK(finds(searcher, "バス", "lotus"));
}
