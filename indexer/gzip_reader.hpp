// Decompressing gzip and deflate data with zlib: whole HTTP bodies in
// memory (Content-Encoding) and whole crawl files as a stream (.warc.gz).
//
// A gzip file may hold several members one after the other (RFC 1952, 2.2);
// a .warc.gz holds one per record, so that a record can be read from its
// offset alone. Every reader here reads all members, and reports damage
// (a member cut short, a bad header or CRC) by the compressed offset of the
// member concerned, keeping what was decoded before it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace byline::detail {

struct Inflated {
  // What was decompressed; when `error` is set, what was decoded before the
  // damage (possibly nothing).
  std::string bytes;
  // Why decompression stopped early: "truncated gzip member at offset 120",
  // "gzip member at offset 0 fails its CRC check", "bad gzip header at
  // offset 0", "decompressed size over the limit (1048576 bytes)", ...
  std::optional<std::string> error;

  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
};

// True when `bytes` starts with the gzip magic number (1F 8B).
[[nodiscard]] bool has_gzip_magic(std::string_view bytes) noexcept;

// Decompresses every gzip member of `compressed`. Bytes after the last member
// that do not start another member (padding, trailing garbage) are ignored,
// as gzip(1) and browsers do. Stops with an error once more than
// `max_output` bytes would come out. Never throws but std::bad_alloc.
[[nodiscard]] Inflated gunzip(std::string_view compressed, std::size_t max_output);

// Decompresses HTTP's "deflate": RFC 1950 zlib data as the standard says, or
// the raw RFC 1951 deflate data that many servers send instead (told apart
// by the zlib header check, as browsers do). Same limit and errors as gunzip.
[[nodiscard]] Inflated inflate_deflate(std::string_view compressed, std::size_t max_output);

// Decompresses a gzip stream of any length read from `in`, a buffer at a
// time, in constant memory. Members follow one another seamlessly in what
// read() returns; where each begins in the compressed input is kept so that
// a caller can name the member holding a given decompressed byte.
//
// Damage stops the stream: read() returns 0 and damage() says what and where.
// resume() then skips to the next member after the damaged one (the next
// gzip magic, method deflate, in the compressed input) and the stream goes
// on from there, so that one bad record costs one record.
class GzipStream {
 public:
  // `already_read`: bytes the caller took from `in` already (to look for
  // the magic number), which come first. `in` must outlive the stream.
  explicit GzipStream(std::istream& in, std::string already_read = {});
  ~GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  // Fills `out` with up to `size` decompressed bytes; returns how many. 0
  // means the end of the input, or damage when damage() is set.
  [[nodiscard]] std::size_t read(char* out, std::size_t size);
  // Set after read() returned 0 because of damage, until resume().
  [[nodiscard]] const std::optional<std::string>& damage() const noexcept { return damage_; }
  // After damage: goes on with the next member. false when none follows.
  bool resume();
  // The compressed offset of the member that holds decompressed byte
  // `position` (counting every byte read() returned). Queries must not go
  // backwards: offsets of members wholly before `position` are forgotten.
  [[nodiscard]] std::uint64_t member_offset(std::uint64_t position);

 private:
  struct State;
  bool fill_input();
  bool start_member();
  void set_damage(std::string message);

  std::istream& in_;
  std::unique_ptr<State> state_;
  std::optional<std::string> damage_;
  bool in_member_ = false;
  bool at_end_ = false;
  std::uint64_t produced_ = 0;  // decompressed bytes returned so far
  struct MemberStart {
    std::uint64_t position;  // first decompressed byte
    std::uint64_t offset;    // in the compressed input
  };
  std::deque<MemberStart> members_;
};

}  // namespace byline::detail
