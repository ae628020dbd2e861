// date: values — a day, a month, a year, or a range of them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace byline::detail {

struct DateRange {
  // Inclusive bounds as "YYYYMMDD" (the date value slot's form); empty: open.
  std::string from;
  std::string to;
  // For a single day, month or year: the filter term's suffix and its kind
  // ('D' day "20140915", 'M' month "201409", 'Y' year "2014"); 0 for ranges.
  char unit = 0;
  std::string key;
};

// One date, "2014-09-15", "2014-09" or "2014", as the days it covers: the
// range from its first day to its last, `unit` and `key` set. On failure
// returns nullopt, with `problem` saying what.
[[nodiscard]] std::optional<DateRange> parse_date(std::string_view text, std::string& problem);

// Parses "2014-09-15", "2014-09", "2014", "A..B", "..B", "A..". On failure
// returns nullopt, with `problem` saying what and `offset` the byte in `text`.
[[nodiscard]] std::optional<DateRange> parse_date_range(std::string_view text, std::string& problem,
                                                        std::size_t& offset);

}  // namespace byline::detail
