// UTF-8 validation: the first malformed byte is found wherever it lies in
// long ASCII runs, which are skipped eight bytes at a time.
#include "engine/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("find_invalid reports the first malformed byte wherever it lies") {
  const std::string ascii(40, 'a');
  for (const std::string bad : {"\xFF", "\xC3", "\xE2\x80", "\xED\xA0\x80", "\xC0\xAF"}) {
    for (std::size_t at = 0; at <= ascii.size(); ++at) {
      CAPTURE(at);
      const std::string text = ascii.substr(0, at) + bad + ascii.substr(at);
      CHECK(byline::utf8::find_invalid(text) == at);
      // A valid two-byte character before it changes nothing but the offset.
      CHECK(byline::utf8::find_invalid("\xC3\xA9" + text) == at + 2);
    }
  }
  CHECK_FALSE(byline::utf8::find_invalid(ascii + "Caf\xC3\xA9 \xF0\x9F\x93\xB0" + ascii));
  CHECK_FALSE(byline::utf8::find_invalid(""));
}
