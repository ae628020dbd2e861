#include "indexer/warc_reader.hpp"

#include <algorithm>
#include <istream>
#include <string_view>
#include <utility>

#include "indexer/gzip_reader.hpp"
#include "indexer/http_response.hpp"

namespace byline::detail {

namespace {

// Bytes asked of the input at a time.
constexpr std::size_t kReadChunk = 64 * 1024;
// A record's header section larger than this is not a WARC header.
constexpr std::size_t kMaxHeader = 256 * 1024;
// Of a block too large to hold, this much is kept to see what it is.
constexpr std::size_t kPeekBytes = 64 * 1024;
// Where a record starts, at the start of a line: how a lost reader finds
// its way again.
constexpr std::string_view kVersionPrefix = "WARC/1.";

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view s) noexcept {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && space(s.back()))
    s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

// A short quotation of untrusted bytes for a message.
std::string excerpt(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += u >= 0x20 && u < 0x7F ? c : '?';
  }
  return "\"" + out + (s.size() > 40 ? "...\"" : "\"");
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string_view field(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (iequals(key, name))
      return value;
  }
  return {};
}

// One record's header and block (all of it, or its first kPeekBytes when
// `complete` is false), as the framing layer found them.
struct Record {
  std::size_t number = 0;
  std::uint64_t offset = 0;
  Fields fields;
  std::string_view block;
  std::uint64_t length = 0;  // Content-Length
  bool complete = true;
};

}  // namespace

std::string WarcCounts::summary() const {
  std::string out = plural(pages, "page", "pages");
  const auto add = [&out](std::size_t n, std::string_view one, std::string_view many) {
    if (n > 0)
      out += ", " + plural(n, one, many);
  };
  add(non_html, "non-HTML", "non-HTML");
  add(revisits, "revisit", "revisits");
  add(not_ok, "redirect or HTTP error", "redirects or HTTP errors");
  add(other, "other record", "other records");
  add(broken, "broken record", "broken records");
  return out;
}

struct WarcReader::Impl {
  std::istream& in;
  WarcOptions options;
  std::unique_ptr<GzipStream> gzip;
  // Decompressed input: buf[0] is byte `base` of it; `pos` is where the next
  // record starts. Positions below are absolute (counted from the start).
  std::string buf;
  std::size_t pos = 0;
  std::uint64_t base = 0;
  bool input_end = false;             // nothing more to read, or damage below
  std::optional<std::string> damage;  // why the gzip input stopped early
  WarcCounts counts;
  std::uint64_t last_offset = 0;  // of the last record begun

  Impl(std::istream& stream, WarcOptions opts) : in(stream), options(opts) {
    std::string first(kReadChunk, '\0');
    in.read(first.data(), static_cast<std::streamsize>(first.size()));
    first.resize(static_cast<std::size_t>(in.gcount()));
    if (has_gzip_magic(first))
      gzip = std::make_unique<GzipStream>(in, std::move(first));
    else
      buf = std::move(first);
  }

  [[nodiscard]] std::uint64_t end() const { return base + buf.size(); }
  [[nodiscard]] std::size_t index(std::uint64_t position) const {
    return static_cast<std::size_t>(position - base);
  }
  [[nodiscard]] std::string_view view(std::uint64_t from, std::uint64_t to) const {
    return std::string_view(buf).substr(index(from), static_cast<std::size_t>(to - from));
  }
  std::uint64_t offset_at(std::uint64_t position) {
    return gzip ? gzip->member_offset(position) : position;
  }

  // Reads more input after what `buf` holds, first dropping what lies before
  // `pos`. false when there is no more (the end, or damage).
  bool fill() {
    if (input_end)
      return false;
    if (pos > 0 && (pos >= buf.size() / 2 || pos >= (std::size_t{4} << 20))) {
      buf.erase(0, pos);
      base += pos;
      pos = 0;
    }
    const std::size_t old = buf.size();
    buf.resize(old + kReadChunk);
    std::size_t got = 0;
    if (gzip) {
      got = gzip->read(buf.data() + old, kReadChunk);
    } else {
      in.read(buf.data() + old, static_cast<std::streamsize>(kReadChunk));
      got = static_cast<std::size_t>(in.gcount());
    }
    buf.resize(old + got);
    if (got == 0) {
      input_end = true;
      if (gzip && gzip->damage())
        damage = *gzip->damage();
    }
    return got > 0;
  }

