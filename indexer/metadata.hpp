// Metadata from the text itself: title, publication date and source of an
// article when neither a manifest nor a JSON Lines field gives them.
//
// The input is a web scrape: a headline somewhere near the top, boilerplate
// ("Make CT Your Homepage", "Send in e-mail"), mastheads, the scrape's own
// timestamp, and the article. The heuristics are deliberately general (no
// per-site rules); their accuracy on the seed corpus is measured in
// tests/indexer/metadata_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace byline::detail {

// "YYYY-MM-DD" for a string that is one date, or nullopt. Accepts
//   2014-09-15, 2014/09/15, ISO datetimes (2014-09-15T17:34:00Z,
//   2014-09-15 17:34): the date as written, not shifted to UTC;
//   September 15, 2014 / Sep 15, 2014 / Sept. 15th 2014;
//   15 September 2014 / 15 Sep, 2014;
// each optionally after a weekday ("Monday, ") and before a time of day.
// Numeric day/month forms (01/22/2025) are refused: whether 03/04 is March or
// April cannot be told from the string alone.
[[nodiscard]] std::optional<std::string> normalize_date(std::string_view text);

// The first date written in free text, as "YYYY-MM-DD": ISO and month-name
// dates first; only if there is none, a numeric one (m/d/yyyy, or d/m/yyyy
// when the first number is over 12, d.m.yyyy). Scrapes stamp the time they
// were taken in numeric form, so numeric dates are the weakest evidence.
[[nodiscard]] std::optional<std::string> find_date(std::string_view text);

// True when a line (whitespace-normalized) is a date and little else:
// "2014-09-15 17:34", "Monday, September 15, 2014 10:32 AM EDT", "Published:
// 15 Sep 2014": a date and at most four other words.
[[nodiscard]] bool is_date_line(std::string_view normalized);

struct TextMetadata {
  std::string title;   // empty when no line looks like a headline
  std::string date;    // "YYYY-MM-DD", or empty
  std::string source;  // empty when unknown
};

// Title: the first line, among the first 30 non-empty ones, that looks like
//   a headline: at least 5 words, at most 200 characters, some lowercase
//   (not a masthead), not a date line, not a sentence (no final period),
//   not a label (no final ',' ':' ';'), no URL.
// Date: find_date() on the whole text.
// Source: the X of a "Source: X, Y" line; else an ALL-CAPS line of at most 4
//   words above the title (a masthead), title-cased ("CHINA TOPIX" -> "China
//   Topix"); else empty.
[[nodiscard]] TextMetadata extract_metadata(std::string_view text);

// The text without its first line equal to `title` (after whitespace
// normalization), trimmed. The text trimmed when no line equals it.
[[nodiscard]] std::string body_without_title(std::string_view text, std::string_view title);

// Runs of Unicode whitespace (including no-break spaces) become one space;
// leading and trailing whitespace goes.
[[nodiscard]] std::string normalize_whitespace(std::string_view text);

}  // namespace byline::detail
