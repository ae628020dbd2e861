// Decoding input files: whatever the bytes, UTF-8 text comes out, or a
// reason why the file is not text.
#include "indexer/decode.hpp"

#include <doctest/doctest.h>

#include <string>

using byline::detail::decode_text;

namespace {

// The bytes of `ascii` in UTF-16, little or big endian.
std::string utf16(std::string_view ascii, bool little_endian) {
  std::string out;
  for (const char c : ascii) {
    if (little_endian) {
      out += c;
      out += '\0';
    } else {
      out += '\0';
      out += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("valid UTF-8 is taken as is, without a warning") {
  const auto decoded = decode_text("Caf\xC3\xA9 \xE2\x80\x98quoted\xE2\x80\x99\n");
  REQUIRE(decoded.ok());
  CHECK(decoded.text == "Caf\xC3\xA9 \xE2\x80\x98quoted\xE2\x80\x99\n");
  CHECK(decoded.charset == "UTF-8");
  CHECK_FALSE(decoded.warning);
}

TEST_CASE("a UTF-8 byte order mark is dropped") {
  const auto decoded = decode_text("\xEF\xBB\xBFHeadline here\n");
  REQUIRE(decoded.ok());
  CHECK(decoded.text == "Headline here\n");
  CHECK_FALSE(decoded.warning);
}

TEST_CASE("UTF-16 with a byte order mark is converted, both byte orders") {
  SUBCASE("little endian") {
    const auto decoded = decode_text("\xFF\xFE" + utf16("Paris talks\n", true));
    REQUIRE(decoded.ok());
    CHECK(decoded.text == "Paris talks\n");
    CHECK(decoded.charset == "UTF-16LE");
  }
  SUBCASE("big endian") {
    const auto decoded = decode_text("\xFE\xFF" + utf16("Paris talks\n", false));
    REQUIRE(decoded.ok());
    CHECK(decoded.text == "Paris talks\n");
    CHECK(decoded.charset == "UTF-16BE");
  }
  SUBCASE("non-ASCII characters survive") {
    // "é" is U+00E9, "€" U+20AC.
    const auto decoded =
        decode_text(std::string("\xFF\xFE"
                                "c\0a\0f\0\xE9\0 \0\xAC\x20",
                                14));
    REQUIRE(decoded.ok());
    CHECK(decoded.text == "caf\xC3\xA9 \xE2\x82\xAC");
  }
}

TEST_CASE("UTF-16 without a byte order mark is recognised when it clearly reads as text") {
  const auto decoded = decode_text(
      utf16("World leaders pledge to help Iraq fight ISIL\n\nThirty countries...", true));
  REQUIRE(decoded.ok());
  CHECK(decoded.text == "World leaders pledge to help Iraq fight ISIL\n\nThirty countries...");
  CHECK(decoded.charset == "UTF-16LE");
}

TEST_CASE("windows-1252 is converted to UTF-8 with a warning naming the charset") {
  // "café ‘quoted’" as a Windows editor saves it: é = E9, ‘ = 91, ’ = 92.
  const auto decoded = decode_text("caf\xE9 \x91quoted\x92");
  REQUIRE(decoded.ok());
  CHECK(decoded.text == "caf\xC3\xA9 \xE2\x80\x98quoted\xE2\x80\x99");
  CHECK(decoded.charset == "windows-1252");
  REQUIRE(decoded.warning);
  CHECK(*decoded.warning == "not UTF-8: read as windows-1252");
}

TEST_CASE("text ICU calls ISO-8859-1 is read as windows-1252, as browsers do") {
  const std::string latin1 =
      "The caf\xE9 on the corner serves cr\xE8me br\xFBl\xE9"
      "e to tourists from all over the "
      "world, every day of the week.\n";
  const auto decoded = decode_text(latin1);
  REQUIRE(decoded.ok());
  CHECK(decoded.charset == "windows-1252");
  CHECK(decoded.text.find("cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                          "e") != std::string::npos);
  CHECK(decoded.warning == "not UTF-8: read as windows-1252");
}

TEST_CASE("invalid UTF-8 is never passed through") {
  SUBCASE("mostly legacy bytes: read as a legacy charset, with a warning") {
    const auto decoded = decode_text("Good text \xC3\xA9 then a bad byte \xFF here\n");
    REQUIRE(decoded.ok());
    CHECK(decoded.warning);
    CHECK(decoded.text.starts_with("Good text "));
    CHECK(decoded.text.find('\xFF') == std::string::npos);
  }
  SUBCASE("mostly valid UTF-8 with damage: an error, not garbled text") {
    const auto decoded = decode_text(
        "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
        "e, then a cut \xC3");
    CHECK(decoded.error == "invalid UTF-8 at byte offset 34");
  }
}

TEST_CASE("a binary file is an error that says where the NUL byte is") {
  const std::string elf(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0",
      24);
  const auto decoded = decode_text(elf);
  CHECK_FALSE(decoded.ok());
  CHECK(decoded.error == "binary file (NUL byte at offset 7)");
  CHECK(decoded.text.empty());
}

TEST_CASE("a text file with a stray NUL byte is not indexed as text") {
  const auto decoded = decode_text(std::string("Headline\0 and more words here", 29));
  CHECK(decoded.error == "binary file (NUL byte at offset 8)");
}

TEST_CASE("an empty or blank file is an error") {
  CHECK(decode_text("").error == "empty file");
  CHECK(decode_text(" \n\t\r\n ").error == "empty file");
  CHECK(decode_text("\xEF\xBB\xBF").error == "empty file");
  CHECK(decode_text("\xC2\xA0\n").error == "empty file");  // a no-break space only
  CHECK(decode_text("\xFF\xFE" + utf16("  \n", true)).error == "empty file");
}

TEST_CASE("CRLF and lone CR line endings become LF") {
  CHECK(decode_text("one\r\ntwo\rthree\n\r\nfour").text == "one\ntwo\nthree\n\nfour");
  CHECK(decode_text("\xFF\xFE" + utf16("a\r\nb", true)).text == "a\nb");
  CHECK(decode_text("caf\xE9\r\n").text == "caf\xC3\xA9\n");
}

TEST_CASE("other legacy charsets are detected too, not forced into windows-1252") {
  // "Лидеры тридцати стран пообещали помочь Ираку ..." saved as windows-1251.
  const auto decoded = decode_text(
      "\xCB\xE8\xE4\xE5\xF0\xFB \xF2\xF0\xE8\xE4\xF6\xE0\xF2\xE8 \xF1\xF2\xF0\xE0\xED "
      "\xEF\xEE\xEE\xE1\xE5\xF9\xE0\xEB\xE8 \xEF\xEE\xEC\xEE\xF7\xFC \xC8\xF0\xE0\xEA\xF3 \xE2 "
      "\xE1\xEE\xF0\xFC\xE1\xE5 \xF1 \xE1\xEE\xE5\xE2\xE8\xEA\xE0\xEC\xE8 "
      "\xC8\xF1\xEB\xE0\xEC\xF1\xEA\xEE\xE3\xEE \xE3\xEE\xF1\xF3\xE4\xE0\xF0\xF1\xF2\xE2\xE0.\n");
  REQUIRE(decoded.ok());
  CHECK(decoded.charset == "windows-1251");
  CHECK(
      decoded.text.starts_with("\xD0\x9B\xD0\xB8\xD0\xB4\xD0\xB5\xD1\x80\xD1\x8B "));  // "Лидеры "
  CHECK(decoded.warning == "not UTF-8: read as windows-1251");
}
