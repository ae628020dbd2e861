#include "indexer/http_response.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "indexer/gzip_reader.hpp"

namespace byline::detail {

namespace {

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

// The line starting at `pos` without its LF or CRLF; `pos` moves past it.
// nullopt when no LF follows.
std::optional<std::string_view> next_line(std::string_view bytes, std::size_t& pos) {
  const auto lf = bytes.find('\n', pos);
  if (lf == std::string_view::npos)
    return std::nullopt;
  auto line = bytes.substr(pos, lf - pos);
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  pos = lf + 1;
  return line;
}

// "1a2;name=value" -> 0x1a2. nullopt when not a hexadecimal size.
std::optional<std::uint64_t> parse_chunk_size(std::string_view line) {
  line = trim(line.substr(0, line.find(';')));
  if (line.empty() || line.size() > 15)  // 15 hex digits: no overflow
    return std::nullopt;
  std::uint64_t size = 0;
  for (const char c : line) {
    int digit = 0;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (lower(c) >= 'a' && lower(c) <= 'f')
      digit = lower(c) - 'a' + 10;
    else
      return std::nullopt;
    size = size * 16 + static_cast<std::uint64_t>(digit);
  }
  return size;
}

// The comma-separated tokens of every header named `name`, lower case, in order.
std::vector<std::string> tokens(const HttpResponse& response, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [key, value] : response.headers) {
    if (!iequals(key, name))
      continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto token = trim(rest.substr(0, comma));
      if (!token.empty())
        out.push_back(to_lower(token));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  return out;
}

// Undoes one content coding. Sets `error` when it cannot.
void decode_coding(std::string& body, const std::string& coding, bool outermost,
                   std::size_t max_body, HttpResponse& response) {
  if (coding == "identity" || coding == "none")
    return;
  if (coding == "gzip" || coding == "x-gzip") {
    // Some crawlers store the body decoded but keep the header.
    if (outermost && !has_gzip_magic(body)) {
      response.warnings.push_back("Content-Encoding " + coding +
                                  " but the body is not gzip: read as is");
      return;
    }
    auto inflated = gunzip(body, max_body);
    if (!inflated.ok()) {
      response.error = std::move(*inflated.error);
      return;
    }
    body = std::move(inflated.bytes);
    return;
  }
  if (coding == "deflate") {
    auto inflated = inflate_deflate(body, max_body);
    if (!inflated.ok()) {
      if (outermost && trim(body).starts_with('<')) {
        response.warnings.push_back("Content-Encoding deflate but the body is not: read as is");
        return;
      }
      response.error = std::move(*inflated.error);
      return;
    }
    body = std::move(inflated.bytes);
    return;
  }
  response.error = "content encoding " + coding + " not supported";
}

}  // namespace

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 18)
    return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

MediaType parse_media_type(std::string_view content_type) {
  MediaType result;
  const auto semicolon = content_type.find(';');
  const auto type = trim(content_type.substr(0, semicolon));
  const auto slash = type.find('/');
  if (slash != std::string_view::npos && slash > 0 && slash + 1 < type.size() &&
      std::none_of(type.begin(), type.end(), is_space) &&
      type.find('/', slash + 1) == std::string_view::npos) {
    result.type = to_lower(type);
  }
  if (semicolon == std::string_view::npos)
    return result;
  // Parameters: name=value or name="quoted \"value\"", separated by ';'.
  std::string_view rest = content_type.substr(semicolon + 1);
  while (!rest.empty()) {
    const auto eq = rest.find('=');
    const auto end = rest.find(';');
    if (eq == std::string_view::npos || (end != std::string_view::npos && end < eq)) {
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      continue;
    }
    const auto name = trim(rest.substr(0, eq));
    rest.remove_prefix(eq + 1);
    while (!rest.empty() && is_space(rest.front()))
      rest.remove_prefix(1);
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size())
          ++i;
        value += rest[i];
      }
      rest.remove_prefix(std::min(rest.size(), i + 1));
      const auto next = rest.find(';');
      rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    } else {
      const auto next = rest.find(';');
      value = trim(rest.substr(0, next));
      rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    }
    if (iequals(name, "charset") && result.charset.empty())
      result.charset = std::string(trim(value));
  }
  return result;
}

bool is_html_media_type(std::string_view type) noexcept {
  return iequals(type, "text/html") || iequals(type, "application/xhtml+xml");
}

