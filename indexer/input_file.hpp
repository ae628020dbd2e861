// Reading one input file whole, within a size limit: a text article or a
// web page. Crawls (WARC) are streamed instead (warc_reader.hpp).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace byline::detail {

struct InputFile {
  std::string bytes;                 // the content (decompressed, with gunzip)
  std::size_t bytes_read = 0;        // from the disk: what progress counts
  std::optional<std::string> error;  // "cannot open: ...", "file too large (...)", ...
};

// Reads `file` whole. More than `limit` bytes (on disk, or decompressed) is
// an error, "file too large", found before reading when the size says so.
// With `gunzip`, content that starts with gzip's magic number is
// decompressed (every member), and a damaged or truncated member is an
// error naming its offset. `limit_name` says the limit in the message
// ("16 MiB").
[[nodiscard]] InputFile read_input_file(const std::filesystem::path& file, std::size_t limit,
                                        std::string_view limit_name, bool gunzip);

}  // namespace byline::detail
