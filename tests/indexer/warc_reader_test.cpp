// Reading WARC files: the HTML responses become pages, everything else is
// counted and named, and a broken record costs that record only.
#include "indexer/warc_reader.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/html_charset.hpp"
#include "indexer/zlib_test_helper.hpp"

using byline::detail::WarcItem;
using byline::detail::WarcOptions;
using byline::detail::WarcPage;
using byline::detail::WarcProblem;
using byline::detail::WarcReader;
using byline::detail::WarcSkipped;
using byline::test::gzip;

namespace {

const std::string kHttpType = "application/http; msgtype=response";

std::string warc_record(std::string_view type, std::string_view block,
                        std::string_view content_type = kHttpType,
                        std::string_view uri = "<https://news.example/story>",
                        std::string_view extra = "", std::optional<std::size_t> length = {}) {
  std::string out = "WARC/1.1\r\nWARC-Type: " + std::string(type) + "\r\n";
  out += "WARC-Record-ID: <urn:uuid:6f3c2a1e-0000-4000-8000-000000000001>\r\n";
  out += "WARC-Date: 2024-05-01T10:00:00Z\r\n";
  if (!uri.empty())
    out += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  out += extra;
  if (!content_type.empty())
    out += "Content-Type: " + std::string(content_type) + "\r\n";
  out += "Content-Length: " + std::to_string(length.value_or(block.size())) + "\r\n\r\n";
  return out + std::string(block) + "\r\n\r\n";
}

std::string http(std::string_view body,
                 std::string_view headers = "Content-Type: text/html; charset=utf-8\r\n",
                 std::string_view status = "200 OK") {
  return "HTTP/1.1 " + std::string(status) + "\r\n" + std::string(headers) + "\r\n" +
         std::string(body);
}

std::string html(std::string_view words) {
  return "<!DOCTYPE html><html><head><title>" + std::string(words) + "</title></head><body><p>" +
         std::string(words) + "</p></body></html>";
}

struct Read {
  std::vector<WarcItem> items;
  byline::detail::WarcCounts counts;
  bool compressed = false;

  [[nodiscard]] std::vector<WarcPage> pages() const {
    std::vector<WarcPage> out;
    for (const auto& item : items) {
      if (const auto* page = std::get_if<WarcPage>(&item))
        out.push_back(*page);
    }
    return out;
  }
  [[nodiscard]] std::vector<WarcProblem> problems() const {
    std::vector<WarcProblem> out;
    for (const auto& item : items) {
      if (const auto* problem = std::get_if<WarcProblem>(&item))
        out.push_back(*problem);
    }
    return out;
  }
  [[nodiscard]] std::vector<std::string> skipped() const {
    std::vector<std::string> out;
    for (const auto& item : items) {
      if (const auto* skip = std::get_if<WarcSkipped>(&item))
        out.push_back(skip->type);
    }
    return out;
  }
};

Read read_all(std::istream& in, WarcOptions options = {}) {
  WarcReader reader(in, options);
  Read out;
  while (auto item = reader.next())
    out.items.push_back(std::move(*item));
  CHECK_FALSE(reader.next());
  out.counts = reader.counts();
  out.compressed = reader.compressed();
  return out;
}

Read read_all(const std::string& bytes, WarcOptions options = {}) {
  std::istringstream in(bytes);
  return read_all(in, options);
}

}  // namespace

TEST_CASE("warc: an HTML response becomes a page with the record's fields") {
  const auto bytes = warc_record(
      "response", http(html("Tidal power plan approved"),
                       "Content-Type: text/html; charset=ISO-8859-1\r\nContent-Language: en\r\n"));
  const auto read = read_all(bytes);
  CHECK_FALSE(read.compressed);
  REQUIRE(read.items.size() == 1);
  const auto& page = std::get<WarcPage>(read.items[0]);
  CHECK(page.record == 1);
  CHECK(page.offset == 0);
  CHECK(page.target_uri == "https://news.example/story");
  CHECK(page.date == "2024-05-01T10:00:00Z");
  CHECK(page.record_id == "<urn:uuid:6f3c2a1e-0000-4000-8000-000000000001>");
  CHECK(page.html_bytes == html("Tidal power plan approved"));
  CHECK(page.media_type == "text/html");
  CHECK(page.http_charset == "ISO-8859-1");
  CHECK(page.content_language == "en");
  CHECK(page.http_status == 200);
  CHECK(page.warnings.empty());
  CHECK(read.counts.summary() == "1 page");
}

