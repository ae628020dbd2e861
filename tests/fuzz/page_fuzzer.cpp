// Fuzz target: a web page becoming an article. The bytes are decoded as a
// page is (html_charset), parsed (html_tree, with its nesting prescan), and
// their main text and metadata extracted (page_article). Checks what the
// index relies on: every field is valid UTF-8 with no control characters
// but the body's line breaks; a date is a real "YYYY-MM-DD"; a language is
// two lowercase letters; a url is http(s); paragraphs are separated by one
// blank line; and a refused page says why and holds nothing else.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/utf8.hpp"
#include "indexer/html_charset.hpp"
#include "indexer/page_article.hpp"

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

bool has_control(std::string_view text, bool newlines_allowed) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(newlines_allowed && c == '\n')) || u == 0x7f)
      return true;
  }
  return false;
}

void check_field(std::string_view field) {
  check(!byline::utf8::find_invalid(field));
  check(!has_control(field, /*newlines_allowed=*/false));
}

// "YYYY-MM-DD" of a day that exists, any year (structured dates keep theirs).
bool is_calendar_date(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-')
    return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9')
      return false;
  }
  const int year = std::atoi(std::string(date.substr(0, 4)).c_str());
  const int month = std::atoi(std::string(date.substr(5, 2)).c_str());
  const int day = std::atoi(std::string(date.substr(8, 2)).c_str());
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 &&
         day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto decoded = byline::detail::decode_html(bytes);
  if (!decoded.ok())
    return 0;
  const auto page = byline::detail::extract_page_article(decoded.text, "https://fuzz.example/a/b");
  if (page.error) {
    check(!page.error->empty());
    check(page.body.empty() && page.title.empty());
    return 0;
  }
  for (const std::string* field :
       {&page.title, &page.date, &page.source, &page.author, &page.url, &page.lang})
    check_field(*field);
  check(!byline::utf8::find_invalid(page.body));
  check(!has_control(page.body, /*newlines_allowed=*/true));
  check(page.body.find("\n\n\n") == std::string::npos);
  if (!page.date.empty())
    check(is_calendar_date(page.date));
  if (!page.lang.empty())
    check(page.lang.size() == 2 && page.lang[0] >= 'a' && page.lang[0] <= 'z' &&
          page.lang[1] >= 'a' && page.lang[1] <= 'z');
  if (!page.url.empty())
    check(page.url.starts_with("http://") || page.url.starts_with("https://"));
  return 0;
}
