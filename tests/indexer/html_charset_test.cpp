// Deciding an HTML page's charset: byte order mark, HTTP header, <meta>,
// detection, in that order; declarations checked against the bytes.
#include "indexer/html_charset.hpp"

#include <doctest/doctest.h>

#include <string>

using byline::detail::decode_html;
using byline::detail::encoding_for_label;
using byline::detail::prescan_meta_charset;

namespace {

std::string page(std::string_view head, std::string_view body) {
  return "<!DOCTYPE html><html><head>" + std::string(head) + "<title>t</title></head><body><p>" +
         std::string(body) + "</p></body></html>";
}

// "Café crème à Noël" in windows-1252 and in UTF-8.
const std::string kCp1252 = "Caf\xE9 cr\xE8me \xE0 No\xEBl";
const std::string kUtf8 = "Caf\xC3\xA9 cr\xC3\xA8me \xC3\xA0 No\xC3\xABl";

}  // namespace

TEST_CASE("charset labels map as the WHATWG Encoding Standard says") {
  CHECK(encoding_for_label("utf-8") == "UTF-8");
  CHECK(encoding_for_label("  UTF8 ") == "UTF-8");
  CHECK(encoding_for_label("iso-8859-1") == "windows-1252");
  CHECK(encoding_for_label("Latin1") == "windows-1252");
  CHECK(encoding_for_label("us-ascii") == "windows-1252");
  CHECK(encoding_for_label("iso_8859-1:1987") == "windows-1252");
  CHECK(encoding_for_label("iso-8859-9") == "windows-1254");
  CHECK(encoding_for_label("ISO8859-2") == "ISO-8859-2");
  CHECK(encoding_for_label("iso885915") == "ISO-8859-15");
  CHECK(encoding_for_label("cp1251") == "windows-1251");
  CHECK(encoding_for_label("x-cp1250") == "windows-1250");
  CHECK(encoding_for_label("gb2312") == "GBK");
  CHECK(encoding_for_label("sjis") == "Shift_JIS");
  CHECK(encoding_for_label("ks_c_5601-1987") == "EUC-KR");
  CHECK(encoding_for_label("tis-620") == "windows-874");
  CHECK_FALSE(encoding_for_label("iso-2022-kr"));  // "replacement"
  CHECK_FALSE(encoding_for_label("utf-7"));
  CHECK_FALSE(encoding_for_label("cp1259"));
  CHECK_FALSE(encoding_for_label(""));
}

TEST_CASE("the prescan finds meta charset and http-equiv declarations") {
  CHECK(prescan_meta_charset(page("<meta charset=\"ISO-8859-2\">", "")) == "ISO-8859-2");
  CHECK(prescan_meta_charset(page("<META CHARSET=koi8-r>", "")) == "KOI8-R");
  CHECK(prescan_meta_charset(page(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">", "")) ==
        "Shift_JIS");
  CHECK(prescan_meta_charset(page(
            "<meta content='text/html;charset=gb2312' http-equiv=content-type>", "")) == "GBK");
}

TEST_CASE("the prescan passes over what only looks like a declaration") {
  // A content attribute without http-equiv is not a declaration.
  CHECK_FALSE(prescan_meta_charset(page("<meta content=\"charset=koi8-r\">", "")));
  // Comments and attribute values of other tags are skipped.
  CHECK_FALSE(prescan_meta_charset(page("<!-- <meta charset=koi8-r> -->", "")));
  CHECK_FALSE(prescan_meta_charset(page("<a title='<meta charset=koi8-r>'>", "")));
  // An unknown label is passed over and the next declaration taken.
  CHECK(prescan_meta_charset(page("<meta charset=bogus><meta charset=utf-8>", "")) == "UTF-8");
  // UTF-16 declared in ASCII-compatible bytes means UTF-8.
  CHECK(prescan_meta_charset(page("<meta charset=utf-16>", "")) == "UTF-8");
  // Past the prescan window.
  CHECK_FALSE(prescan_meta_charset(std::string(5000, ' ') + "<meta charset=koi8-r>"));
  CHECK_FALSE(prescan_meta_charset(""));
  CHECK_FALSE(prescan_meta_charset("<meta charset="));
}

TEST_CASE("a byte order mark wins over every declaration") {
  const auto decoded =
      decode_html("\xEF\xBB\xBF" + page("<meta charset=windows-1252>", kUtf8), "windows-1252");
  REQUIRE(decoded.ok());
  CHECK(decoded.charset == "UTF-8");
  CHECK(decoded.text.find(kUtf8) != std::string::npos);
  CHECK_FALSE(decoded.warning);
}

TEST_CASE("the HTTP charset wins over meta") {
  const auto decoded = decode_html(page("<meta charset=utf-8>", "\xCC\xE8\xF0"), "windows-1251");
  REQUIRE(decoded.ok());
  CHECK(decoded.charset == "windows-1251");
  CHECK(decoded.text.find("\xD0\x9C\xD0\xB8\xD1\x80") != std::string::npos);  // "Мир"
  CHECK_FALSE(decoded.warning);
}

