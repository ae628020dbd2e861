// Dates written out in the text of a page, in the languages news is written
// in: "15. September 2014", "15 septembre 2014", "15 de septiembre de 2014",
// "15 сентября 2014", "September 15, 2014", "2014. szeptember 15.",
// "2014年9月15日", "2014년 9월 15일", and the unambiguous numeric forms
// "2014-09-15" and "15.09.2014".
//
// Month names come from ICU's date symbols (wide and abbreviated, format
// and stand-alone forms, so "сентября" as well as "сентябрь") of some
// thirty locales, always in the Gregorian calendar. A name that means
// different months in two languages is left out. Digits of any script count
// ("١٥ سبتمبر ٢٠١٤").
//
// These are dates guessed from free text: only years 1800-2199 are taken
// (a larger or smaller number is more likely an id or a count), and day
// and month must make a real date. Numeric forms with slashes (03/04/2014)
// are refused: whether that is March or April cannot be told.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

struct LocalizedDate {
  std::string date;       // "YYYY-MM-DD"
  std::size_t begin = 0;  // byte offsets of the match in the text
  std::size_t end = 0;
};

// Every date in `text`, in order, at most `limit` of them. Throws only
// std::bad_alloc. Linear in the text's length.
[[nodiscard]] std::vector<LocalizedDate> find_localized_dates(std::string_view text,
                                                              std::size_t limit = 16);

// The first date in `text` as "YYYY-MM-DD", or nullopt.
[[nodiscard]] std::optional<std::string> find_localized_date(std::string_view text);

}  // namespace byline::detail