bool sniffs_as_html(std::string_view body) noexcept {
  if (body.starts_with("\xEF\xBB\xBF"))
    body.remove_prefix(3);
  while (!body.empty() && is_space(body.front()))
    body.remove_prefix(1);
  // WHATWG MIME Sniffing, 7.1 (the HTML patterns), and <meta>, which pages
  // cut from their head by a crawler start with often enough.
  static constexpr std::array<std::string_view, 18> kPatterns = {
      "<!doctype html", "<html", "<head",  "<script", "<iframe", "<h1",   "<div", "<font",
      "<table",         "<a",    "<style", "<title",  "<b",      "<body", "<br",  "<p",
      "<!--",           "<meta"};
  for (const auto pattern : kPatterns) {
    if (body.size() > pattern.size() && iequals(body.substr(0, pattern.size()), pattern)) {
      const char next = body[pattern.size()];
      if (next == ' ' || next == '>')
        return true;
    }
  }
  return false;
}

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name))
      return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> decode_chunked(std::string_view body, std::string& error) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t line_start = pos;
    const auto line = next_line(body, pos);
    if (!line) {
      error = "truncated chunked body: no last chunk (offset " + std::to_string(line_start) + ")";
      return std::nullopt;
    }
    const auto size = parse_chunk_size(*line);
    if (!size) {
      error = "bad chunk size line at offset " + std::to_string(line_start);
      return std::nullopt;
    }
    if (*size == 0) {
      // Trailers, up to an empty line or the end (often left out by crawlers).
      while (const auto trailer = next_line(body, pos)) {
        if (trailer->empty())
          break;
      }
      return out;
    }
    if (*size > body.size() - pos) {
      error = "truncated chunked body: chunk of " + std::to_string(*size) + " bytes at offset " +
              std::to_string(line_start) + " has " + std::to_string(body.size() - pos);
      return std::nullopt;
    }
    out.append(body.substr(pos, static_cast<std::size_t>(*size)));
    pos += static_cast<std::size_t>(*size);
    if (body.substr(pos).starts_with("\r\n")) {
      pos += 2;
    } else if (body.substr(pos).starts_with("\n")) {
      pos += 1;
    } else {
      error = "chunk of " + std::to_string(*size) + " bytes at offset " +
              std::to_string(line_start) + " is not followed by CRLF: its size is wrong";
      return std::nullopt;
    }
  }
}

HttpResponse parse_http_response(std::string_view bytes, const HttpOptions& options) {
  HttpResponse response;
  std::size_t pos = 0;

  const auto status_line = next_line(bytes, pos);
  const auto quoted = [](std::string_view s) {
    return "\"" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "...\"" : "\"");
  };
  if (!status_line || !status_line->starts_with("HTTP/")) {
    response.error = "not an HTTP response (status line " +
                     quoted(status_line.value_or(bytes.substr(0, bytes.find('\n')))) + ")";
    return response;
  }
  {
    std::string_view rest = *status_line;
    const auto space = rest.find(' ');
    response.version = std::string(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view{} : trim(rest.substr(space + 1));
    const auto code = rest.substr(0, rest.find(' '));
    const auto status = parse_decimal(code);
    if (code.size() != 3 || !status) {
      response.error = "bad HTTP status line " + quoted(*status_line);
      return response;
    }
    response.status = static_cast<int>(*status);
    response.reason = std::string(trim(rest.substr(code.size())));
  }

  for (;;) {
    const auto line = next_line(bytes, pos);
    if (!line) {
      response.error = "truncated HTTP headers (no empty line after them)";
      return response;
    }
    if (line->empty())
      break;
    if (line->front() == ' ' || line->front() == '\t') {  // folded: obsolete, still seen
      if (!response.headers.empty()) {
        auto& value = response.headers.back().second;
        const auto more = trim(*line);
        if (!more.empty())
          value += (value.empty() ? "" : " ") + std::string(more);
      }
      continue;
    }
    const auto colon = line->find(':');
    if (colon == std::string_view::npos || colon == 0)
      continue;  // not a header; browsers skip it too
    response.headers.emplace_back(std::string(trim(line->substr(0, colon))),
                                  std::string(trim(line->substr(colon + 1))));
  }

  for (const auto& [key, value] : response.headers) {
    if (iequals(key, "Content-Type")) {
      auto media_type = parse_media_type(value);
      if (!media_type.type.empty())
        response.media_type = std::move(media_type);
    }
  }
  if (const auto language = response.header("Content-Language"))
    response.content_language = std::string(*language);
  if (!options.read_body)
    return response;

  std::string_view raw = bytes.substr(pos);
  std::string body;
  auto transfer = tokens(response, "Transfer-Encoding");
  if (!transfer.empty() && transfer.back() == "chunked") {
    transfer.pop_back();
    std::size_t first = 0;
    const auto first_line = next_line(raw, first);
    if (!raw.empty() && (!first_line || !parse_chunk_size(*first_line))) {
      response.warnings.emplace_back(
          "Transfer-Encoding chunked but the body is not chunked: read as is");
      body = std::string(raw);
    } else {
      std::string error;
      auto dechunked = decode_chunked(raw, error);
      if (!dechunked) {
        response.error = std::move(error);
        return response;
      }
      body = std::move(*dechunked);
    }
  } else {
    if (const auto length = response.header("Content-Length")) {
      if (const auto n = parse_decimal(*length)) {
        if (*n < raw.size()) {
          raw = raw.substr(0, static_cast<std::size_t>(*n));
        } else if (*n > raw.size()) {
          response.warnings.push_back("body shorter than its Content-Length (" +
                                      std::to_string(raw.size()) + " of " + std::to_string(*n) +
                                      " bytes)");
        }
      }
    }
    body = std::string(raw);
  }
  if (body.size() > options.max_body) {
    response.error = "body size over the limit (" + std::to_string(options.max_body) + " bytes)";
    return response;
  }

  // Codings are listed in the order applied: undo the last first. Transfer
  // codings other than chunked are content codings in practice.
  auto codings = tokens(response, "Content-Encoding");
  codings.insert(codings.end(), transfer.begin(), transfer.end());
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    decode_coding(body, *it, it == codings.rbegin(), options.max_body, response);
    if (response.error)
      return response;
  }
  response.body = std::move(body);
  return response;
}

}  // namespace byline::detail