  // True when bytes up to (not including) absolute position `to` are held.
  bool ensure_to(std::uint64_t to) {
    while (end() < to) {
      if (!fill())
        return false;
    }
    return true;
  }

  // After damage: drops what was read of the damaged member, goes on after it.
  void recover() {
    base = end();
    buf.clear();
    pos = 0;
    damage.reset();
    input_end = false;
    if (gzip && !gzip->resume())
      input_end = true;
  }

  // The line at `at` without its line end; `at` moves past it. nullopt when
  // the input ends first or the line is too long.
  std::optional<std::string> read_line(std::uint64_t& at, std::uint64_t limit) {
    std::uint64_t scanned = at;
    for (;;) {
      const auto lf = std::string_view(buf).find('\n', index(scanned));
      if (lf != std::string_view::npos) {
        std::string line(view(at, base + lf));
        if (!line.empty() && line.back() == '\r')
          line.pop_back();
        at = base + lf + 1;
        return line;
      }
      scanned = end();
      if (scanned >= limit || !fill())
        return std::nullopt;
    }
  }

  // Moves `pos` to the next line at or after `from` that starts a record,
  // or to the end of the input.
  void resync(std::uint64_t from) {
    std::uint64_t search = std::max(from, base + pos);
    for (;;) {
      std::size_t hit = index(search);
      while ((hit = buf.find(kVersionPrefix, hit)) != std::string::npos) {
        if ((base + hit == 0) || (hit > 0 && buf[hit - 1] == '\n')) {
          pos = hit;
          return;
        }
        ++hit;
      }
      // Keep a few bytes: the prefix may straddle the next read, and the
      // byte before it tells a line start.
      const std::uint64_t keep = kVersionPrefix.size() + 1;
      search = std::max(search, end() > keep ? end() - keep + 1 : base);
      pos = std::min(buf.size(), std::max(pos, index(search) > 0 ? index(search) - 1 : 0));
      if (!fill()) {
        pos = buf.size();
        return;
      }
    }
  }

  std::optional<WarcItem> next() {
    // Between records: the blank lines that end the last one, and padding.
    for (;;) {
      if (pos >= buf.size() && !fill())
        break;
      if (buf[pos] != '\r' && buf[pos] != '\n')
        break;
      ++pos;
    }
    if (pos < buf.size())
      return read_record();
    if (damage) {  // a damaged member between records
      ++counts.broken;
      const std::uint64_t offset = offset_at(end());
      // Damage found at the end of the member of the record just read (a
      // CRC that fails once all of it was decoded) is that record's; other
      // damage is a record that could not be read at all.
      const std::size_t record =
          counts.records > 0 && offset == last_offset ? counts.records : ++counts.records;
      WarcProblem problem{record, offset, *damage};
      recover();
      return problem;
    }
    return std::nullopt;
  }

