// The stored form of an article: what is encoded is decoded, whatever the
// fields hold, and damaged data is an Error(corrupt), never a crash.
#include "engine/document_codec.hpp"

#include <doctest/doctest.h>
#include <zstd.h>

#include <string>
#include <vector>

#include "byline/error.hpp"

using namespace std::string_literals;
using byline::Article;
using byline::detail::decode_article;
using byline::detail::decode_fields;
using byline::detail::encode_article;

namespace {

Article sample(std::string title) {
  Article a;
  a.id = "world/001";
  a.title = std::move(title);
  a.source = "BBC News";
  a.date = "2014-09-15";
  a.url = "https://example.com/a?b=1&c=\"2\"";
  a.path = "corpus/world/001.txt";
  a.lang = "en";
  a.body = "First line.\nSecond line with \"quotes\" and a \\ backslash.";
  return a;
}

bool same_fields(const Article& a, const Article& b) {
  return a.id == b.id && a.title == b.title && a.source == b.source && a.date == b.date &&
         a.author == b.author && a.url == b.url && a.path == b.path && a.lang == b.lang;
}

}  // namespace

TEST_CASE("fields survive encoding whatever they hold: quotes, escapes, control bytes, UTF-8") {
  const std::vector<std::string> titles = {
      "Plain title",
      "",
      "\"Dirty hands\" in Paris",
      "Back\\slash and /slash/",
      "Tab\tnew\nline\rreturn\bback\fform",
      "NUL \0 and \x01\x1f control"s,
      "Caf\xC3\xA9 \xE2\x80\x98quoted\xE2\x80\x99 \xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2 "
      "\xF0\x9F\x93\xB0",
  };
  for (const std::string& title : titles) {
    CAPTURE(title);
    const Article a = sample(title);
    const std::string data = encode_article(a);
    const Article fields = decode_fields(data);
    CHECK(same_fields(fields, a));
    CHECK(fields.body.empty());
    const Article whole = decode_article(data);
    CHECK(same_fields(whole, a));
    CHECK(whole.body == a.body);
  }
}

TEST_CASE("fields written another way (spaces, other keys, numbers) are still read") {
  const std::string data =
      "{ \"id\" : \"x1\", \"title\": \"T\\u00e9l\\u00e9\", \"extra\": 3, \"source\": \"AP\" "
      "}\nBody";
  const Article a = decode_article(data);
  CHECK(a.id == "x1");
  CHECK(a.title == "T\xC3\xA9l\xC3\xA9");
  CHECK(a.source == "AP");
  CHECK(a.body == "Body");
}

TEST_CASE("damaged stored data is an Error(corrupt)") {
  for (const std::string data : {"", "no fields line", "{\"id\": \"x\"", "{\"id\": \"x\"}}\nbody",
                                 "{\"id\": \"unterminated}\nbody", "[1, 2]\nbody"}) {
    CAPTURE(data);
    try {
      (void)decode_fields(data);
      FAIL("decoded damaged data");
    } catch (const byline::Error& e) {
      CHECK(e.kind() == byline::Error::Kind::corrupt);
    }
  }
}

TEST_CASE("articles are stored compressed, and those stored as text before are still read") {
  Article a = sample("Compressed");
  for (int k = 0; k < 50; ++k)
    a.body += " The coalition pledged support, the minister said on Monday.";
  const std::string data = encode_article(a);
  CHECK(data.starts_with("\x28\xB5\x2F\xFD"));  // a zstd frame
  CHECK(data.size() * 4 < a.body.size());
  const Article back = decode_article(data);
  CHECK(same_fields(back, a));
  CHECK(back.body == a.body);
  CHECK(same_fields(decode_fields(data), a));

  // Index format 1: the fields line and the body, as text.
  const std::string format_1 =
      "{\"id\":\"old\",\"title\":\"Stored before\",\"source\":\"\",\"date\":\"\",\"url\":\"\","
      "\"path\":\"\",\"lang\":\"en\"}\nThe body as it was.";
  const Article old = decode_article(format_1);
  CHECK(old.id == "old");
  CHECK(old.title == "Stored before");
  CHECK(old.author.empty());
  CHECK(old.body == "The body as it was.");
}

namespace {

std::string zstd_frame(std::string_view text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 1));
  return out;
}

}  // namespace

