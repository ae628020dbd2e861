#include "engine/document_codec.hpp"

#include <zstd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "byline/error.hpp"

namespace byline::detail {

namespace {

// The stored form is the fields but the body as one line of JSON, a newline,
// then the body as is: a hit needs the fields only, and parsing a whole
// article for each hit was two thirds of a query's time.
constexpr char kSeparator = '\n';

// That text is stored zstd-compressed. Xapian deflates document data when it
// compacts an index (and every index built from shards is compacted), and
// inflating it was most of the cost of fetching a hit: 16 us against 2.4 us
// uncompacted, at 100k articles. zstd's output does not deflate, so Xapian
// keeps it as it is, and fetching plus decompressing takes ~5 us, for an
// index as large. Level 1: higher levels hardly shrink articles further.
constexpr int kCompressionLevel = 1;
// Data not starting with zstd's frame magic number is the text itself, as
// index format 1 stored it.
constexpr std::string_view kZstdMagic = "\x28\xB5\x2F\xFD";
// Far more than any article the indexer takes (16 MiB of text, plus fields).
constexpr unsigned long long kMaxStoredBytes = 64ULL << 20;

[[noreturn]] void damaged(const std::string& why) {
  throw Error(Error::Kind::corrupt, "stored article data is damaged: " + why);
}

// One compression and one decompression context per thread, reused.
struct ContextFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// Appends `text` to `out` as a zstd frame.
void append_compressed(std::string& out, std::string_view text) {
  thread_local const std::unique_ptr<ZSTD_CCtx, ContextFree> context(ZSTD_createCCtx());
  const std::size_t start = out.size();
  out.resize(start + ZSTD_compressBound(text.size()));
  const std::size_t size =
      context ? ZSTD_compressCCtx(context.get(), out.data() + start, out.size() - start,
                                  text.data(), text.size(), kCompressionLevel)
              : 0;
  if (!context || ZSTD_isError(size))
    throw Error(Error::Kind::io, "cannot compress an article for storing (out of memory?)");
  out.resize(start + size);
}

// Compressed data, decompressed frame by frame into `text`: where each
// frame's content ends in it. Index format 2 wrote one frame (the fields
// line and the body), format 3 writes three (the fields line, the body's
// resume points, the body). Stops after `max_frames` frames.
struct Frames {
  std::string text;
  std::vector<std::size_t> ends;

  [[nodiscard]] std::string_view frame(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(text).substr(begin, ends[i] - begin);
  }
};

Frames decompressed(std::string_view data, std::size_t max_frames) {
  thread_local const std::unique_ptr<ZSTD_DCtx, ContextFree> context(ZSTD_createDCtx());
  if (!context)
    throw Error(Error::Kind::io, "cannot decompress a stored article (out of memory?)");
  Frames out;
  while (!data.empty() && out.ends.size() < max_frames) {
    const std::size_t frame = ZSTD_findFrameCompressedSize(data.data(), data.size());
    if (ZSTD_isError(frame))
      damaged(std::string("a compressed frame is cut or unknown: ") + ZSTD_getErrorName(frame));
    const unsigned long long size = ZSTD_getFrameContentSize(data.data(), frame);
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ||
        size > kMaxStoredBytes - out.text.size())
      damaged("a compressed frame has no valid size");
    const std::size_t start = out.text.size();
    out.text.resize(start + static_cast<std::size_t>(size));
    const std::size_t got =
        ZSTD_decompressDCtx(context.get(), out.text.data() + start, size, data.data(), frame);
    if (ZSTD_isError(got) || got != size)
      damaged(std::string("cannot decompress it: ") +
              (ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short"));
    out.ends.push_back(out.text.size());
    data.remove_prefix(frame);
  }
  return out;
}

}  // namespace

std::string encode_fields(const Article& a) {
  // "author" came after index format 3 (see schema.hpp): fields written
  // before it lack it, and read as no author.
  const nlohmann::json j = {{"id", a.id},     {"title", a.title},   {"source", a.source},
                            {"date", a.date}, {"author", a.author}, {"url", a.url},
                            {"path", a.path}, {"lang", a.lang}};
  // Invalid UTF-8 cannot reach here (the indexer converts or rejects it), but
  // if it did, storing U+FFFD beats throwing in the middle of a batch. JSON
  // output never holds a raw newline, so in the data the first one ends the
  // fields.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string encode_article(const Article& a, std::string_view body_resume) {
  std::string fields = encode_fields(a);
  fields += kSeparator;
  // Frames of their own, so that a hit decompresses its fields alone
  // (decompressing whole articles was a fifth of a title + term query) and
  // its snippets find the resume points with the body, without a value
  // read (a tenth of a snippet query). The short frames still do not
  // deflate (200 sampled articles: none), so Xapian's compaction keeps the
  // data as it is; ~1% larger than one frame.
  std::string data;
  append_compressed(data, fields);
  append_compressed(data, body_resume);
  append_compressed(data, a.body);
  return data;
}

// The fields line as encode_article() writes it: a flat object of string
// values, keys without escapes. Reads it without building a JSON document
// (that was a tenth of a query's time); returns false for anything else,
// which the full JSON parser then reads or reports.
class FieldsReader {
 public:
  explicit FieldsReader(std::string_view line) : line_(line) {}