TEST_CASE("a declared legacy charset is converted") {
  SUBCASE("windows-1252 from meta") {
    const auto decoded = decode_html(page("<meta charset=iso-8859-1>", kCp1252 + " \x93q\x94"));
    REQUIRE(decoded.ok());
    CHECK(decoded.charset == "windows-1252");
    CHECK(decoded.text.find(kUtf8 + " \xE2\x80\x9Cq\xE2\x80\x9D") != std::string::npos);
    CHECK_FALSE(decoded.warning);
  }
  SUBCASE("Shift_JIS") {
    const auto decoded = decode_html(page("<meta charset=shift_jis>", "\x93\xFA\x96\x7B"));
    REQUIRE(decoded.ok());
    CHECK(decoded.text.find("\xE6\x97\xA5\xE6\x9C\xAC") != std::string::npos);  // "日本"
  }
  SUBCASE("GBK declared as gb2312") {
    const auto decoded = decode_html(page("", "\xD6\xD0\xCE\xC4"), "gb2312");
    REQUIRE(decoded.ok());
    CHECK(decoded.charset == "GBK");
    CHECK(decoded.text.find("\xE4\xB8\xAD\xE6\x96\x87") != std::string::npos);  // "中文"
  }
  SUBCASE("EUC-KR") {
    const auto decoded = decode_html(page("<meta charset=euc-kr>", "\xC7\xD1\xB1\xB9"));
    REQUIRE(decoded.ok());
    CHECK(decoded.text.find("\xED\x95\x9C\xEA\xB5\xAD") != std::string::npos);  // "한국"
  }
}

TEST_CASE("declared UTF-8 but is not: read as detected with a warning") {
  const auto decoded = decode_html(page("<meta charset=utf-8>", kCp1252));
  REQUIRE(decoded.ok());
  CHECK(decoded.charset == "windows-1252");
  CHECK(decoded.warning == "declared UTF-8 but is not: read as windows-1252");
  CHECK(decoded.text.find(kUtf8) != std::string::npos);
}

TEST_CASE("declared windows-1252 but the bytes are UTF-8: read as UTF-8 with a warning") {
  const auto decoded = decode_html(page("<meta charset=windows-1252>", kUtf8));
  REQUIRE(decoded.ok());
  CHECK(decoded.charset == "UTF-8");
  CHECK(decoded.warning == "declared windows-1252 but is UTF-8: read as UTF-8");
  CHECK(decoded.text.find(kUtf8) != std::string::npos);
}

TEST_CASE("declared UTF-8 with a few broken bytes keeps the rest") {
  const auto decoded = decode_html(page("<meta charset=utf-8>", kUtf8 + " \xFF " + kUtf8));
  REQUIRE(decoded.ok());
  CHECK(decoded.charset == "UTF-8");
  CHECK(decoded.warning == "declared UTF-8 with 1 invalid byte sequence: replaced with U+FFFD");
  CHECK(decoded.text.find(kUtf8 + " \xEF\xBF\xBD " + kUtf8) != std::string::npos);
}

TEST_CASE("without a declaration the page is detected as a text file is") {
  const auto utf8 = decode_html(page("", kUtf8));
  REQUIRE(utf8.ok());
  CHECK(utf8.charset == "UTF-8");
  CHECK_FALSE(utf8.warning);
  const auto legacy = decode_html(page("", kCp1252));
  REQUIRE(legacy.ok());
  CHECK(legacy.charset == "windows-1252");
  CHECK(legacy.warning == "not UTF-8: read as windows-1252");
}

TEST_CASE("an unknown HTTP charset falls back to meta or detection") {
  const auto with_meta = decode_html(page("<meta charset=windows-1252>", kCp1252), "x-bogus");
  REQUIRE(with_meta.ok());
  CHECK(with_meta.charset == "windows-1252");
  const auto without = decode_html(page("", kCp1252), "x-bogus");
  REQUIRE(without.ok());
  CHECK(without.warning == "unknown charset \"x-bogus\" declared: read as windows-1252");
}

TEST_CASE("malformed bytes never throw and line ends become LF") {
  const auto decoded = decode_html("<p>a\r\nb\rc</p>", "utf-8");
  REQUIRE(decoded.ok());
  CHECK(decoded.text == "<p>a\nb\nc</p>");
  CHECK_FALSE(decode_html("").ok());
  CHECK_FALSE(decode_html("   \n", "utf-8").ok());
  for (const char* charset : {"utf-8", "shift_jis", "utf-16le", "windows-1252", ""})
    CHECK_NOTHROW((void)decode_html(std::string("\xFF\xFE\x00\xD8\x80\x81\xC3", 7), charset));
}
