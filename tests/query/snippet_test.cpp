// Snippets and highlighting: each highlighting rule, fragment choice,
// escaping, and UTF-8 boundaries with non-Latin text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "engine/utf8.hpp"
#include "query/highlighter.hpp"
#include "test_support.hpp"

using byline::Highlight;
using byline::Markup;

namespace {

// A small index of hand-written articles, with the seed corpus's alias list.
class Articles {
 public:
  explicit Articles(const std::vector<byline::Article>& articles) {
    auto index = byline::test::create_index(dir_ / "idx");
    byline::Writer writer(index);
    for (const auto& a : articles)
      writer.add(a);
    (void)writer.set_aliases({{"ISIS", "ISIL", "Daesh", "Islamic State"}});
    writer.commit();
  }

  // The hits of `query`, with `count` fragments of about `length` characters.
  std::vector<byline::Hit> hits(std::string_view query, std::size_t count = 1,
                                std::size_t length = 1000) const {
    auto index = byline::Index::open(dir_ / "idx");
    byline::Searcher searcher(index);
    byline::SearchOptions options;
    options.snippets.count = count;
    options.snippets.length = length;
    options.snippets.title = true;
    return searcher.search(query, options).hits;
  }

  // The one hit of `query`.
  byline::Hit hit(std::string_view query, std::size_t count = 1, std::size_t length = 1000) const {
    auto found = hits(query, count, length);
    REQUIRE(found.size() == 1);
    return found.front();
  }

 private:
  byline::test::TempDir dir_;
};

byline::Article article(std::string id, std::string title, std::string body) {
  byline::Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  return a;
}

// The highlighted pieces of a text, joined by '|'.
std::string marked(std::string_view text, const std::vector<Highlight>& spans) {
  std::string out;
  for (const auto& h : spans) {
    if (!out.empty())
      out += '|';
    out += text.substr(h.begin, h.end - h.begin);
  }
  return out;
}

std::string marked(const byline::Snippet& s) {
  return marked(s.text, s.highlights);
}

const Articles& articles() {
  static const Articles instance({
      article("pledge", "World leaders pledge support",
              "Thirty countries pledged to help. A pledge is a promise. Pledging is easy."),
      article("alias", "Coalition against the group",
              "Ministers met to discuss how to fight ISIL in the north."),
      article("phrase", "Clean hands",
              "His hands were clean. Nobody wants dirty\n   hands here, said the minister."),
      article("near", "Talks",
              "Kerry spoke first and at length about the coalition, the strikes, the "
              "refugees, the funding and the long war ahead of everybody involved. Later "
              "Kerry met Tehran officials. Tehran was not invited."),
      article("fuzzy", "The president",
              "Iraqi president Fouad Massoum spoke. Others preferred to remain silent."),
      article("escape", "Tags <b>bold</b> & \"quotes\"",
              "Scripts <script>alert('x')</script> are text & so is \x1b[31mred\x1b[0m here, "
              "said the webmaster."),
  });
  return instance;
}

bool valid(std::string_view s) {
  return !byline::utf8::find_invalid(s).has_value();
}

}  // namespace

TEST_CASE("stem-aware: pledge highlights pledged, pledge and Pledging, title included") {
  const auto hit = articles().hit("pledge");
  REQUIRE(hit.snippets.size() == 1);
  CHECK(marked(hit.snippets[0]) == "pledged|pledge|Pledging");
  CHECK(marked(hit.title, hit.title_highlights) == "pledge");
  CHECK(hit.title_highlights == std::vector<Highlight>{{14, 20}});
}

TEST_CASE("exact form: =pledged highlights pledged only") {
  const auto hit = articles().hit("=pledged");
  CHECK(marked(hit.snippets[0]) == "pledged");
  CHECK(hit.title_highlights.empty());
}