  WarcItem read_record() {
    const std::uint64_t start = base + pos;
    const std::size_t number = ++counts.records;
    const std::uint64_t offset = offset_at(start);
    last_offset = offset;
    const auto problem = [&](std::string message) -> WarcItem {
      ++counts.broken;
      return WarcProblem{number, offset, std::move(message)};
    };
    // The input ends inside the record: by damage, or the file is cut short.
    const auto cut_short = [&](std::string message) -> WarcItem {
      if (damage) {
        message = *damage;
        recover();
      } else {
        pos = buf.size();
      }
      return problem(std::move(message));
    };
    const auto bad_header = [&](std::string message) -> WarcItem {
      auto item = problem(std::move(message));
      resync(start + 1);
      return item;
    };

    std::uint64_t at = start;
    const std::uint64_t header_limit = start + kMaxHeader;
    auto line = read_line(at, header_limit);
    if (!line) {
      if (input_end)
        return cut_short("truncated record header: the file ends");
      return bad_header("no WARC version line");
    }
    if (!line->starts_with("WARC/"))
      return bad_header("no WARC version line (found " + excerpt(*line) + ")");
    if (*line != "WARC/1.0" && *line != "WARC/1.1")
      return bad_header("unsupported WARC version " + excerpt(*line));

    Fields fields;
    for (;;) {
      line = read_line(at, header_limit);
      if (!line) {
        if (input_end)
          return cut_short("truncated record header: the file ends");
        return bad_header("record header over " + std::to_string(kMaxHeader / 1024) + " KiB");
      }
      if (line->empty())
        break;
      if (line->front() == ' ' || line->front() == '\t') {  // a folded value
        if (!fields.empty())
          fields.back().second += " " + std::string(trim(*line));
        continue;
      }
      const auto colon = line->find(':');
      if (colon == std::string::npos || colon == 0)
        return bad_header("bad header line " + excerpt(*line));
      fields.emplace_back(std::string(trim(std::string_view(*line).substr(0, colon))),
                          std::string(trim(std::string_view(*line).substr(colon + 1))));
    }

    const auto length_field = field(fields, "Content-Length");
    if (length_field.empty()) {
      auto item = problem("no Content-Length");
      resync(at);
      return item;
    }
    const auto length = parse_decimal(length_field);
    if (!length) {
      auto item = problem("bad Content-Length " + excerpt(length_field));
      resync(at);
      return item;
    }

    Record record{number, offset, std::move(fields), {}, *length, true};
    const std::uint64_t block = at;
    const std::uint64_t block_end = block + *length;
    if (*length > options.max_record)
      return oversized(record, block, problem, cut_short);

    // The block, then CRLF CRLF: the check that Content-Length told the truth.
    const bool held = ensure_to(block_end + 4);
    if (damage && !held)
      return cut_short("");
    if (!held && end() < block_end) {
      auto item =
          problem("Content-Length " + std::to_string(*length) + " runs past the end of the file (" +
                  std::to_string(end() - block) + " bytes left)");
      resync(block);
      return item;
    }
    std::size_t marker = 0;
    if (held) {
      const auto after = view(block_end, block_end + 4);
      marker = after == "\r\n\r\n" ? 4 : after.starts_with("\n\n") ? 2 : 0;
    } else if (trim(view(block_end, end())).empty()) {
      marker = static_cast<std::size_t>(end() - block_end);  // the file's last record
    }
    if (marker == 0 && block_end != end()) {
      auto item = problem("Content-Length " + std::to_string(*length) +
                          " does not match the record block (no CRLF CRLF after it)");
      resync(block);
      return item;
    }
    record.block = view(block, block_end);
    auto item = classify(record);
    pos = index(block_end + marker);
    return item;
  }

  // A block larger than max_record: its start is kept to tell what it is,
  // the rest is read past.
  template <typename Problem, typename CutShort>
  WarcItem oversized(Record& record, std::uint64_t block, const Problem& problem,
                     const CutShort& cut_short) {
    const std::uint64_t block_end = block + record.length;
    const std::uint64_t peek_end = block + std::min<std::uint64_t>(record.length, kPeekBytes);
    if (!ensure_to(peek_end))
      return cut_short("Content-Length " + std::to_string(record.length) +
                       " runs past the end of the file");
    const std::string peek(view(block, peek_end));
    while (end() < block_end) {
      pos = buf.size();
      if (!fill())
        return cut_short("Content-Length " + std::to_string(record.length) +
                         " runs past the end of the file");
    }
    pos = index(block_end);
    ensure_to(block_end + 4);
    const auto after = view(block_end, std::min(end(), block_end + 4));
    std::size_t marker = after == "\r\n\r\n" ? 4 : after.starts_with("\n\n") ? 2 : 0;
    if (marker == 0 && !trim(after).empty()) {
      auto item = problem("Content-Length " + std::to_string(record.length) +
                          " does not match the record block (no CRLF CRLF after it)");
      resync(block_end);
      return item;
    }
    pos = index(block_end + (marker > 0 ? marker : after.size()));
    record.block = peek;
    record.complete = false;
    return classify(record);
  }

