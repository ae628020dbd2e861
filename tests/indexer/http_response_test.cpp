// Reading stored HTTP responses: headers in any case, chunked bodies, gzip
// and deflate bodies, media type and charset; a body that lies is an error.
#include "indexer/http_response.hpp"

#include <doctest/doctest.h>

#include <string>

#include "indexer/zlib_test_helper.hpp"

using byline::detail::decode_chunked;
using byline::detail::parse_http_response;
using byline::detail::parse_media_type;
using byline::detail::sniffs_as_html;
using byline::test::gzip;

namespace {

const std::string kPage = "<html><body><p>Ferry timetable changes</p></body></html>";

std::string response(std::string_view headers, std::string_view body) {
  return "HTTP/1.1 200 OK\r\n" + std::string(headers) + "\r\n" + std::string(body);
}

}  // namespace

TEST_CASE("a plain response gives its status line and headers and body") {
  const auto r = parse_http_response(response(
      "Content-Type: text/html; charset=ISO-8859-1\r\nContent-Language: en-GB\r\n", kPage));
  REQUIRE(r.ok());
  CHECK(r.version == "HTTP/1.1");
  CHECK(r.status == 200);
  CHECK(r.reason == "OK");
  CHECK(r.body == kPage);
  CHECK(r.media_type.type == "text/html");
  CHECK(r.media_type.charset == "ISO-8859-1");
  CHECK(r.content_language == "en-GB");
  CHECK(r.warnings.empty());
}

TEST_CASE("header names match in any case and folded lines are joined") {
  const auto r = parse_http_response(
      "HTTP/1.0 200 OK\nCONTENT-type: text/html\nX-Long: first part\n   second part\n\nbody");
  REQUIRE(r.ok());
  CHECK(r.header("content-type") == "text/html");
  CHECK(r.header("x-long") == "first part second part");
  CHECK_FALSE(r.header("Content-Length"));
  CHECK(r.body == "body");
}

TEST_CASE("media types and their charset parameter") {
  CHECK(parse_media_type("text/html").type == "text/html");
  CHECK(parse_media_type("Text/HTML ; Charset=\"utf-8\"").charset == "utf-8");
  CHECK(parse_media_type("Text/HTML ; Charset=\"utf-8\"").type == "text/html");
  CHECK(parse_media_type("text/html; q=\"a;b\"; charset=koi8-r").charset == "koi8-r");
  CHECK(parse_media_type("text/html;charset=").charset.empty());
  CHECK(parse_media_type("html").type.empty());
  CHECK(parse_media_type("").type.empty());
}

TEST_CASE("chunked bodies are decoded with extensions and trailers") {
  const std::string body = "7;name=value\r\n<html><\r\n4\r\nbody\r\n1A\r\n>" +
                           std::string(25, 'x') + "\r\n0\r\nExpires: never\r\n\r\n";
  const auto r = parse_http_response(response("Transfer-Encoding: chunked\r\n", body));
  REQUIRE(r.ok());
  CHECK(r.body == "<html><body>" + std::string(25, 'x'));
}

TEST_CASE("a chunk that runs past the end is an error and keeps nothing") {
  const auto r = parse_http_response(
      response("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n400\r\nonly a few bytes"));
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == "truncated chunked body: chunk of 1024 bytes at offset 10 has 16");
  CHECK(r.body.empty());
}

TEST_CASE("a chunk whose size lies or a missing last chunk is an error") {
  std::string error;
  CHECK_FALSE(decode_chunked("3\r\nhello\r\n0\r\n\r\n", error));
  CHECK(error == "chunk of 3 bytes at offset 0 is not followed by CRLF: its size is wrong");
  CHECK_FALSE(decode_chunked("5\r\nhello\r\n", error));
  CHECK(error.starts_with("truncated chunked body: no last chunk"));
  CHECK_FALSE(decode_chunked("5\r\nhello\r\nzz\r\n", error));
  CHECK(error == "bad chunk size line at offset 10");
  CHECK(decode_chunked("5\r\nhello\r\n0\r\n", error) == "hello");  // trailer section cut: fine
}

TEST_CASE("a body stored already dechunked is read as is with a warning") {
  const auto r = parse_http_response(response("Transfer-Encoding: chunked\r\n", kPage));
  REQUIRE(r.ok());
  CHECK(r.body == kPage);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "Transfer-Encoding chunked but the body is not chunked: read as is");
}