TEST_CASE("alias-aware: Daesh highlights ISIL") {
  const auto hit = articles().hit("Daesh");
  CHECK(hit.id == "alias");
  CHECK(marked(hit.snippets[0]) == "ISIL");
}

TEST_CASE("phrase-aware: the phrase is one span, a lone word of it is not marked") {
  const auto hit = articles().hit("\"dirty hands\"");
  REQUIRE(hit.snippets.size() == 1);
  // The line break inside the phrase is one space in the snippet.
  CHECK(marked(hit.snippets[0]) == "dirty hands");
  CHECK(hit.snippets[0].text.find("His hands were clean.") != std::string::npos);
  CHECK(hit.title_highlights.empty());  // "Clean hands" has hands, not the phrase
  // The words on their own mark every occurrence.
  const auto words = articles().hit("dirty hands");
  CHECK(marked(words.snippets[0]) == "hands|dirty|hands");
  CHECK(marked(words.title, words.title_highlights) == "hands");
}

TEST_CASE("proximity-aware: only the NEAR terms that are near each other") {
  // "... Later Kerry met Tehran officials. Tehran was not invited."
  const auto hit = articles().hit("Kerry NEAR/1 Tehran");
  REQUIRE(hit.snippets.size() == 1);
  // The first Kerry is far from any Tehran, the second Tehran two words too far.
  const auto& s = hit.snippets[0];
  CHECK(marked(s) == "Kerry|Tehran");
  CHECK(s.text.substr(s.highlights[0].begin, 20) == "Kerry met Tehran off");
  CHECK(marked(articles().hit("Kerry NEAR/3 Tehran").snippets[0]) == "Kerry|Tehran|Tehran");
  // ADJ: in order only; NEAR: either order.
  const auto ordered = articles().hit("officials ADJ/2 Tehran").snippets[0];
  CHECK(marked(ordered) == "officials|Tehran");
  CHECK(ordered.text.substr(ordered.highlights[1].begin) == "Tehran was not invited.");
  CHECK(marked(articles().hit("officials NEAR/2 Tehran").snippets[0]) == "Tehran|officials|Tehran");
}

TEST_CASE("fuzzy- and wildcard-aware: the words they expanded to") {
  CHECK(marked(articles().hit("Masoum~1").snippets[0]) == "Massoum");
  CHECK(marked(articles().hit("pledg*").snippets[0]) == "pledged|pledge|Pledging");
  CHECK(marked(articles().hit("presid*").title, articles().hit("presid*").title_highlights) ==
        "president");
}

TEST_CASE("fields: title: marks the title only, body: the body only") {
  const auto title = articles().hit("title:pledge");
  CHECK(marked(title.title, title.title_highlights) == "pledge");
  CHECK(marked(title.snippets[0]).empty());
  const auto body = articles().hit("body:pledge");
  CHECK(body.title_highlights.empty());
  CHECK(marked(body.snippets[0]) == "pledged|pledge|Pledging");
}

TEST_CASE("a hit with no match in the body gets its opening, unhighlighted") {
  const auto hit = articles().hit("title:talks", 1, 40);
  REQUIRE(hit.snippets.size() == 1);
  CHECK(hit.snippets[0].highlights.empty());
  CHECK(hit.snippets[0].text.starts_with("Kerry spoke first"));
  CHECK(hit.snippets[0].text.ends_with(" \u2026"));
}

