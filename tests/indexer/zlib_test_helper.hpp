// Compressing test inputs with zlib: gzip members, zlib and raw deflate data,
// for the tests of the readers that undo them.
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace byline::test {

enum class Wrapper { gzip, zlib, raw };

// `bytes` compressed in one piece with the given wrapper.
inline std::string compress(std::string_view bytes, Wrapper wrapper = Wrapper::gzip) {
  z_stream zs{};
  const int bits = wrapper == Wrapper::gzip ? 15 + 16 : wrapper == Wrapper::zlib ? 15 : -15;
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END)
    throw std::runtime_error("deflate");
  return out;
}

inline std::string gzip(std::string_view bytes) {
  return compress(bytes, Wrapper::gzip);
}

}  // namespace byline::test