TEST_CASE("warc: other records are counted and named and skipped") {
  const std::vector<std::string> records = {
      warc_record("warcinfo", "software: test\r\n", "application/warc-fields", ""),
      warc_record("request", "GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"),
      warc_record("response", http(html("Harbour"))),
      warc_record("response", http("\xFF\xD8\xFF", "Content-Type: image/jpeg\r\n")),
      warc_record(
          "revisit", http("", "Content-Type: text/html\r\n"), kHttpType, "<https://x/>",
          "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n"),
      warc_record("metadata", "via: https://x/\r\n", "application/warc-fields"),
      warc_record("response", http(html("Moved"), "Content-Type: text/html\r\nLocation: /b\r\n",
                                   "301 Moved Permanently")),
      warc_record("response", "A 1.2.3.4\r\n", "text/dns", "dns:news.example"),
  };
  std::string bytes;
  for (const auto& r : records)
    bytes += r;
  const auto read = read_all(bytes);
  CHECK(read.skipped() == std::vector<std::string>{"warcinfo", "request", "non-HTML (image/jpeg)",
                                                   "revisit", "metadata", "HTTP 301",
                                                   "non-HTTP response (text/dns)"});
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].record == 3);
  CHECK(read.pages()[0].offset == records[0].size() + records[1].size());
  CHECK(read.counts.records == 8);
  CHECK(read.counts.summary() ==
        "1 page, 2 non-HTML, 1 revisit, 1 redirect or HTTP error, 3 other records");
}

TEST_CASE("warc: a resource record with text/html is a page") {
  const auto read =
      read_all(warc_record("resource", html("Flood barrier"), "text/html; charset=windows-1252"));
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].html_bytes == html("Flood barrier"));
  CHECK(read.pages()[0].http_charset == "windows-1252");
  CHECK(read.pages()[0].http_status == 0);
  const auto text = read_all(warc_record("resource", "plain words", "text/plain"));
  CHECK(text.skipped() == std::vector<std::string>{"non-HTML (text/plain)"});
}

TEST_CASE("warc: a response without Content-Type is a page when it sniffs as HTML") {
  const auto read = read_all(warc_record("response", http(html("Sniffed"), "Server: x\r\n")) +
                             warc_record("response", http("%PDF-1.4", "Server: x\r\n")));
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].media_type.empty());
  CHECK(read.skipped() == std::vector<std::string>{"non-HTML (no Content-Type)"});
}

TEST_CASE("warc: chunked and gzip bodies are decoded") {
  const auto body = gzip(html("Council vote"));
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  const auto chunked = std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
  const auto read =
      read_all(warc_record("response", http(chunked,
                                            "Content-Type: text/html\r\nContent-Encoding: gzip\r\n"
                                            "Transfer-Encoding: chunked\r\n")));
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].html_bytes == html("Council vote"));
}

TEST_CASE("warc: an HTTP body that cannot be decoded is a problem for that record") {
  const auto read = read_all(
      warc_record("response",
                  http("\x1b\x03", "Content-Type: text/html\r\nContent-Encoding: br\r\n")) +
      warc_record("response",
                  http("5\r\nabc", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n")) +
      warc_record("response", http(html("Still read"))));
  REQUIRE(read.problems().size() == 2);
  CHECK(read.problems()[0].record == 1);
  CHECK(read.problems()[0].message == "content encoding br not supported");
  CHECK(read.problems()[1].record == 2);
  CHECK(read.problems()[1].message.starts_with("truncated chunked body"));
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].record == 3);
}

TEST_CASE("warc: WARC/1.0 and a target URI without angle brackets") {
  auto bytes = warc_record("response", http(html("Old format")), kHttpType, "http://a.example/");
  bytes.replace(0, 8, "WARC/1.0");
  const auto read = read_all(bytes);
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].target_uri == "http://a.example/");
}

TEST_CASE("warc: a multi-member gzip file gives each record its member's offset") {
  const std::vector<std::string> records = {
      warc_record("warcinfo", "software: test\r\n", "application/warc-fields", ""),
      warc_record("response", http(html("First story"))),
      warc_record("response", http(html("Second story"))),
  };
  const auto first = gzip(records[0]);
  const auto second = gzip(records[1]);
  const auto read = read_all(first + second + gzip(records[2]));
  CHECK(read.compressed);
  REQUIRE(read.pages().size() == 2);
  CHECK(read.pages()[0].offset == first.size());
  CHECK(read.pages()[1].offset == first.size() + second.size());
  CHECK(read.pages()[1].html_bytes == html("Second story"));
}

TEST_CASE("warc: a whole file in one gzip member is read too") {
  const auto read = read_all(gzip(warc_record("response", http(html("One"))) +
                                  warc_record("response", http(html("Two")))));
  REQUIRE(read.pages().size() == 2);
  CHECK(read.pages()[1].html_bytes == html("Two"));
}

