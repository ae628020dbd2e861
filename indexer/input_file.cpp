#include "indexer/input_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

#include "indexer/gzip_reader.hpp"

namespace byline::detail {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

std::string too_large_message(std::uintmax_t bytes, std::string_view limit_name) {
  return "file too large (" + std::to_string(bytes) + " bytes; the limit is " +
         std::string(limit_name) + ")";
}

}  // namespace

InputFile read_input_file(const std::filesystem::path& file, std::size_t limit,
                          std::string_view limit_name, bool gunzip) {
  InputFile input;
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > limit) {
    input.error = too_large_message(size, limit_name);
    return input;
  }
  std::unique_ptr<std::FILE, FileCloser> in(std::fopen(file.c_str(), "rb"));
  if (!in) {
    const int code = errno;
    input.error = std::string("cannot open: ") + std::strerror(code);
    return input;
  }
  std::string& bytes = input.bytes;
  if (!ec)
    bytes.reserve(size);
  char buffer[64 * 1024];
  while (bytes.size() <= limit) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, in.get());
    bytes.append(buffer, n);
    if (n < sizeof buffer)
      break;
  }
  if (std::ferror(in.get())) {
    const int code = errno;
    input.error = std::string("cannot read: ") + std::strerror(code);
    return input;
  }
  input.bytes_read = bytes.size();
  if (bytes.size() > limit) {  // grew since, or not a regular file
    input.error = too_large_message(bytes.size(), limit_name);
    return input;
  }
  if (gunzip && has_gzip_magic(bytes)) {
    Inflated inflated = detail::gunzip(bytes, limit);
    if (!inflated.ok()) {
      input.error = "cannot decompress: " + *inflated.error;
      return input;
    }
    bytes = std::move(inflated.bytes);
  }
  return input;
}

}  // namespace byline::detail
