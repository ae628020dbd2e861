// A read-only stream buffer that gives some bytes already taken from a
// stream, then the rest of that stream: for looking at the start of
// standard input (is it a crawl? a page?) without needing to put bytes back,
// which a pipe's buffer does not promise beyond one.
#pragma once

#include <algorithm>
#include <cstring>
#include <streambuf>
#include <string>

namespace byline::detail {

class PrefixedStreambuf : public std::streambuf {
 public:
  PrefixedStreambuf(std::string prefix, std::streambuf& rest)
      : prefix_(std::move(prefix)), rest_(rest) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr())
      return traits_type::to_int_type(*gptr());
    const std::streamsize n = rest_.sgetn(buffer_, sizeof buffer_);
    if (n <= 0)
      return traits_type::eof();
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string prefix_;
  std::streambuf& rest_;
  char buffer_[64 * 1024];
};

}  // namespace byline::detail