TEST_CASE("warc: a Content-Length that is too long is a problem and the next record is read") {
  const auto good = warc_record("response", http(html("After the lie")));
  const auto block = http(html("Liar"));
  const auto lying =
      warc_record("response", block, kHttpType, "<https://x/>", "", block.size() + 30);
  SUBCASE("runs into the next record") {
    const auto read = read_all(lying + good);
    REQUIRE(read.problems().size() == 1);
    CHECK(read.problems()[0].record == 1);
    CHECK(read.problems()[0].offset == 0);
    CHECK(read.problems()[0].message ==
          "Content-Length " + std::to_string(block.size() + 30) +
              " does not match the record block (no CRLF CRLF after it)");
    REQUIRE(read.pages().size() == 1);
    CHECK(read.pages()[0].record == 2);
    CHECK(read.pages()[0].offset == lying.size());
    CHECK(read.counts.summary() == "1 page, 1 broken record");
  }
  SUBCASE("runs past the end of the file") {
    const auto read = read_all(good + lying);
    REQUIRE(read.problems().size() == 1);
    CHECK(read.problems()[0].record == 2);
    CHECK(read.problems()[0].message.find("runs past the end of the file") != std::string::npos);
    CHECK(read.pages().size() == 1);
  }
  SUBCASE("in gzip members") {
    const auto read = read_all(gzip(lying) + gzip(good));
    REQUIRE(read.problems().size() == 1);
    REQUIRE(read.pages().size() == 1);
    CHECK(read.pages()[0].offset == gzip(lying).size());
  }
}

TEST_CASE("warc: a Content-Length that is too short is a problem and the next record is read") {
  const auto block = http(html("Short"));
  const auto read =
      read_all(warc_record("response", block, kHttpType, "<https://x/>", "", block.size() - 20) +
               warc_record("response", http(html("Next one"))));
  REQUIRE(read.problems().size() == 1);
  CHECK(read.problems()[0].record == 1);
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].record == 2);
  CHECK(read.pages()[0].html_bytes == html("Next one"));
}

TEST_CASE("warc: missing or bad Content-Length and bad version lines are problems") {
  const auto good = warc_record("response", http(html("Good")));
  auto missing = good;
  missing.replace(missing.find("Content-Length"), 14, "Content-Lengthy");
  auto bad = good;
  bad.replace(bad.find("Content-Length: ") + 16, 1, "x");
  auto version = good;
  version.replace(0, 8, "WARC/2.0");
  // A resync looks for "WARC/1.": it passes over the WARC/2.0 record when
  // it comes after a broken one, so that one comes after a good record.
  const auto read = read_all("garbage line\r\n" + good + version + good + missing + bad + good);
  const auto problems = read.problems();
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].record == 1);
  CHECK(problems[0].message == "no WARC version line (found \"garbage line\")");
  CHECK(problems[1].record == 3);
  CHECK(problems[1].message == "unsupported WARC version \"WARC/2.0\"");
  CHECK(problems[2].record == 5);
  CHECK(problems[2].message == "no Content-Length");
  CHECK(problems[3].record == 6);
  CHECK(problems[3].message.starts_with("bad Content-Length \"x"));
  REQUIRE(read.pages().size() == 3);
  CHECK(read.pages()[0].record == 2);
  CHECK(read.pages()[1].record == 4);
  CHECK(read.pages()[2].record == 7);
}

TEST_CASE("warc: a file that is not a WARC gives one problem") {
  const auto read = read_all("<html>not a crawl</html>\n");
  REQUIRE(read.items.size() == 1);
  CHECK(std::get<WarcProblem>(read.items[0]).message.starts_with("no WARC version line"));
  CHECK(read_all("").items.empty());
}

TEST_CASE("warc: a truncated gzip member is a problem naming the record and the member") {
  const auto first = gzip(warc_record("response", http(html("Kept"))));
  auto second = gzip(warc_record("response", http(html(std::string(3000, 'q')))));
  SUBCASE("at the end of the file") {
    second.resize(second.size() / 2);
    const auto read = read_all(first + second);
    REQUIRE(read.pages().size() == 1);
    REQUIRE(read.problems().size() == 1);
    CHECK(read.problems()[0].record == 2);
    CHECK(read.problems()[0].offset == first.size());
    CHECK(read.problems()[0].message ==
          "truncated gzip member at offset " + std::to_string(first.size()));
  }
  SUBCASE("in the middle of the file") {
    second.resize(second.size() / 2);
    const auto third = gzip(warc_record("response", http(html("After the damage"))));
    const auto read = read_all(first + second + third);
    CHECK(read.problems().size() >= 1);
    REQUIRE(read.pages().size() == 2);
    CHECK(read.pages()[1].html_bytes == html("After the damage"));
  }
  SUBCASE("a bad CRC in the middle of the file") {
    second[second.size() - 8] = static_cast<char>(second[second.size() - 8] ^ 1);
    const auto third = gzip(warc_record("response", http(html("After the damage"))));
    const auto read = read_all(first + second + third);
    REQUIRE(read.problems().size() == 1);
    CHECK(read.problems()[0].message ==
          "gzip member at offset " + std::to_string(first.size()) + " fails its CRC check");
    // Found once the record was read: the problem names that record.
    CHECK(read.problems()[0].record == 2);
    CHECK(read.problems()[0].offset == first.size());
    REQUIRE(read.pages().size() == 3);
    CHECK(read.pages()[2].record == 3);
    CHECK(read.pages()[2].html_bytes == html("After the damage"));
    CHECK(read.counts.records == 3);
  }
}