TEST_CASE("gzip x-gzip and deflate content encodings are decoded") {
  SUBCASE("gzip") {
    const auto r = parse_http_response(response("Content-Encoding: gzip\r\n", gzip(kPage)));
    REQUIRE(r.ok());
    CHECK(r.body == kPage);
  }
  SUBCASE("x-gzip") {
    const auto r = parse_http_response(response("Content-Encoding: X-GZIP\r\n", gzip(kPage)));
    REQUIRE(r.ok());
    CHECK(r.body == kPage);
  }
  SUBCASE("deflate with a zlib wrapper") {
    const auto body = byline::test::compress(kPage, byline::test::Wrapper::zlib);
    const auto r = parse_http_response(response("Content-Encoding: deflate\r\n", body));
    REQUIRE(r.ok());
    CHECK(r.body == kPage);
  }
  SUBCASE("raw deflate") {
    const auto body = byline::test::compress(kPage, byline::test::Wrapper::raw);
    const auto r = parse_http_response(response("Content-Encoding: deflate\r\n", body));
    REQUIRE(r.ok());
    CHECK(r.body == kPage);
  }
}

TEST_CASE("chunked and gzip together") {
  const auto compressed = gzip(kPage);
  std::string body;
  for (std::size_t i = 0; i < compressed.size(); i += 10) {
    const auto piece = compressed.substr(i, 10);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    body += size + piece + "\r\n";
  }
  body += "0\r\n\r\n";
  const auto r = parse_http_response(
      response("Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", body));
  REQUIRE(r.ok());
  CHECK(r.body == kPage);
}

TEST_CASE("a gzip body cut short is an error") {
  auto compressed = gzip(std::string(4000, 'w') + kPage);
  compressed.resize(compressed.size() - 10);
  const auto r = parse_http_response(response("Content-Encoding: gzip\r\n", compressed));
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == "truncated gzip member at offset 0");
  CHECK(r.body.empty());
}

TEST_CASE("a gzip body over the limit is an error") {
  byline::detail::HttpOptions options;
  options.max_body = 1000;
  const auto r = parse_http_response(
      response("Content-Encoding: gzip\r\n", gzip(std::string(5000, 'a'))), options);
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == "decompressed size over the limit (1000 bytes)");
}

TEST_CASE("content encodings other than gzip and deflate are per-response errors") {
  const auto r = parse_http_response(response("Content-Encoding: br\r\n", "\x1b\x03"));
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == "content encoding br not supported");
}

TEST_CASE("a body stored decoded under Content-Encoding gzip is read as is with a warning") {
  const auto r = parse_http_response(response("Content-Encoding: gzip\r\n", kPage));
  REQUIRE(r.ok());
  CHECK(r.body == kPage);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "Content-Encoding gzip but the body is not gzip: read as is");
}

TEST_CASE("Content-Length cuts extra bytes and a short body gets a warning") {
  const auto longer = parse_http_response(response("Content-Length: 5\r\n", "12345 extra"));
  REQUIRE(longer.ok());
  CHECK(longer.body == "12345");
  const auto shorter = parse_http_response(response("Content-Length: 50\r\n", "12345"));
  REQUIRE(shorter.ok());
  CHECK(shorter.body == "12345");
  REQUIRE(shorter.warnings.size() == 1);
  CHECK(shorter.warnings[0] == "body shorter than its Content-Length (5 of 50 bytes)");
}

TEST_CASE("what is not an HTTP response is an error") {
  CHECK(parse_http_response("GET / HTTP/1.1\r\n\r\n").error ==
        "not an HTTP response (status line \"GET / HTTP/1.1\")");
  CHECK(parse_http_response("HTTP/1.1 abc OK\r\n\r\n").error ==
        "bad HTTP status line \"HTTP/1.1 abc OK\"");
  CHECK(parse_http_response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n").error ==
        "truncated HTTP headers (no empty line after them)");
  CHECK(parse_http_response("").error.has_value());
}

TEST_CASE("the head alone can be read") {
  byline::detail::HttpOptions options;
  options.read_body = false;
  const auto r = parse_http_response(response("Content-Type: video/mp4\r\n", "\x00\x01"), options);
  REQUIRE(r.ok());
  CHECK(r.media_type.type == "video/mp4");
  CHECK(r.body.empty());
}

TEST_CASE("HTML is sniffed as browsers sniff it") {
  CHECK(sniffs_as_html("<!DOCTYPE html><html>"));
  CHECK(sniffs_as_html("\xEF\xBB\xBF\n  <HTML lang=en>"));
  CHECK(sniffs_as_html("<p>text"));
  CHECK(sniffs_as_html("<!-- comment -->"));
  CHECK_FALSE(sniffs_as_html("<?xml version=\"1.0\"?>"));
  CHECK_FALSE(sniffs_as_html("<pre>"));  // "<p" must end the tag name
  CHECK_FALSE(sniffs_as_html("\xFF\xD8\xFF\xE0"));
  CHECK_FALSE(sniffs_as_html(""));
}