  bool read(Article& a) {
    if (!take('{'))
      return false;
    if (take('}'))
      return at_end();
    do {
      std::string key, value;
      if (!string(key) || !take(':') || !string(value))
        return false;
      if (std::string* field = field_of(a, key))
        *field = std::move(value);
    } while (take(','));
    return take('}') && at_end();
  }

 private:
  static std::string* field_of(Article& a, std::string_view key) {
    if (key == "id")
      return &a.id;
    if (key == "title")
      return &a.title;
    if (key == "source")
      return &a.source;
    if (key == "date")
      return &a.date;
    if (key == "author")
      return &a.author;
    if (key == "url")
      return &a.url;
    if (key == "path")
      return &a.path;
    if (key == "lang")
      return &a.lang;
    return nullptr;
  }

  bool take(char c) {
    if (at_ < line_.size() && line_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  bool at_end() const { return at_ == line_.size(); }

  // A JSON string; escapes other than the short ones (\uXXXX, which the
  // encoder writes for control characters) are left to the full parser.
  bool string(std::string& out) {
    if (!take('"'))
      return false;
    for (;;) {
      const std::size_t plain = line_.find_first_of("\"\\", at_);
      if (plain == std::string_view::npos)
        return false;
      out.append(line_, at_, plain - at_);
      at_ = plain + 1;
      if (line_[plain] == '"')
        return true;
      if (at_ == line_.size())
        return false;
      switch (line_[at_++]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        default:
          return false;
      }
    }
  }

  std::string_view line_;
  std::size_t at_ = 0;
};

namespace {

Article parse_fields(std::string_view line) {
  if (Article quick; FieldsReader(line).read(quick))
    return quick;
  try {
    const auto j = nlohmann::json::parse(line);
    const auto field = [&](const char* name) { return j.value(name, std::string()); };
    Article a;
    a.id = field("id");
    a.title = field("title");
    a.source = field("source");
    a.date = field("date");
    a.author = field("author");
    a.url = field("url");
    a.path = field("path");
    a.lang = field("lang");
    return a;
  } catch (const nlohmann::json::exception& e) {
    damaged(e.what());
  }
}

Article fields_of(std::string_view text) {
  const std::size_t end = text.find(kSeparator);
  if (end == std::string_view::npos)
    damaged("no end to the fields");
  return parse_fields(text.substr(0, end));
}

}  // namespace

Article decode_fields_line(std::string_view line) {
  return parse_fields(line);
}

Article decode_fields(std::string_view data) {
  if (!data.starts_with(kZstdMagic))
    return fields_of(data);
  return fields_of(decompressed(data, 1).text);
}

StoredArticle decode_stored_article(std::string_view data) {
  StoredArticle out;
  if (!data.starts_with(kZstdMagic)) {
    out.article = fields_of(data);
    out.article.body = std::string(data.substr(data.find(kSeparator) + 1));
    return out;
  }
  const Frames frames = decompressed(data, 4);
  if (frames.ends.size() == 1) {
    out.article = fields_of(frames.text);
    out.article.body = std::string(frames.text.substr(frames.text.find(kSeparator) + 1));
    return out;
  }
  if (frames.ends.size() != 3 || !frames.frame(0).ends_with(kSeparator))
    damaged("its compressed frames are not those of an article");
  out.article = fields_of(frames.frame(0));
  out.body_resume = std::string(frames.frame(1));
  out.article.body = std::string(frames.frame(2));
  return out;
}

Article decode_article(std::string_view data) {
  return decode_stored_article(data).article;
}

}  // namespace byline::detail