TEST_CASE("warc: a record over the size limit is skipped without being held") {
  WarcOptions options;
  options.max_record = 10'000;
  const auto big_html = warc_record("response", http(html(std::string(20'000, 'h'))));
  const auto big_video =
      warc_record("response", http(std::string(20'000, 'v'), "Content-Type: video/mp4\r\n"));
  const auto small = warc_record("response", http(html("Small")));
  const auto read = read_all(big_html + big_video + small, options);
  REQUIRE(read.problems().size() == 1);
  CHECK(read.problems()[0].record == 1);
  CHECK(read.problems()[0].message.starts_with("record of "));
  CHECK(read.skipped() == std::vector<std::string>{"non-HTML (video/mp4)"});
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].record == 3);
}

TEST_CASE("warc: records larger than a read buffer and many records in a row") {
  std::string bytes;
  std::vector<std::string> bodies;
  for (int i = 0; i < 40; ++i) {
    bodies.push_back(html("story " + std::to_string(i) + " " + std::string(9000 * (i % 5), 'w')));
    bytes += warc_record("response", http(bodies.back()));
  }
  for (const auto& input : {bytes, gzip(bytes)}) {
    const auto read = read_all(input);
    REQUIRE(read.pages().size() == 40);
    for (int i = 0; i < 40; ++i)
      CHECK(read.pages()[static_cast<std::size_t>(i)].html_bytes ==
            bodies[static_cast<std::size_t>(i)]);
  }
}

TEST_CASE("warc: WARC-Truncated is passed on as a warning") {
  const auto read = read_all(warc_record("response", http(html("Cut")), kHttpType, "<https://x/>",
                                         "WARC-Truncated: length\r\n"));
  REQUIRE(read.pages().size() == 1);
  CHECK(read.pages()[0].warnings ==
        std::vector<std::string>{"truncated by the crawler (WARC-Truncated: length)"});
}

TEST_CASE("warc: the sample crawl reads the same plain and gzip") {
  const std::string dir = BYLINE_SOURCE_DIR "/tests/fixtures/warc/";
  for (const char* name : {"sample.warc", "sample.warc.gz"}) {
    CAPTURE(name);
    std::ifstream in(dir + name, std::ios::binary);
    REQUIRE(in);
    const auto read = read_all(in);
    CHECK(read.compressed == std::string_view(name).ends_with(".gz"));
    CHECK(read.counts.summary() ==
          "3 pages, 1 non-HTML, 1 revisit, 2 other records, 1 broken record");
    CHECK(read.skipped() ==
          std::vector<std::string>{"warcinfo", "request", "non-HTML (image/jpeg)", "revisit"});
    const auto pages = read.pages();
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].record == 3);
    CHECK(pages[0].content_language == "en");
    CHECK(pages[0].html_bytes.find("Kestrel Point lighthouse") != std::string::npos);
    CHECK(pages[1].record == 4);
    CHECK(pages[1].html_bytes.find("Windkraftanlage") != std::string::npos);
    CHECK(pages[2].record == 8);
    CHECK(pages[2].target_uri == "https://courrier-littoral.example/port/goelands");
    CHECK(pages[2].http_charset.empty());
    // Declared by <meta> only, in windows-1252.
    const auto french = byline::detail::decode_html(pages[2].html_bytes, pages[2].http_charset);
    REQUIRE(french.ok());
    CHECK(french.charset == "windows-1252");
    CHECK(french.text.find("goélands") != std::string::npos);
    const auto german = byline::detail::decode_html(pages[1].html_bytes, pages[1].http_charset);
    REQUIRE(german.ok());
    CHECK(german.text.find("Bürgerentscheid") != std::string::npos);
    REQUIRE(read.problems().size() == 1);
    CHECK(read.problems()[0].record == 7);
  }
}
