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
#include "engine/sentences.hpp"
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
  const byline::detail::BodyResume resume{
      112, {{16, 90}, {33, 200}, {50, 70000}, {700000, 90000000}}, std::nullopt};
  const auto decoded =
      byline::detail::decode_body_resume(byline::detail::encode_body_resume(resume));
  REQUIRE(decoded);
  CHECK(*decoded == resume);
  CHECK_FALSE(decoded->sentences);  // as index format 2 wrote them
  CHECK(
      byline::detail::decode_body_resume(byline::detail::encode_body_resume({7, {}, std::nullopt}))
          ->first_position == 7);
  CHECK_FALSE(byline::detail::decode_body_resume(""));

  const std::string bytes = byline::detail::encode_body_resume(resume);
  CHECK_FALSE(byline::detail::decode_body_resume(bytes.substr(0, bytes.size() - 1)));  // cut short
  CHECK_FALSE(
      byline::detail::decode_body_resume(std::string("\x05\x05\x00", 3)));   // not increasing
  CHECK_FALSE(byline::detail::decode_body_resume(std::string(12, '\xFF')));  // no end
}

TEST_CASE("a body's sentence boundaries travel with its resume points") {
  byline::detail::BodyResume resume{3, {{8, 41}, {16, 90}}, std::vector<std::uint32_t>{}};
  auto decoded = byline::detail::decode_body_resume(byline::detail::encode_body_resume(resume));
  REQUIRE(decoded);
  REQUIRE(decoded->sentences);
  CHECK(decoded->sentences->empty());  // one sentence: no boundary inside

  resume.sentences = std::vector<std::uint32_t>{25, 61, 200, 70000, 4000000000U};
  decoded = byline::detail::decode_body_resume(byline::detail::encode_body_resume(resume));
  REQUIRE(decoded);
  CHECK(*decoded == resume);

  const std::string bytes = byline::detail::encode_body_resume(resume);
  CHECK_FALSE(byline::detail::decode_body_resume(bytes.substr(0, bytes.size() - 1)));  // cut short
  CHECK_FALSE(byline::detail::decode_body_resume(bytes + std::string(1, '\0')));  // not increasing
  CHECK_FALSE(byline::detail::decode_body_resume(bytes + "\xFF\xFF\xFF\xFF\x0F"));  // past 4 GiB
}

TEST_CASE("the sentence boundaries stored are those the highlighter's rules find") {
  const auto sentences = byline::detail::make_sentence_iterator();
  const std::string text =
      "Mr. Kerry spoke. \"Why?\" he asked.\nA heading\n\nThe end... it was (late.) Yes";
  const auto found = byline::detail::sentence_boundaries(*sentences, text);
  REQUIRE(found);
  const std::vector<std::uint32_t>& boundaries = *found;
  std::vector<std::string> parts;
  std::uint32_t at = 0;
  for (const std::uint32_t b : boundaries) {
    REQUIRE(b > at);
    parts.push_back(text.substr(at, b - at));
    at = b;
  }
  parts.push_back(text.substr(at));
  // ICU's rules as they are: no list of abbreviations, a line feed ends a
  // sentence.
  CHECK(parts == std::vector<std::string>{"Mr. ", "Kerry spoke. ", "\"Why?\" ", "he asked.\n",
                                          "A heading\n", "\n", "The end... it was (late.) ",
                                          "Yes"});
  CHECK(byline::detail::sentence_boundaries(*sentences, "")->empty());
  CHECK(byline::detail::sentence_boundaries(*sentences, "One.")->empty());
}