TEST_CASE("HTML: the article text is escaped, highlights are <mark>, JSON-ready spans") {
  const auto hit = articles().hit("webmaster OR scripts OR bold");
  REQUIRE(hit.snippets.size() == 1);
  const std::string html =
      byline::mark_up(hit.snippets[0].text, hit.snippets[0].highlights, Markup::html);
  CAPTURE(html);
  CHECK(html.find("<script>") == std::string::npos);
  // "script" is a form of "scripts": marked inside the escaped tags.
  CHECK(html.find("&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt;") !=
        std::string::npos);
  CHECK(html.find("&amp; so is") != std::string::npos);
  CHECK(html.find("<mark>Scripts</mark>") != std::string::npos);
  CHECK(html.find("<mark>webmaster</mark>") != std::string::npos);
  const std::string title = byline::mark_up(hit.title, hit.title_highlights, Markup::html);
  CHECK(title == "Tags &lt;b&gt;<mark>bold</mark>&lt;/b&gt; &amp; &quot;quotes&quot;");
  // A snippet never carries control characters; ANSI output only ours.
  CHECK(hit.snippets[0].text.find('\x1b') == std::string::npos);
  const std::string ansi =
      byline::mark_up(hit.title + "\x1b[2J", hit.title_highlights, Markup::ansi);
  CHECK(ansi == "Tags <b>\x1b[7mbold\x1b[27m</b> & \"quotes\"\uFFFD[2J");
  CHECK(byline::mark_up(hit.title, hit.title_highlights, Markup::none) == hit.title);
}

TEST_CASE("mark_up skips bad spans and never splits a UTF-8 sequence") {
  const std::string text = "caf\xC3\xA9 na\xC3\xAFve";  // café naïve
  CHECK(byline::mark_up(text, {{4, 5}}, Markup::html) == "caf<mark>\xC3\xA9</mark> na\xC3\xAFve");
  CHECK(byline::mark_up(text, {{0, 4}, {2, 6}, {9, 99}}, Markup::html) ==
        "<mark>caf\xC3\xA9</mark> na\xC3\xAFve");
}

TEST_CASE("fragment choice: the most complete, then the densest passage") {
  std::string body = "Alpha alone here. ";
  for (int k = 0; k < 20; ++k)
    body += "Filler sentence number " + std::to_string(k) + " says nothing. ";
  body += "Alpha alpha alpha again. ";
  for (int k = 0; k < 20; ++k)
    body += "More filler " + std::to_string(k) + " follows. ";
  body += "Here alpha meets beta at last. The end.";
  const Articles one({article("a", "Title", body)});
  const auto hit = one.hit("alpha beta", 1, 60);
  REQUIRE(hit.snippets.size() == 1);
  CHECK(hit.snippets[0].text == "Here alpha meets beta at last. The end.");
  CHECK(marked(hit.snippets[0]) == "alpha|beta");
  // Two fragments: the complete one, then the densest of the rest, in body order.
  const auto two = one.hit("alpha beta", 2, 30);
  REQUIRE(two.snippets.size() == 2);
  CHECK(two.snippets[0].text == "Alpha alpha alpha again.");
  CHECK(two.snippets[1].text == "Here alpha meets beta at last.");
}

TEST_CASE("cuts: whole sentences when they fit, else words, with an ellipsis") {
  std::string body = "Short opening sentence. ";
  body +=
      "This very long sentence keeps going with many words before the word target "
      "appears and then it keeps going with many more words after it until it ends.";
  const Articles one({article("a", "Title", body)});
  const auto hit = one.hit("target", 1, 60);
  REQUIRE(hit.snippets.size() == 1);
  const std::string& text = hit.snippets[0].text;
  CHECK(text.starts_with("\u2026 "));
  CHECK(text.ends_with(" \u2026"));
  // Cut between words: what is shown is whole words of the sentence.
  const std::string inner = text.substr(4, text.size() - 8);
  CHECK(body.find(inner) != std::string::npos);
  const std::size_t at = body.find(inner);
  CHECK(body[at - 1] == ' ');
  CHECK(body[at + inner.size()] == ' ');
  CHECK(inner.size() <= 60);
  CHECK(marked(hit.snippets[0]) == "target");
}