  WarcItem classify(const Record& record) {
    const auto skipped = [&](std::string type, std::size_t& counter) -> WarcItem {
      ++counter;
      return WarcSkipped{record.number, record.offset, std::move(type)};
    };
    const auto problem = [&](std::string message) -> WarcItem {
      ++counts.broken;
      return WarcProblem{record.number, record.offset, std::move(message)};
    };
    const auto too_large = [&] {
      return problem("record of " + std::to_string(record.length) + " bytes over the limit of " +
                     std::to_string(options.max_record) + " bytes: skipped");
    };
    const auto type = to_lower(field(record.fields, "WARC-Type"));
    if (type.empty())
      return problem("no WARC-Type");
    if (type == "revisit")
      return skipped("revisit", counts.revisits);
    if (type != "response" && type != "resource")
      return skipped(type, counts.other);

    const auto content_type = field(record.fields, "Content-Type");
    WarcPage page;
    page.record = record.number;
    page.offset = record.offset;
    if (const auto truncated = field(record.fields, "WARC-Truncated"); !truncated.empty())
      page.warnings.push_back(
          "truncated by the crawler (WARC-Truncated: " + std::string(truncated) + ")");

    if (type == "response") {
      const bool http = istarts_with(content_type, "application/http") ||
                        (content_type.empty() && record.block.starts_with("HTTP/"));
      if (!http) {
        const auto media = parse_media_type(content_type).type;
        return skipped("non-HTTP response (" + (media.empty() ? "no Content-Type" : media) + ")",
                       counts.non_html);
      }
      HttpOptions head_only;
      head_only.read_body = false;
      const auto head = parse_http_response(record.block, head_only);
      if (!head.ok())
        return problem(*head.error);
      if (head.status < 200 || head.status > 299 || head.status == 204 || head.status == 206)
        return skipped("HTTP " + std::to_string(head.status), counts.not_ok);
      if (!head.media_type.type.empty() && !is_html_media_type(head.media_type.type))
        return skipped("non-HTML (" + head.media_type.type + ")", counts.non_html);
      if (!record.complete)
        return too_large();
      HttpOptions full;
      full.max_body = options.max_record;
      auto response = parse_http_response(record.block, full);
      if (!response.ok())
        return problem(*response.error);
      if (response.media_type.type.empty() && !sniffs_as_html(response.body))
        return skipped("non-HTML (no Content-Type)", counts.non_html);
      if (trim(response.body).empty())
        return skipped("empty body", counts.non_html);
      page.html_bytes = std::move(response.body);
      page.media_type = response.media_type.type;
      page.http_charset = response.media_type.charset;
      page.content_language = response.content_language;
      page.http_status = response.status;
      page.warnings.insert(page.warnings.end(), response.warnings.begin(), response.warnings.end());
    } else {  // resource: the block is the document itself
      const auto media = parse_media_type(content_type);
      if (!media.type.empty() && !is_html_media_type(media.type))
        return skipped("non-HTML (" + media.type + ")", counts.non_html);
      if (!record.complete)
        return too_large();
      if (media.type.empty() && !sniffs_as_html(record.block))
        return skipped("non-HTML (no Content-Type)", counts.non_html);
      if (trim(record.block).empty())
        return skipped("empty body", counts.non_html);
      page.html_bytes = std::string(record.block);
      page.media_type = media.type;
      page.http_charset = media.charset;
    }

    auto uri = trim(field(record.fields, "WARC-Target-URI"));
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>')
      uri = uri.substr(1, uri.size() - 2);
    page.target_uri = std::string(uri);
    page.date = std::string(field(record.fields, "WARC-Date"));
    page.record_id = std::string(field(record.fields, "WARC-Record-ID"));
    ++counts.pages;
    return page;
  }
};

WarcReader::WarcReader(std::istream& in, WarcOptions options)
    : impl_(std::make_unique<Impl>(in, options)) {}

WarcReader::~WarcReader() = default;

std::optional<WarcItem> WarcReader::next() {
  return impl_->next();
}

const WarcCounts& WarcReader::counts() const noexcept {
  return impl_->counts;
}

bool WarcReader::compressed() const noexcept {
  return impl_->gzip != nullptr;
}

}  // namespace byline::detail
