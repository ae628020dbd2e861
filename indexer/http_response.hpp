// Reading an HTTP/1.x response as a crawler stored it (the payload of a WARC
// "response" record): status line, headers, and the body with its transfer
// coding (chunked) and content coding (gzip, deflate) undone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace byline::detail {

// A Content-Type value taken apart: "text/html; charset=\"UTF-8\"" gives
// type "text/html" (lower case) and charset "UTF-8" (as given, unquoted).
struct MediaType {
  std::string type;     // "type/subtype", lower case; empty when unparsable
  std::string charset;  // the charset parameter; empty when none
};

[[nodiscard]] MediaType parse_media_type(std::string_view content_type);

// True for text/html and application/xhtml+xml.
[[nodiscard]] bool is_html_media_type(std::string_view type) noexcept;

// True when `body` starts, after whitespace and a byte order mark, as the
// WHATWG MIME sniffing algorithm recognises HTML ("<!DOCTYPE HTML",
// "<html", "<head", "<body", "<p", "<!--", ... followed by a space or ">").
// For a response without a Content-Type.
[[nodiscard]] bool sniffs_as_html(std::string_view body) noexcept;

struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;       // 200
  std::string reason;   // "OK"
  // In order, names as sent; a folded value is joined with single spaces.
  std::vector<std::pair<std::string, std::string>> headers;
  // The body, transfer and content codings undone. Empty when `error`.
  std::string body;
  MediaType media_type;               // from the last Content-Type header
  std::string content_language;       // Content-Language as sent; empty when none
  std::vector<std::string> warnings;  // read anyway: "body shorter than its Content-Length ..."
  // Why there is no body: "truncated chunked body: chunk of 4096 bytes at
  // offset 312 has 100", "content encoding br not supported", or a gzip
  // error. Nothing half-decoded is kept.
  std::optional<std::string> error;

  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
  // The value of the first header named `name` (any case), or nullopt.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
};

struct HttpOptions {
  // Bodies that would decompress to more than this are an error.
  std::size_t max_body = std::size_t{64} << 20;
  // false: parse the status line and headers only (body left empty), e.g.
  // to see the media type of a response too large to read.
  bool read_body = true;
};

// Parses `bytes` as one HTTP/1.x response. Lenient where crawls are known to
// differ from the RFC (LF line ends, "HTTP/2" status lines, a body stored
// already decoded under its original Transfer-Encoding or Content-Encoding
// header: read as is, with a warning); strict where a wrong body would
// otherwise be indexed (a chunk that runs past the end, a gzip member cut
// short). A malformed status line or header section is an error. Never
// throws but std::bad_alloc.
[[nodiscard]] HttpResponse parse_http_response(std::string_view bytes,
                                               const HttpOptions& options = {});

// Undoes `Transfer-Encoding: chunked` (chunk extensions and trailers
// ignored). nullopt with `error` set when a chunk is malformed or runs past
// the end of `body`.
[[nodiscard]] std::optional<std::string> decode_chunked(std::string_view body, std::string& error);

// A decimal header value ("Content-Length: 1234"), spaces around allowed;
// nullopt for anything else, or more than 18 digits.
[[nodiscard]] std::optional<std::uint64_t> parse_decimal(std::string_view s);

}  // namespace byline::detail
