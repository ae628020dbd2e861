#include "indexer/gzip_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <istream>
#include <limits>

namespace byline::detail {

namespace {

// zlib takes a 32-bit length; larger inputs are fed in slices of this size.
constexpr std::size_t kMaxSlice = std::size_t{1} << 30;
// Output is produced into a buffer of this size before being appended, so
// that a few bytes of a zip bomb never become gigabytes in memory.
constexpr std::size_t kOutputBuffer = 64 * 1024;
constexpr std::size_t kInputBuffer = 64 * 1024;

// window bits: 15 with +16 for a gzip wrapper, alone for zlib, negated for raw.
constexpr int kGzipBits = 15 + 16;
constexpr int kZlibBits = 15;
constexpr int kRawBits = -15;

enum class Format { gzip, zlib, raw };

std::string format_name(Format format) {
  return format == Format::gzip   ? "gzip member"
         : format == Format::zlib ? "zlib data"
                                  : "deflate data";
}

// A zlib error turned into a message a user can act on.
std::string describe(int rc, const char* zlib_message, Format format, std::uint64_t offset) {
  const std::string what = format_name(format);
  const std::string where = " at offset " + std::to_string(offset);
  const std::string_view msg = zlib_message != nullptr ? zlib_message : "";
  if (rc == Z_MEM_ERROR)
    return "out of memory decompressing " + what + where;
  if (msg == "incorrect header check" || msg == "unknown compression method" ||
      msg == "invalid window size" || msg == "unknown header flags set" ||
      msg == "header crc mismatch") {
    return "bad " + std::string(format == Format::gzip ? "gzip" : "zlib") + " header" + where;
  }
  if (msg == "incorrect data check" || msg == "incorrect length check")
    return what + where + " fails its " + (format == Format::gzip ? "CRC" : "checksum") + " check";
  if (msg.empty())
    return "corrupt " + what + where;
  return "corrupt " + what + where + " (" + std::string(msg) + ")";
}

std::string truncated(Format format, std::uint64_t offset) {
  return "truncated " + format_name(format) + " at offset " + std::to_string(offset);
}

std::string over_limit(std::size_t limit) {
  return "decompressed size over the limit (" + std::to_string(limit) + " bytes)";
}

struct ZStream {
  z_stream zs{};
  bool ok = false;
  explicit ZStream(int window_bits) { ok = inflateInit2(&zs, window_bits) == Z_OK; }
  ~ZStream() {
    if (ok)
      inflateEnd(&zs);
  }
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;
};

bool is_member_header(const unsigned char* p, std::size_t available) {
  // Magic, method deflate; reserved flag bits clear. The rest of the header
  // is zlib's to check.
  return available >= 4 && p[0] == 0x1F && p[1] == 0x8B && p[2] == 8 && (p[3] & 0xE0) == 0;
}

Inflated inflate_all(std::string_view input, Format format, std::size_t max_output) {
  Inflated result;
  ZStream stream(format == Format::gzip   ? kGzipBits
                 : format == Format::zlib ? kZlibBits
                                          : kRawBits);
  if (!stream.ok) {
    result.error = "out of memory decompressing " + format_name(format);
    return result;
  }
  z_stream& zs = stream.zs;
  const auto* const begin = reinterpret_cast<const unsigned char*>(input.data());
  std::size_t member = 0;  // where the current member starts
  std::size_t fed = 0;     // bytes handed to zlib so far
  zs.next_in = const_cast<unsigned char*>(begin);
  zs.avail_in = 0;
  unsigned char buffer[kOutputBuffer];
  for (;;) {
    if (zs.avail_in == 0 && fed < input.size()) {
      const std::size_t slice = std::min(input.size() - fed, kMaxSlice);
      zs.next_in = const_cast<unsigned char*>(begin + fed);
      zs.avail_in = static_cast<uInt>(slice);
      fed += slice;
    }
    zs.next_out = buffer;
    zs.avail_out = sizeof buffer;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - zs.avail_out;
    if (produced > max_output - result.bytes.size()) {
      result.bytes.append(reinterpret_cast<const char*>(buffer), max_output - result.bytes.size());
      result.error = over_limit(max_output);
      return result;
    }
    result.bytes.append(reinterpret_cast<const char*>(buffer), produced);
    const std::size_t consumed = static_cast<std::size_t>(zs.next_in - begin);
    if (rc == Z_STREAM_END) {
      if (format != Format::gzip)
        return result;
      // Another member may follow; anything else after the end is ignored.
      if (!is_member_header(begin + consumed, input.size() - consumed))
        return result;
      member = consumed;
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_OK)
      continue;
    if (rc == Z_BUF_ERROR && consumed == input.size()) {
      result.error = truncated(format, member);
      return result;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0)
      continue;  // the next slice
    result.error = describe(rc, zs.msg, format, member);
    return result;
  }
}

}  // namespace

bool has_gzip_magic(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

Inflated gunzip(std::string_view compressed, std::size_t max_output) {
  if (!has_gzip_magic(compressed)) {
    Inflated result;
    result.error =
        compressed.size() < 2 ? truncated(Format::gzip, 0) : "bad gzip header at offset 0";
    return result;
  }
  return inflate_all(compressed, Format::gzip, max_output);
}

Inflated inflate_deflate(std::string_view compressed, std::size_t max_output) {
  // A zlib header: method 8, window size at most 32 KiB, and a check value
  // making the first two bytes a multiple of 31 (RFC 1950, 2.2). Raw deflate
  // data meets all three by chance rarely enough for browsers to rely on it.
  bool zlib_wrapped = false;
  if (compressed.size() >= 2) {
    const auto cmf = static_cast<unsigned char>(compressed[0]);
    const auto flg = static_cast<unsigned char>(compressed[1]);
    zlib_wrapped = (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
  }
  return inflate_all(compressed, zlib_wrapped ? Format::zlib : Format::raw, max_output);
}

// ----------------------------------------------------------------------------
// GzipStream

struct GzipStream::State {
  z_stream zs{};
  bool initialised = false;
  std::string input;           // input[0] is at compressed offset `base`
  std::uint64_t base = 0;      //
  std::size_t next = 0;        // first byte of `input` not yet consumed
  std::uint64_t member = 0;    // where the current (or last) member starts
  std::streamoff origin = -1;  // stream position of offset 0, when seekable
  bool eof = false;

  [[nodiscard]] std::size_t available() const { return input.size() - next; }
  [[nodiscard]] std::uint64_t offset() const { return base + next; }

  ~State() {
    if (initialised)
      inflateEnd(&zs);
  }
};

GzipStream::GzipStream(std::istream& in, std::string already_read)
    : in_(in), state_(std::make_unique<State>()) {
  auto& s = *state_;
  const std::streamoff position = in_.tellg();
  if (position >= 0 && static_cast<std::size_t>(position) >= already_read.size())
    s.origin = position - static_cast<std::streamoff>(already_read.size());
  s.input = std::move(already_read);
  s.initialised = inflateInit2(&s.zs, kGzipBits) == Z_OK;
  if (!s.initialised)
    damage_ = "out of memory decompressing gzip";
}

GzipStream::~GzipStream() = default;

// Makes more input available, keeping the unconsumed bytes. false at the end.
bool GzipStream::fill_input() {
  auto& s = *state_;
  if (s.eof)
    return false;
  s.base += s.next;
  s.input.erase(0, s.next);
  s.next = 0;
  const std::size_t kept = s.input.size();
  s.input.resize(kept + kInputBuffer);
  in_.read(s.input.data() + kept, static_cast<std::streamsize>(kInputBuffer));
  const auto got = static_cast<std::size_t>(in_.gcount());
  s.input.resize(kept + got);
  if (got == 0)
    s.eof = true;
  return got > 0;
}

// Between members: finds where the next one starts. Zero bytes (padding) are
// skipped; anything else is damage.
bool GzipStream::start_member() {
  auto& s = *state_;
  for (;;) {
    while (s.available() < 4 && fill_input()) {
    }
    if (s.available() == 0) {
      at_end_ = true;
      return false;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(s.input.data() + s.next);
    if (is_member_header(p, s.available())) {
      s.member = s.offset();
      inflateReset(&s.zs);
      in_member_ = true;
      members_.push_back({produced_, s.member});
      return true;
    }
    if (*p != 0) {
      s.member = s.offset();
      set_damage(produced_ == 0 && s.member == 0
                     ? "bad gzip header at offset 0"
                     : "not a gzip member at offset " + std::to_string(s.member));
      return false;
    }
    ++s.next;
  }
}

void GzipStream::set_damage(std::string message) {
  damage_ = std::move(message);
  in_member_ = false;
}

std::size_t GzipStream::read(char* out, std::size_t size) {
  auto& s = *state_;
  if (damage_ || at_end_ || size == 0)
    return 0;
  size = std::min(size, kMaxSlice);
  for (;;) {
    if (!in_member_ && !start_member())
      return 0;
    if (s.available() == 0 && !fill_input()) {
      set_damage(truncated(Format::gzip, s.member));
      return 0;
    }
    s.zs.next_in = reinterpret_cast<unsigned char*>(s.input.data() + s.next);
    s.zs.avail_in = static_cast<uInt>(std::min(s.available(), kMaxSlice));
    s.zs.next_out = reinterpret_cast<unsigned char*>(out);
    s.zs.avail_out = static_cast<uInt>(size);
    const int rc = inflate(&s.zs, Z_NO_FLUSH);
    s.next = static_cast<std::size_t>(reinterpret_cast<char*>(s.zs.next_in) - s.input.data());
    const std::size_t produced = size - s.zs.avail_out;
    produced_ += produced;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
    } else if ((rc != Z_OK && rc != Z_BUF_ERROR) ||
               (rc == Z_BUF_ERROR && produced == 0 && s.zs.avail_in > 0)) {
      set_damage(describe(rc, s.zs.msg, Format::gzip, s.member));
    }
    if (produced > 0 || damage_)
      return produced;
  }
}

bool GzipStream::resume() {
  auto& s = *state_;
  if (!damage_)
    return !at_end_;
  damage_.reset();
  // The next member may begin inside what zlib took for the damaged one's
  // data (a member cut short, followed by the next): look again from just
  // after the damaged member's start when the input can be rewound.
  const std::uint64_t from = s.member + 1;
  if (s.origin >= 0 && from < s.base) {
    in_.clear();
    in_.seekg(s.origin + static_cast<std::streamoff>(from));
    if (in_) {
      s.input.clear();
      s.next = 0;
      s.base = from;
      s.eof = false;
    }
  } else if (from >= s.base && from - s.base <= s.input.size()) {
    s.next = static_cast<std::size_t>(from - s.base);
  }
  for (;;) {
    while (s.available() < 4 && fill_input()) {
    }
    if (s.available() < 4) {
      at_end_ = true;
      return false;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(s.input.data() + s.next);
    if (is_member_header(p, s.available()))
      return true;
    const void* hit = std::memchr(p + 1, 0x1F, s.available() - 1);
    s.next = hit == nullptr
                 ? s.input.size() - 3
                 : static_cast<std::size_t>(static_cast<const char*>(hit) - s.input.data());
  }
}

std::uint64_t GzipStream::member_offset(std::uint64_t position) {
  while (members_.size() > 1 && members_[1].position <= position)
    members_.pop_front();
  return members_.empty() ? 0 : members_.front().offset;
}

}  // namespace byline::detail
