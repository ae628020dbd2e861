// How stored field values become filter terms and value-slot keys. Indexing
// and querying both call these, so a filter always finds what was indexed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/analyzer.hpp"

namespace byline::detail {

// "BBC News", "bbc  news", "BBC-News" -> "bbcnews": the source's words as the
// analyzer normalizes them, joined, so that a source matches regardless of
// case, accents, spacing and punctuation.
[[nodiscard]] std::string source_key(Analyzer& analyzer, std::string_view source);

// The names in an article's author field: split at commas and semicolons,
// each trimmed, empty ones left out: "Jane Doe, John Roe" -> {"Jane Doe",
// "John Roe"}. Views into `authors`.
[[nodiscard]] std::vector<std::string_view> author_names(std::string_view authors);

// An author's key, normalized as a source's is (source_key()): "Jane Doe" ->
// "janedoe".
[[nodiscard]] std::string author_key(Analyzer& analyzer, std::string_view name);

// An alias member's key: its words as the analyzer normalizes them (not
// stemmed), joined by single spaces: "Islamic State" -> "islamic state".
[[nodiscard]] std::string alias_key(Analyzer& analyzer, std::string_view member);

// A calendar date split for the index: "2014-09-15" -> {"20140915", "201409", "2014"}.
struct DateKeys {
  std::string day;    // YYYYMMDD
  std::string month;  // YYYYMM
  std::string year;   // YYYY
};

// Days in `month` (1-12) of `year`, leap years included.
[[nodiscard]] int days_in_month(int year, int month);

// nullopt unless `date` is a valid "YYYY-MM-DD" (month 1-12, day valid for the month).
[[nodiscard]] std::optional<DateKeys> date_keys(std::string_view date);

// A language as the index keys it, from a language tag or a lang: value:
// lower case, the region dropped ("en-GB", "EN_gb", "en" -> "en"); a
// stemmer name passes as it is ("french").
[[nodiscard]] std::string language_key(std::string_view language);

}  // namespace byline::detail
