// Resume points: analysing a text from one gives exactly the tokens the
// whole analysis has from there on, which is what lets snippets analyse only
// the stretches around the matches.
#include "engine/resume_points.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "byline/analyzer.hpp"
#include "test_support.hpp"

using byline::Analyzer;
using byline::Token;
using byline::detail::ResumePoint;

namespace {

// Texts that test the analyzer's joins and ICU's rules, then the seed
// articles as scraped.
std::vector<std::string> texts() {
  std::vector<std::string> out{
      "The U.S.-led coalition sent 31 500 troops, then 2 000 000 more, on 2014-09-15 and "
      "2014 09 15. E-mail al-Qaeda and self-styled well-known \xE2\x80\x9Cquotes\xE2\x80\x9D "
      "don\xE2\x80\x99t break. 12,000 and 3.5% and v2.0 and g20 summit.\n\n"
      "Fran\xC3\xA7ois Hollande met \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A in "
      "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97 \xE4\xB8\xAD\xE6\x96\x87 and "
      "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2 "
      "text; \xCC\x81 a combining mark after a space, \xF0\x9F\x98\x80 emoji, "
      "\xC2\xA0non-breaking\xC2\xA0spaces and tabs\tand\r\nline breaks.",
  };
  for (const auto& entry : std::filesystem::directory_iterator(byline::test::corpus_dir())) {
    if (entry.path().extension() != ".txt")
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

}  // namespace

TEST_CASE("analysing from any resume point gives the whole analysis's tokens from there on") {
  Analyzer analyzer;
  std::size_t checked = 0;
  for (const std::string& text : texts()) {
    const std::vector<Token> whole = analyzer.analyze(text);
    // Every word that may be a resume point, not only every eighth.
    for (const ResumePoint& point : byline::detail::choose_resume_points(whole, text, 1)) {
      std::vector<Token> tail = analyzer.analyze(std::string_view(text).substr(point.byte));
      for (Token& t : tail) {
        t.position += point.position;
        t.begin += point.byte;
        t.end += point.byte;
      }
      // The whole analysis's tokens from the point's word on.
      std::vector<Token> expected;
      for (const Token& t : whole) {
        if (t.begin >= point.byte)
          expected.push_back(t);
      }
      REQUIRE(tail == expected);
      ++checked;
    }
  }
  CHECK(checked > 3000);
}

TEST_CASE("resume points: after white space, never on digits, about one every interval words") {
  Analyzer analyzer;
  const std::string text = "one two three 31 500 four 2014-09-15 five e-mail six seven";
  const auto points = byline::detail::choose_resume_points(analyzer.analyze(text), text, 1);
  std::vector<std::string> words;
  for (const ResumePoint& p : points)
    words.push_back(text.substr(p.byte, text.find(' ', p.byte) - p.byte));
  // Not "500" (it may continue a digit group), "2014-09-15", "mail" (after a
  // hyphen) nor "one" (the start, always a resume point).
  CHECK(words ==
        std::vector<std::string>{"two", "three", "four", "five", "e-mail", "six", "seven"});

  const std::string long_text = [] {
    std::string s;
    for (int k = 0; k < 100; ++k)
      s += "word ";
    return s;
  }();
  const auto sparse = byline::detail::choose_resume_points(analyzer.analyze(long_text), long_text);
  REQUIRE(sparse.size() == 12);
  CHECK(sparse.front() == ResumePoint{8, 40});
  CHECK(sparse.back() == ResumePoint{96, 480});
}

TEST_CASE("resume points survive encoding, and bytes the encoder did not write are refused") {
  const byline::detail::BodyResume resume{112,
                                          {{16, 90}, {33, 200}, {50, 70000}, {700000, 90000000}}};
  const auto decoded =
      byline::detail::decode_body_resume(byline::detail::encode_body_resume(resume));
  REQUIRE(decoded);
  CHECK(*decoded == resume);
  CHECK(byline::detail::decode_body_resume(byline::detail::encode_body_resume({7, {}}))
            ->first_position == 7);
  CHECK_FALSE(byline::detail::decode_body_resume(""));

  const std::string bytes = byline::detail::encode_body_resume(resume);
  CHECK_FALSE(byline::detail::decode_body_resume(bytes.substr(0, bytes.size() - 1)));  // cut short
  CHECK_FALSE(
      byline::detail::decode_body_resume(std::string("\x05\x05\x00", 3)));   // not increasing
  CHECK_FALSE(byline::detail::decode_body_resume(std::string(12, '\xFF')));  // no end
}
