// Fuzz target: the crawl readers. The same bytes are read as a WARC file
// (plain or gzip), as a stored HTTP response, as gzip and deflate data, and
// as an HTML page to decode. Checks what the indexer relies on: every record
// gives exactly one item, in order, and the reader stops; decoded text is
// valid UTF-8; no output passes its limit; a failed HTTP body keeps nothing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

#include "engine/utf8.hpp"
#include "indexer/gzip_reader.hpp"
#include "indexer/html_charset.hpp"
#include "indexer/http_response.hpp"
#include "indexer/warc_reader.hpp"

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

constexpr std::size_t kLimit = 1 << 20;

void check_decoded(const byline::detail::DecodedText& decoded) {
  if (decoded.ok()) {
    check(!byline::utf8::find_invalid(decoded.text));
    check(decoded.text.find('\r') == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // As a WARC file.
  {
    std::istringstream in{std::string(bytes)};
    byline::detail::WarcOptions options;
    options.max_record = 64 * 1024;  // small, so that the oversized path is reached too
    byline::detail::WarcReader reader(in, options);
    std::size_t items = 0;
    std::size_t last_record = 0;
    while (const auto item = reader.next()) {
      ++items;
      // Decompressed input can be far larger than `size`; the stream still ends.
      check(items <= kLimit);
      const std::size_t record = std::visit([](const auto& i) { return i.record; }, *item);
      // A CRC failure found after its record names that record again.
      check(record == last_record + 1 ||
            (record == last_record && std::holds_alternative<byline::detail::WarcProblem>(*item)));
      last_record = record;
      if (const auto* page = std::get_if<byline::detail::WarcPage>(&*item)) {
        check(!page->html_bytes.empty() && page->html_bytes.size() <= options.max_record);
        check_decoded(byline::detail::decode_html(page->html_bytes, page->http_charset));
      }
      if (const auto* problem = std::get_if<byline::detail::WarcProblem>(&*item))
        check(!problem->message.empty());
    }
    check(!reader.next());
    const auto& counts = reader.counts();
    check(counts.records <= items);
    check(counts.pages + counts.non_html + counts.revisits + counts.not_ok + counts.other +
              counts.broken ==
          items);
  }

  // As the payload of a response record.
  {
    byline::detail::HttpOptions options;
    options.max_body = kLimit;
    const auto response = byline::detail::parse_http_response(bytes, options);
    if (!response.ok())
      check(response.body.empty() && !response.error->empty());
    else
      check(response.body.size() <= kLimit);
    (void)byline::detail::sniffs_as_html(bytes);
    (void)byline::detail::parse_media_type(bytes.substr(0, 200));
  }

  // As compressed data.
  for (const auto& inflated :
       {byline::detail::gunzip(bytes, kLimit), byline::detail::inflate_deflate(bytes, kLimit)}) {
    check(inflated.bytes.size() <= kLimit);
    check(inflated.ok() || !inflated.error->empty());
  }

  // As an HTML page, with and without a charset from HTTP.
  check_decoded(byline::detail::decode_html(bytes));
  check_decoded(
      byline::detail::decode_html(bytes, bytes.substr(0, std::min<std::size_t>(size, 12))));
  return 0;
}
