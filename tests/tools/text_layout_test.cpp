// Text on a terminal: how wide it is, and where its lines break.
#include "byline/text_layout.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

using byline::cli::columns;
using byline::cli::strip_styles;
using byline::cli::text_width;
using byline::cli::wrap;
using byline::cli::wrap_list;

namespace {

using byline::test::lines_of;

// Every escape sequence whole: ESC [ digits and semicolons, then m.
bool escapes_whole(const std::string& text) {
  for (std::size_t at = text.find('\x1b'); at != std::string::npos;
       at = text.find('\x1b', at + 1)) {
    if (at + 1 >= text.size() || text[at + 1] != '[')
      return false;
    std::size_t end = at + 2;
    while (end < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == ';'))
      ++end;
    if (end >= text.size() || text[end] != 'm')
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("columns: wide East Asian characters take two, marks and escapes none") {
  CHECK(columns("Kerry") == 5);
  CHECK(columns("日本語") == 6);
  CHECK(columns("ニュース") == 8);
  CHECK(columns("한국어") == 6);
  CHECK(columns("ＡＢ") == 4);                // fullwidth Latin
  CHECK(columns("e\xcc\x81t\xc3\xa9") == 3);  // e + combining acute, é
  CHECK(columns("a\xe2\x80\x8b"
                "b") == 2);  // zero-width space
  CHECK(columns("\x1b[1mIraq\x1b[0m") == 4);
  CHECK(columns("\x1b[7m汚れた手\x1b[27m") == 8);
  CHECK(columns("Müller · Ελλάδα · Москва") == 24);
}

TEST_CASE("text_width: the terminal's width, up to a readable measure") {
  CHECK(text_width(40) == 40);
  CHECK(text_width(80) == 80);
  CHECK(text_width(220) == byline::cli::kMaxTextWidth);
  CHECK(byline::cli::kMaxTextWidth == 100);
  CHECK(text_width(0) == 0);
}

TEST_CASE("wrap: words on lines no wider than the width, the indent after the first") {
  CHECK(wrap("Iraq wins pledge of military support against ISIS", 20, 0) ==
        "Iraq wins pledge of\nmilitary support\nagainst ISIS");
  CHECK(wrap("Iraq wins pledge of military support against ISIS", 20, 5) ==
        "Iraq wins\n     pledge of\n     military\n     support against\n     ISIS");
  // A single newline is a space; blank lines stay, and so do runs of spaces
  // but at a break.
  CHECK(wrap("one  two\nthree\n \n\nfour", 80, 2) == "one  two three\n\n  four");
  CHECK(wrap("words  \"phrases\"  NEAR/5", 12, 0) == "words\n\"phrases\"\nNEAR/5");
  // A word longer than a line is broken where it must be.
  CHECK(wrap("see https://example.com/a/very/long/path/to/an/article", 20, 0) ==
        "see https://\nexample.com/a/very/\nlong/path/to/an/\narticle");
  CHECK(wrap("abcdefghijklmnopqrstuvwxyz", 12, 0) == "abcdefghijkl\nmnopqrstuvwx\nyz");
  // Width 0: not wrapped at all, the text as it was.
  CHECK(wrap("one  two\nthree", 0, 5) == "one  two\nthree");
}

TEST_CASE("wrap: Japanese breaks between characters, never before closing punctuation") {
  const std::string text =
      "パリで開かれた国際会議で、約三十か国の首脳や外相がイラク政府への軍事支援を含むあらゆる必要"
      "な手段を講じることで合意した。専門家は、空爆だけでは組織を壊滅させることは難しいと指摘してい"
      "る。";
  const std::string wrapped = wrap(text, 30, 4);
  const auto lines = lines_of(wrapped);
  REQUIRE(lines.size() >= 6);
  std::string joined;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(columns(lines[i]) <= 30 - (i == 0 ? 4 : 0));
    if (i + 1 < lines.size())
      CHECK(columns(lines[i]) >= 20);  // full lines, not one word each
    CHECK_FALSE(lines[i].find("、") == 4);
    CHECK_FALSE(lines[i].find("。") == 4);
    joined += i == 0 ? lines[i] : lines[i].substr(4);
  }
  CHECK(joined == text);
  // 14 wide characters (28 columns) fit in 28 columns, not in 27.
  CHECK(wrap("イラク政府への軍事支援を含む", 28, 0) == "イラク政府への軍事支援を含む");
  CHECK(wrap("イラク政府への軍事支援を含む", 27, 0) == "イラク政府への軍事支援を含\nむ");
  // Mixed: Latin words and CJK on one line.
  CHECK(wrap("イスラム国（ISIL）に対抗する", 12, 0) == "イスラム国\n（ISIL）に対\n抗する");
}

TEST_CASE("wrap: styles are closed before a break and opened again after the indent") {
  // A highlight across the break.
  CHECK(wrap("they have \x1b[7mdirty hands\x1b[27m in this", 18, 2) ==
        "they have \x1b[7mdirty\x1b[0m\n  \x1b[7mhands\x1b[27m in this");
  // A highlight ending at the break stays on its line, one starting at the
  // break moves to the next.
  CHECK(wrap("a \x1b[7mdirty\x1b[27m \x1b[7mhands\x1b[27m b", 8, 0) ==
        "a \x1b[7mdirty\x1b[27m\n\x1b[7mhands\x1b[27m b");
  // Bold with a highlight inside it: both come back.
  const std::string title = "\x1b[1mWorld \x1b[7mleaders\x1b[27m pledge to help Iraq\x1b[0m";
  const std::string wrapped = wrap(title, 19, 5);
  CHECK(wrapped ==
        "\x1b[1mWorld \x1b[7mleaders\x1b[27m\x1b[0m\n     \x1b[1mpledge to help\x1b[0m\n     "
        "\x1b[1mIraq\x1b[0m");
  CHECK(escapes_whole(wrapped));
  CHECK(strip_styles(wrapped) == "World leaders\n     pledge to help\n     Iraq");
  // Escapes are never split, however narrow the line.
  const std::string highlighted =
      "\x1b[7mイラク\x1b[27m政府への\x1b[7m軍事支援\x1b[27mを含むあらゆる\x1b[2m必要な手段\x1b[0m";
  for (std::size_t width = 12; width < 40; ++width) {
    const std::string out = wrap(highlighted, width, 2);
    CHECK(escapes_whole(out));
    for (const std::string& line : lines_of(out))
      CHECK(columns(line) <= width);
  }
}

TEST_CASE("wrap_list: lines break between items, not inside them") {
  CHECK(wrap_list("Al Jazeera 1 · BBC News 1 · News24 1", " · ", 25, 9) ==
        "Al Jazeera 1 ·\n         BBC News 1 ·\n         News24 1");
  CHECK(wrap_list("Al Jazeera 1 · BBC News 1 · News24 1", " · ", 80, 9) ==
        "Al Jazeera 1 · BBC News 1 · News24 1");
  // An item wider than a line is broken like text.
  CHECK(wrap_list("a · the counted without the query's source: filters · b", " · ", 20, 0) ==
        "a · the counted\nwithout the query's\nsource: filters · b");
  // Styled items.
  CHECK(wrap_list("\x1b[2mBBC News · 2014-09-15 · 004_b46668153307b5f2\x1b[0m", " · ", 30, 5) ==
        "\x1b[2mBBC News · 2014-09-15 ·\x1b[0m\n     \x1b[2m004_b46668153307b5f2\x1b[0m");
}