TEST_CASE("non-Latin text: Arabic, Chinese and emoji are never cut inside a character") {
  std::string arabic;
  for (int k = 0; k < 8; ++k)
    arabic += "قال وزير الخارجية إن الدولة الإسلامية تهدد المنطقة كلها. ";
  std::string chinese;
  for (int k = 0; k < 8; ++k)
    chinese += "外交部长说，伊斯兰国威胁整个地区的安全与稳定。我们在巴黎开会。";
  std::string emoji;
  for (int k = 0; k < 10; ++k)
    emoji +=
        "👩‍👩‍👧‍👦🇫🇷 family flags 👍🏽 and café ☕ and more "
        "🎉🎉🎉 "
        "words ";
  const Articles many({article("ar", "عنوان", arabic), article("zh", "标题", chinese),
                       article("em", "Emoji", emoji)});
  CHECK(marked(many.hit("الإسلامية", 1, 60).snippets[0]) == "الإسلامية");
  CHECK(marked(many.hit("巴黎", 1, 20).snippets[0]) == "巴黎");
  CHECK(marked(many.hit("café", 1, 30).snippets[0]) == "café");
  for (const char* query : {"الإسلامية", "巴黎", "café", "family"}) {
    for (std::size_t length : {3, 7, 12, 25, 40, 80}) {
      CAPTURE(query);
      CAPTURE(length);
      for (const auto& hit : many.hits(query, 3, length)) {
        for (const auto& s : hit.snippets) {
          CHECK(valid(s.text));
          for (const auto& h : s.highlights) {
            CHECK(h.begin < h.end);
            CHECK(valid(s.text.substr(h.begin, h.end - h.begin)));
            CHECK(valid(s.text.substr(0, h.begin)));
          }
          // No emoji sequence is cut: a ZWJ never starts or ends a fragment.
          CHECK_FALSE(s.text.starts_with("\u200D"));
          CHECK_FALSE(s.text.ends_with("\u200D"));
        }
      }
    }
  }
}

TEST_CASE("the highlighter takes any bytes: invalid UTF-8 comes out valid") {
  byline::Analyzer analyzer;
  byline::detail::Highlighter highlighter(analyzer);
  byline::detail::HighlightQuery query;
  byline::detail::MatchPattern word;
  word.pattern = {byline::detail::Sequence{{{"pledg"}}, 0}};
  query.patterns.push_back(word);
  const std::string bytes = "We \xFF\xFE pledged \xC3 to \xE2\x82 help. Again we pledge\xF0\x9F.";
  for (std::size_t length : {1, 5, 10, 30, 100}) {
    const auto snippets = highlighter.snippets(bytes, query, 3, length);
    REQUIRE_FALSE(snippets.empty());
    for (const auto& s : snippets) {
      CHECK(valid(s.text));
      for (const auto& h : s.highlights)
        CHECK(s.text.substr(h.begin, h.end - h.begin).starts_with("pledg"));
    }
  }
}

TEST_CASE("a heading before a paragraph is set off by a dash, not run into the next sentence") {
  const Articles one({
      article("heading", "Title",
              "The talks ended.\n\n'Dirty hands'\n\nHowever, Iran said the hands were dirty."),
      article("wrapped", "Title", "The minister said the United\nStates had dirty hands in this."),
      article("paragraphs", "Title", "A short paragraph ends here.\r\n\r\nDirty hands again."),
  });
  const auto heading = one.hit("id:heading iran");
  REQUIRE(heading.snippets.size() == 1);
  CHECK(heading.snippets[0].text ==
        "The talks ended. 'Dirty hands' \u2014 However, Iran said the hands were dirty.");
  CHECK(marked(heading.snippets[0]) == "Iran");
  // A line wrapped inside a sentence, and a paragraph after a full stop: a space.
  CHECK(one.hit("id:wrapped united").snippets[0].text ==
        "The minister said the United States had dirty hands in this.");
  const auto paragraphs = one.hit("id:paragraphs \"dirty hands\"");
  CHECK(paragraphs.snippets[0].text == "A short paragraph ends here. Dirty hands again.");
  CHECK(marked(paragraphs.snippets[0]) == "Dirty hands");
}