TEST_CASE("fields and body are compressed apart, so that a hit decompresses its fields alone") {
  Article a = sample("Apart");
  for (int k = 0; k < 50; ++k)
    a.body += " The coalition pledged support, the minister said on Monday.";
  const std::string data = encode_article(a, "resume points");
  const std::size_t first = ZSTD_findFrameCompressedSize(data.data(), data.size());
  REQUIRE_FALSE(ZSTD_isError(first));
  REQUIRE(first < data.size());
  // A damaged body does not keep a hit from showing its fields; reading the
  // article still finds the damage.
  std::string damaged_body = data;
  damaged_body.replace(first + 4, damaged_body.size() - first - 4, damaged_body.size() - first - 4,
                       '\x55');
  CHECK(same_fields(decode_fields(damaged_body), a));
  CHECK_THROWS_AS((void)decode_article(damaged_body), byline::Error);

  // The body's resume points travel with it.
  const auto stored = byline::detail::decode_stored_article(data);
  CHECK(same_fields(stored.article, a));
  CHECK(stored.article.body == a.body);
  CHECK(stored.body_resume == "resume points");

  // No body, no resume points: still three frames, empty.
  Article empty = sample("No body");
  empty.body.clear();
  const auto bare = byline::detail::decode_stored_article(encode_article(empty));
  CHECK(bare.article.body.empty());
  CHECK(same_fields(bare.article, empty));
  CHECK(bare.body_resume == "");

  // Two frames or four are no article: damaged.
  const std::string fields_frame = data.substr(0, first);
  for (const std::string& wrong : {fields_frame + zstd_frame("body"), data + zstd_frame("more"),
                                   zstd_frame("no fields") + data}) {
    CHECK_THROWS_AS((void)decode_article(wrong), byline::Error);
  }
}

TEST_CASE("articles stored by index format 2, fields and body in one frame, are still read") {
  const std::string format_2 = zstd_frame(
      "{\"id\":\"two\",\"title\":\"One frame\",\"source\":\"AP\",\"date\":\"\",\"url\":\"\","
      "\"path\":\"\",\"lang\":\"en\"}\nThe body, in the same frame.");
  const Article fields = decode_fields(format_2);
  CHECK(fields.id == "two");
  CHECK(fields.title == "One frame");
  CHECK(fields.body.empty());
  const auto whole = byline::detail::decode_stored_article(format_2);
  CHECK(whole.article.source == "AP");
  CHECK(whole.article.author.empty());  // stored before there were authors
  CHECK(whole.article.body == "The body, in the same frame.");
  CHECK_FALSE(whole.body_resume);  // format 2 kept them in a value
}

TEST_CASE("a damaged compressed article is an Error(corrupt), never a crash") {
  const std::string data = encode_article(sample("Damaged"));
  for (const std::string& bad :
       {data.substr(0, 4), data.substr(0, data.size() / 2), data.substr(0, data.size() - 1),
        data.substr(0, 8) + std::string(data.size() - 8, '\x55'), data + "\x55\x55"}) {
    try {
      (void)decode_article(bad);
      FAIL("decoded damaged data");
    } catch (const byline::Error& e) {
      CHECK(e.kind() == byline::Error::Kind::corrupt);
      CHECK(std::string(e.what()).find("damaged") != std::string::npos);
    }
  }
}

TEST_CASE("the author round-trips with the other fields and is empty when there is none") {
  for (const std::string author :
       {"", "Jane Doe", "Jane Doe, John Roe", "Fran\xC3\xA7oise \"Fanny\" O'Brien\\Smith"}) {
    CAPTURE(author);
    Article a = sample("By line");
    a.author = author;
    const std::string data = encode_article(a, "points");
    CHECK(decode_fields(data).author == author);
    const auto stored = byline::detail::decode_stored_article(data);
    CHECK(same_fields(stored.article, a));
    CHECK(stored.article.body == a.body);
  }
}

TEST_CASE("articles stored by index format 3 before the author field read as without an author") {
  // The three frames format 3 writes, the fields line as it was written
  // before "author" was added.
  const std::string before =
      zstd_frame(
          "{\"date\":\"2014-09-15\",\"id\":\"three\",\"lang\":\"en\",\"path\":\"\","
          "\"source\":\"AP\",\"title\":\"No author yet\",\"url\":\"\"}\n") +
      zstd_frame("") + zstd_frame("The body.");
  const Article fields = decode_fields(before);
  CHECK(fields.id == "three");
  CHECK(fields.source == "AP");
  CHECK(fields.author.empty());
  const auto whole = byline::detail::decode_stored_article(before);
  CHECK(whole.article.title == "No author yet");
  CHECK(whole.article.author.empty());
  CHECK(whole.article.body == "The body.");
  CHECK(whole.body_resume == "");
}
