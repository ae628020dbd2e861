// The analyzer's specification, on tricky strings from the seed articles.
#include "byline/analyzer.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "byline/error.hpp"

using byline::Analyzer;
using byline::Token;
using Terms = std::vector<std::string>;

namespace {

std::vector<std::string> stems(Analyzer& a, std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : a.analyze(text))
    out.push_back(t.stem);
  return out;
}

}  // namespace

TEST_CASE("words are case folded and split on punctuation") {
  Analyzer a;
  CHECK(a.terms("World leaders PLEDGE to help Iraq.") ==
        Terms{"world", "leaders", "pledge", "to", "help", "iraq"});
}

TEST_CASE("curly and straight apostrophes give the same term") {
  Analyzer a;
  CHECK(a.terms("Iraq’s neighbours") == Terms{"iraq's", "neighbours"});
  CHECK(a.terms("Iraq's neighbours") == Terms{"iraq's", "neighbours"});
  CHECK(a.stem("iraq's") == "iraq");
}

TEST_CASE("a hyphenated word yields its parts as a phrase, then the joined form") {
  Analyzer a;
  const auto tokens = a.analyze("the al-Qaeda breakaway");
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[1].term == "al");
  CHECK(tokens[2].term == "qaeda");
  CHECK(tokens[2].position == tokens[1].position + 1);
  CHECK(tokens[3].term == "alqaeda");
  CHECK(tokens[3].joined);
  CHECK(tokens[3].position == tokens[1].position);
  CHECK(tokens[4].term == "breakaway");
  CHECK(tokens[4].position == tokens[2].position + 1);
}

TEST_CASE("abbreviations lose their dots, so U.S. is us") {
  Analyzer a;
  CHECK(a.terms("a U.S.-led campaign") == Terms{"a", "us", "led", "usled", "campaign"});
  CHECK(a.terms("US-led") == Terms{"us", "led", "usled"});
}

TEST_CASE("double-barrelled names are phrases of their parts") {
  Analyzer a;
  CHECK(a.terms("Frank-Walter Steinmeier") ==
        Terms{"frank", "walter", "frankwalter", "steinmeier"});
}

TEST_CASE("numbers are tokens, a space between digit groups also gives the joined number") {
  Analyzer a;
  CHECK(a.terms("as many as 31 500 fighters") ==
        Terms{"as", "many", "as", "31", "500", "31500", "fighters"});
  CHECK(a.terms("between 20,000 and 31,000") == Terms{"between", "20000", "and", "31000"});
  CHECK(a.terms("some 40% of it") == Terms{"some", "40", "of", "it"});
  // Only groups of three digits join: a year next to a count does not.
  CHECK(a.terms("in 2014 500 people") == Terms{"in", "2014", "500", "people"});
}

TEST_CASE("non-breaking spaces are spaces") {
  Analyzer a;
  CHECK(a.terms("Islamic\u00a0State") == Terms{"islamic", "state"});
  CHECK(a.terms("31\u00a0500") == Terms{"31", "500", "31500"});
}

TEST_CASE("an ISO date stays one token") {
  Analyzer a;
  const auto tokens = a.analyze("2014-09-15 17:34");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].term == "2014-09-15");
  CHECK(tokens[0].stem == "2014-09-15");
  CHECK(tokens[1].position == 1);
  // Not a date: an impossible month stays a hyphenated number.
  CHECK(a.terms("2014-13-15") == Terms{"2014", "13", "15", "20141315"});
}

TEST_CASE("parentheses and acronyms: Daech (ISIL)") {
  Analyzer a;
  CHECK(a.terms("the Daech (ISIL) by all means") ==
        Terms{"the", "daech", "isil", "by", "all", "means"});
}

TEST_CASE("stemming follows Xapian's English stemmer, numbers are not stemmed") {
  Analyzer a;
  CHECK(stems(a, "pledging pledged pledges") == Terms{"pledg", "pledg", "pledg"});
  CHECK(stems(a, "dirty hands") == Terms{"dirti", "hand"});
  CHECK(a.stem("g20") == "g20");
}

TEST_CASE("NFKC and case folding, diacritics fold by default") {
  Analyzer a;
  CHECK(a.terms("François Hollande") == Terms{"francois", "hollande"});
  CHECK(a.terms("ＦＵＬＬＷＩＤＴＨ") == Terms{"fullwidth"});
  CHECK(a.terms("STRASSE Straße") == Terms{"strasse", "strasse"});
  byline::AnalyzerSettings settings;
  settings.fold_diacritics = false;
  Analyzer keep(settings);
  CHECK(keep.terms("François") == Terms{"françois"});
}

TEST_CASE("byte offsets point into the original text") {
  Analyzer a;
  const std::string text = "“We said” — Iraq’s";
  for (const Token& t : a.analyze(text)) {
    CHECK(t.end > t.begin);
    CHECK(t.end <= text.size());
  }
  const auto tokens = a.analyze(text);
  REQUIRE(tokens.size() == 3);
  CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == "We");
  CHECK(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin) == "Iraq’s");
}

TEST_CASE("invalid UTF-8 separates words and never throws") {
  Analyzer a;
  CHECK(a.terms("abc\xff\xfe"
                "def \xc3") == Terms{"abc", "def"});
  CHECK(a.terms("") == Terms{});
}

TEST_CASE("words longer than the limit are dropped, not truncated") {
  Analyzer a;
  const std::string huge(300, 'x');
  CHECK(a.terms("short " + huge + " words") == Terms{"short", "words"});
}

TEST_CASE("scripts without spaces are segmented by ICU") {
  Analyzer a;
  const auto terms = a.terms("東京都に住む");
  CHECK(terms.size() >= 2);
}

TEST_CASE("an unknown stemmer language is an invalid argument") {
  byline::AnalyzerSettings klingon;
  klingon.language = "klingon";
  try {
    Analyzer bad(klingon);
    FAIL("no error for an unknown language");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::invalid_argument);
  }
  byline::AnalyzerSettings none_settings;
  none_settings.language = "none";
  Analyzer none(none_settings);
  CHECK(none.stem("pledging") == "pledging");
}
