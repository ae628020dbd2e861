// Reading the pages out of a web crawl stored as WARC (ISO 28500, WARC/1.0
// and WARC/1.1), as Heritrix, wget --warc-file, Browsertrix, warcio and
// Common Crawl write it: plain, or gzip (detected by its magic number, not
// the file name), whole or one gzip member per record.
//
// The file is read record by record in bounded memory, so that a crawl of
// any size can be indexed: one record's block is held at most (up to
// WarcOptions::max_record; larger records are passed over as a stream).
//
// Every record becomes one item: a page (an HTTP response or a resource
// that is HTML), a skipped record (what it was and why it is not a page),
// or a problem (what is wrong with it). Broken records are never fatal: the
// reader finds the next record ("WARC/1." at the start of a line, or the
// next gzip member) and goes on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace byline::detail {

struct WarcPage {
  std::size_t record = 0;    // 1-based, in file order, broken records counted
  std::uint64_t offset = 0;  // of the record, or of the gzip member that holds it
  std::string target_uri;    // WARC-Target-URI, without the <> some writers add
  std::string date;          // WARC-Date as given ("2024-03-05T09:12:44Z")
  std::string record_id;     // WARC-Record-ID as given ("<urn:uuid:...>")
  // The page's bytes: chunked transfer and gzip/deflate content codings
  // undone, charset not (see html_charset.hpp, with http_charset).
  std::string html_bytes;
  std::string media_type;        // "text/html", "application/xhtml+xml"; "" when sniffed
  std::string http_charset;      // the Content-Type's charset parameter; "" when none
  std::string content_language;  // the Content-Language header; "" when none
  int http_status = 0;           // 200, ...; 0 for a resource record
  // Read anyway: "truncated by the crawler (WARC-Truncated: length)",
  // "body shorter than its Content-Length (...)".
  std::vector<std::string> warnings;
};

struct WarcSkipped {
  std::size_t record = 0;
  std::uint64_t offset = 0;
  // What the record is: "warcinfo", "request", "metadata", "revisit",
  // "non-HTML (image/jpeg)", "HTTP 404", "empty body", ...
  std::string type;
};

struct WarcProblem {
  std::size_t record = 0;
  std::uint64_t offset = 0;
  // "no WARC version line (found \"GET / HTTP/1.1\")", "Content-Length 900
  // does not match the record block (no CRLF CRLF after it)", "truncated gzip
  // member at offset 5120", "content encoding br not supported", ...
  std::string message;
};

using WarcItem = std::variant<WarcPage, WarcSkipped, WarcProblem>;

struct WarcCounts {
  std::size_t records = 0;   // every record met, broken ones included
  std::size_t pages = 0;     // WarcPage items
  std::size_t non_html = 0;  // responses and resources that are not HTML, or are empty
  std::size_t revisits = 0;  // revisit records (a page unchanged since an earlier capture)
  std::size_t not_ok = 0;    // HTTP responses with a status other than 2xx (redirects, errors)
  std::size_t other = 0;     // warcinfo, request, metadata, conversion, continuation, ...
  // WarcProblem items. Usually one per broken record; but a gzip member
  // whose CRC fails is only found out once its record was read, so that
  // record is counted twice, as what it was and as broken (with a problem
  // naming its number), and the kinds can add up to more than `records`.
  std::size_t broken = 0;

  // "12 pages, 3 non-HTML, 1 revisit, 2 other records, 1 broken record":
  // pages always, the rest when not zero.
  [[nodiscard]] std::string summary() const;
};

struct WarcOptions {
  // A record whose block is larger is not read into memory: it is skipped
  // (as non-HTML when its HTTP headers say so, else as a problem).
  std::size_t max_record = std::size_t{64} << 20;
};

class WarcReader {
 public:
  // Reads from `in`, which must outlive the reader and be opened in binary
  // mode. A seekable stream lets a damaged gzip member be skipped exactly;
  // an unseekable one (a pipe) may lose the record after it too.
  explicit WarcReader(std::istream& in, WarcOptions options = {});
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // The next item in file order; nullopt once the input is exhausted (and
  // for ever after). Never throws on malformed input (only std::bad_alloc
  // and what `in` throws).
  [[nodiscard]] std::optional<WarcItem> next();

  // What has been read so far.
  [[nodiscard]] const WarcCounts& counts() const noexcept;
  // Whether the input is gzip.
  [[nodiscard]] bool compressed() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline::detail
