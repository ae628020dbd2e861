// Decompressing gzip and deflate: every member, damage named by its offset,
// what came before the damage kept, output capped.
#include "indexer/gzip_reader.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "indexer/zlib_test_helper.hpp"

using byline::detail::gunzip;
using byline::detail::GzipStream;
using byline::detail::inflate_deflate;
using byline::test::gzip;
using byline::test::Wrapper;

namespace {

constexpr std::size_t kLimit = 1 << 20;

// Everything a GzipStream gives, with the damage messages met on the way
// (resuming after each).
struct Streamed {
  std::string bytes;
  std::vector<std::string> damage;
};

Streamed stream_all(std::istream& in) {
  Streamed out;
  GzipStream stream(in);
  char buffer[7];  // small, to cross member boundaries inside a read
  for (;;) {
    const auto n = stream.read(buffer, sizeof buffer);
    if (n > 0) {
      out.bytes.append(buffer, n);
      continue;
    }
    if (!stream.damage())
      return out;
    out.damage.push_back(*stream.damage());
    if (!stream.resume())
      return out;
  }
}

}  // namespace

TEST_CASE("gunzip reads a single member") {
  const auto result = gunzip(gzip("Harbour trust reopens the lighthouse"), kLimit);
  REQUIRE(result.ok());
  CHECK(result.bytes == "Harbour trust reopens the lighthouse");
}

TEST_CASE("gunzip reads every member of a multi-member file") {
  const auto result = gunzip(gzip("first record ") + gzip("") + gzip("second record"), kLimit);
  REQUIRE(result.ok());
  CHECK(result.bytes == "first record second record");
}

TEST_CASE("bytes after the last member that start no member are ignored") {
  const auto result = gunzip(gzip("payload") + std::string(8, '\0') + "junk", kLimit);
  REQUIRE(result.ok());
  CHECK(result.bytes == "payload");
}

TEST_CASE("a truncated member is an error naming its offset and keeping what came before") {
  const auto first = gzip("complete member ");
  auto second = gzip(std::string(2000, 'x'));
  second.resize(second.size() / 2);
  const auto result = gunzip(first + second, kLimit);
  REQUIRE_FALSE(result.ok());
  CHECK(*result.error == "truncated gzip member at offset " + std::to_string(first.size()));
  CHECK(result.bytes.starts_with("complete member "));
}

TEST_CASE("a bad CRC is reported as such") {
  auto data = gzip("checksummed text");
  data[data.size() - 8] = static_cast<char>(data[data.size() - 8] ^ 0x55);  // the CRC-32
  const auto result = gunzip(data, kLimit);
  REQUIRE_FALSE(result.ok());
  CHECK(*result.error == "gzip member at offset 0 fails its CRC check");
}

TEST_CASE("a bad header is reported as such") {
  auto data = gzip("text");
  data[2] = 7;  // compression method
  const auto result = gunzip(data, kLimit);
  REQUIRE_FALSE(result.ok());
  CHECK(*result.error == "bad gzip header at offset 0");
  CHECK(gunzip("plain text", kLimit).error == "bad gzip header at offset 0");
}

TEST_CASE("output past the limit is refused") {
  const auto bomb = gzip(std::string(10'000'000, 'a'));
  CHECK(bomb.size() < 20'000);
  const auto result = gunzip(bomb, 100'000);
  REQUIRE_FALSE(result.ok());
  CHECK(*result.error == "decompressed size over the limit (100000 bytes)");
  CHECK(result.bytes.size() == 100'000);
}

TEST_CASE("HTTP deflate is read zlib-wrapped or raw") {
  const std::string text = "<html><body>Deflated page</body></html>";
  SUBCASE("zlib-wrapped, as the standard says") {
    const auto result = inflate_deflate(byline::test::compress(text, Wrapper::zlib), kLimit);
    REQUIRE(result.ok());
    CHECK(result.bytes == text);
  }
  SUBCASE("raw, as many servers send") {
    const auto result = inflate_deflate(byline::test::compress(text, Wrapper::raw), kLimit);
    REQUIRE(result.ok());
    CHECK(result.bytes == text);
  }
  SUBCASE("cut short") {
    auto data = byline::test::compress(std::string(5000, 'q') + text, Wrapper::zlib);
    data.resize(data.size() - 6);
    const auto result = inflate_deflate(data, kLimit);
    REQUIRE_FALSE(result.ok());
    CHECK(*result.error == "truncated zlib data at offset 0");
  }
}

TEST_CASE("GzipStream streams every member and knows where each begins") {
  const auto a = gzip("alpha ");
  const auto b = gzip("beta ");
  const auto c = gzip("gamma");
  std::istringstream in(a + b + c);
  GzipStream stream(in);
  std::string out;
  char buffer[3];
  for (std::size_t n; (n = stream.read(buffer, sizeof buffer)) > 0;)
    out.append(buffer, n);
  CHECK(out == "alpha beta gamma");
  CHECK_FALSE(stream.damage());
  CHECK(stream.member_offset(0) == 0);
  CHECK(stream.member_offset(5) == 0);
  CHECK(stream.member_offset(6) == a.size());
  CHECK(stream.member_offset(11) == a.size() + b.size());
}

TEST_CASE("GzipStream takes the bytes its caller read first") {
  const auto data = gzip("sniffed then streamed");
  std::istringstream in(data);
  std::string head(4, '\0');
  in.read(head.data(), 4);
  GzipStream stream(in, head);
  char buffer[64];
  const auto n = stream.read(buffer, sizeof buffer);
  CHECK(std::string(buffer, n) == "sniffed then streamed");
}

TEST_CASE("GzipStream goes on after a damaged member") {
  const auto a = gzip("first ");
  auto b = gzip(std::string(3000, 'b'));
  const auto c = gzip("third");
  SUBCASE("a member cut short in the middle of the file") {
    b.resize(b.size() / 2);
    std::istringstream in(a + b + c);
    const auto result = stream_all(in);
    REQUIRE(result.damage.size() >= 1);
    CHECK(result.damage.front().find("at offset " + std::to_string(a.size())) != std::string::npos);
    CHECK(result.bytes.starts_with("first "));
    CHECK(result.bytes.ends_with("third"));
  }
  SUBCASE("a member with a bad CRC") {
    b[b.size() - 8] = static_cast<char>(b[b.size() - 8] ^ 1);
    std::istringstream in(a + b + c);
    const auto result = stream_all(in);
    REQUIRE(result.damage.size() == 1);
    CHECK(result.damage[0] ==
          "gzip member at offset " + std::to_string(a.size()) + " fails its CRC check");
    CHECK(result.bytes.ends_with("third"));
  }
  SUBCASE("the last member cut short") {
    auto last = gzip(std::string(3000, 'z'));
    last.resize(20);
    std::istringstream in(a + last);
    const auto result = stream_all(in);
    REQUIRE(result.damage.size() == 1);
    CHECK(result.damage[0] == "truncated gzip member at offset " + std::to_string(a.size()));
    CHECK(result.bytes.starts_with("first "));
  }
}
