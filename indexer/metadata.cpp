#include "indexer/metadata.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <vector>

#include "engine/utf8.hpp"
#include "indexer/localized_dates.hpp"
#include "indexer/text_chrome.hpp"

namespace byline::detail {

namespace {

// ---------------------------------------------------------------- characters

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// For word boundaries: bytes of non-ASCII characters count as letters, so that
// "éMay 5, 2014" is not read as a date starting inside a word.
bool is_wordish(char c) {
  return is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80;
}

bool is_space_at(std::string_view text, std::size_t i, std::size_t& length) {
  if (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
    length = 1;
    return true;
  }
  if (text.substr(i).starts_with("\xC2\xA0")) {  // no-break space
    length = 2;
    return true;
  }
  return false;
}

std::size_t skip_spaces(std::string_view text, std::size_t i) {
  std::size_t length = 0;
  while (is_space_at(text, i, length))
    i += length;
  return i;
}

bool is_unicode_space(char32_t cp) {
  // ASCII without a look-up in ICU's tables: its White_Space is 9-13 and 32.
  if (cp < 0x80)
    return cp == ' ' || (cp >= '\t' && cp <= '\r');
  return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

std::string fold_case(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

// --------------------------------------------------------------------- dates

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

struct DateMatch {
  Date date;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// News archives go back to the 19th century; years outside are noise
// (phone numbers, ids) rather than dates.
constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2199;

bool is_valid(const Date& d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < kMinYear || d.year > kMaxYear || d.month < 1 || d.month > 12 || d.day < 1) {
    return false;
  }
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  if (d.month == 2 && !leap)
    return d.day <= 28;
  return d.day <= kDays[static_cast<std::size_t>(d.month - 1)];
}

std::string format(const Date& d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

struct Number {
  int value = 0;
  std::size_t end = 0;
};

// The whole run of digits starting at i, if it has between min and max digits.
std::optional<Number> read_number(std::string_view text, std::size_t i, std::size_t min_digits,
                                  std::size_t max_digits) {
  std::size_t j = i;
  int value = 0;
  while (j < text.size() && is_digit(text[j])) {
    if (j - i >= max_digits)
      return std::nullopt;
    value = value * 10 + (text[j] - '0');
    ++j;
  }
  if (j - i < min_digits)
    return std::nullopt;
  return Number{value, j};
}

// "st", "nd", "rd", "th" after a day number, as in "15th".
std::size_t skip_ordinal(std::string_view text, std::size_t i) {
  if (i + 2 > text.size())
    return i;
  const std::string suffix = lower_ascii(text.substr(i, 2));
  const bool ordinal = suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
  if (ordinal && (i + 2 == text.size() || !is_wordish(text[i + 2])))
    return i + 2;
  return i;
}

std::string_view letters_at(std::string_view text, std::size_t i) {
  std::size_t j = i;
  while (j < text.size() && is_ascii_letter(text[j]))
    ++j;
  return text.substr(i, j - i);
}

// The month named at i ("September", "Sep", "Sept."), with the end of the name.
std::optional<Number> read_month(std::string_view text, std::size_t i) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const std::string_view word = letters_at(text, i);
  if (word.size() < 3 || (i + word.size() < text.size() && is_wordish(text[i + word.size()]))) {
    return std::nullopt;
  }
  const std::string lower = lower_ascii(word);
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    const bool full = lower == kMonths[m];
    const bool abbreviated = lower == kMonths[m].substr(0, 3) || (m == 8 && lower == "sept");
    if (full || abbreviated) {
      std::size_t end = i + word.size();
      if (abbreviated && end < text.size() && text[end] == '.')
        ++end;
      return Number{static_cast<int>(m) + 1, end};
    }
  }
  return std::nullopt;
}

bool is_weekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  const std::string lower = lower_ascii(word);
  return std::any_of(kDays.begin(), kDays.end(), [&](std::string_view d) {
    return lower == d || (lower.size() >= 3 && d.starts_with(lower) && lower.size() <= 4);
  });
}

bool followed_by_digit(std::string_view text, std::size_t end) {
  return end < text.size() && is_digit(text[end]);
}

// 2014-09-15, 2014/09/15 at i.
std::optional<DateMatch> iso_date_at(std::string_view text, std::size_t i) {
  const auto year = read_number(text, i, 4, 4);
  if (!year || year->end >= text.size())
    return std::nullopt;
  const char separator = text[year->end];
  if (separator != '-' && separator != '/')
    return std::nullopt;
  const auto month = read_number(text, year->end + 1, 1, 2);
  if (!month || month->end >= text.size() || text[month->end] != separator)
    return std::nullopt;
  const auto day = read_number(text, month->end + 1, 1, 2);
  if (!day)
    return std::nullopt;
  const Date date{year->value, month->value, day->value};
  if (!is_valid(date))
    return std::nullopt;
  return DateMatch{date, i, day->end};
}

// The ", 2014" or " 2014" ending a month-name date whose month and day are
// read, from j on; the whole date, starting at `start`, if it is valid.
std::optional<DateMatch> with_year(std::string_view text, std::size_t j, int month, int day,
                                   std::size_t start) {
  if (j < text.size() && text[j] == ',')
    ++j;
  const std::size_t after = skip_spaces(text, j);
  if (after == j && text[j - 1] != ',')
    return std::nullopt;
  const auto year = read_number(text, after, 4, 4);
  if (!year)
    return std::nullopt;
  const Date date{year->value, month, day};
  if (!is_valid(date))
    return std::nullopt;
  return DateMatch{date, start, year->end};
}

// "September 15, 2014", "Sep 15 2014", "Sept. 15th, 2014" at i.
std::optional<DateMatch> month_day_year_at(std::string_view text, std::size_t i) {
  const auto month = read_month(text, i);
  if (!month)
    return std::nullopt;
  std::size_t j = skip_spaces(text, month->end);
  if (j == month->end && (month->end == i || text[month->end - 1] != '.'))
    return std::nullopt;
  const auto day = read_number(text, j, 1, 2);
  if (!day)
    return std::nullopt;
  return with_year(text, skip_ordinal(text, day->end), month->value, day->value, i);
}

// "15 September 2014", "15th of Sep, 2014" at i.
std::optional<DateMatch> day_month_year_at(std::string_view text, std::size_t i) {
  const auto day = read_number(text, i, 1, 2);
  if (!day)
    return std::nullopt;
  std::size_t j = skip_ordinal(text, day->end);
  std::size_t k = skip_spaces(text, j);
  if (k == j)
    return std::nullopt;
  if (lower_ascii(letters_at(text, k)) == "of") {
    j = k + 2;
    k = skip_spaces(text, j);
    if (k == j)
      return std::nullopt;
  }
  const auto month = read_month(text, k);
  if (!month)
    return std::nullopt;
  return with_year(text, month->end, month->value, day->value, i);
}

// 01/22/2025 (US order, or day first when the first number is over 12) and
// 22.01.2025 (day first, as in Europe) at i.
std::optional<DateMatch> numeric_date_at(std::string_view text, std::size_t i) {
  const auto first = read_number(text, i, 1, 2);
  if (!first || first->end >= text.size())
    return std::nullopt;
  const char separator = text[first->end];
  if (separator != '/' && separator != '.')
    return std::nullopt;
  const auto second = read_number(text, first->end + 1, 1, 2);
  if (!second || second->end >= text.size() || text[second->end] != separator) {
    return std::nullopt;
  }
  const auto year = read_number(text, second->end + 1, 4, 4);
  if (!year)
    return std::nullopt;
  Date date{year->value, first->value, second->value};  // month first
  if (separator == '.' || first->value > 12)
    std::swap(date.month, date.day);
  if (!is_valid(date)) {
    std::swap(date.month, date.day);
    if (!is_valid(date))
      return std::nullopt;
  }
  return DateMatch{date, i, year->end};
}

// The strong (ISO or month-name) date starting exactly at i.
std::optional<DateMatch> strong_date_at(std::string_view text, std::size_t i) {
  if (is_digit(text[i])) {
    if (i > 0 && is_digit(text[i - 1]))
      return std::nullopt;
    if (auto m = iso_date_at(text, i); m && !followed_by_digit(text, m->end))
      return m;
    if (auto m = day_month_year_at(text, i); m && !followed_by_digit(text, m->end))
      return m;
  } else if (is_ascii_letter(text[i])) {
    if (i > 0 && is_wordish(text[i - 1]))
      return std::nullopt;
    if (auto m = month_day_year_at(text, i); m && !followed_by_digit(text, m->end))
      return m;
  }
  return std::nullopt;
}

std::optional<DateMatch> weak_date_at(std::string_view text, std::size_t i) {
  if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.'))) {
    return std::nullopt;
  }
  auto m = numeric_date_at(text, i);
  if (m && !followed_by_digit(text, m->end) &&
      !(m->end + 1 < text.size() && text[m->end] == '.' && is_digit(text[m->end + 1]))) {
    return m;
  }
  return std::nullopt;
}

struct FoundDates {
  std::optional<DateMatch> strong;
  std::optional<DateMatch> weak;
};

FoundDates scan_dates(std::string_view text) {
  FoundDates found;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (auto m = strong_date_at(text, i)) {
      found.strong = m;
      return found;
    }
    if (!found.weak)
      found.weak = weak_date_at(text, i);
  }
  return found;
}

// True when `rest` (what follows a date) is only a time of day: "17:34",
// "T17:34:00Z", "10:32 a.m. EDT", "06:34:37 +02:00". Letters allowed are
// am/pm and zone abbreviations.
bool is_time_suffix(std::string_view rest) {
  std::size_t i = 0;
  if (i < rest.size() && (rest[i] == 'T' || rest[i] == ','))
    ++i;
  i = skip_spaces(rest, i);
  if (i == rest.size())
    return true;
  const auto hour = read_number(rest, i, 1, 2);
  if (!hour || hour->end >= rest.size() || rest[hour->end] != ':')
    return false;
  const auto minute = read_number(rest, hour->end + 1, 2, 2);
  if (!minute)
    return false;
  i = minute->end;
  // Seconds, fractions and numeric offsets: digits and punctuation only.
  while (i < rest.size() && (is_digit(rest[i]) || rest[i] == ':' || rest[i] == '.' ||
                             rest[i] == '+' || rest[i] == '-')) {
    ++i;
  }
  // Then words: am, pm, a.m., p.m., Z, or an upper-case zone (UTC, EDT, GMT+1).
  while ((i = skip_spaces(rest, i)) < rest.size()) {
    std::size_t j = i;
    while (j < rest.size() && !(rest[j] == ' ' || rest[j] == '\t'))
      ++j;
    const std::string_view word = rest.substr(i, j - i);
    const std::string lower = lower_ascii(word);
    const bool meridiem = lower == "am" || lower == "pm" || lower == "a.m." || lower == "p.m.";
    const bool zone =
        !word.empty() && word.size() <= 9 && std::all_of(word.begin(), word.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || is_digit(c) || c == '+' || c == '-' || c == ':';
        });
    if (!meridiem && !zone)
      return false;
    i = j;
  }
  return true;
}

// ---------------------------------------------------------------------- lines

struct Line {
  std::size_t begin = 0;  // byte offsets in the text, without the '\n'
  std::size_t end = 0;
  std::string normalized;  // normalize_whitespace() of the line
};

// The non-empty lines of `text`, at most `limit` of them.
std::vector<Line> non_empty_lines(std::string_view text, std::size_t limit) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  while (begin <= text.size() && lines.size() < limit) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      end = text.size();
    std::string normalized = normalize_whitespace(text.substr(begin, end - begin));
    if (!normalized.empty())
      lines.push_back({begin, end, std::move(normalized)});
    begin = end + 1;
  }
  return lines;
}

std::vector<std::string_view> words_of(std::string_view normalized) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < normalized.size()) {
    std::size_t j = normalized.find(' ', i);
    if (j == std::string_view::npos)
      j = normalized.size();
    const std::string_view word = normalized.substr(i, j - i);
    // A word has a letter or a digit: "-", "|" and "•" are not words.
    if (std::any_of(word.begin(), word.end(),
                    [](char c) {
                      return is_digit(c) || is_ascii_letter(c) ||
                             static_cast<unsigned char>(c) >= 0x80;
                    }) &&
        word != "\xE2\x80\xA2" && word != "\xC2\xB7") {
      words.push_back(word);
    }
    i = j + 1;
  }
  return words;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

struct LetterCase {
  std::size_t upper = 0;
  std::size_t lower = 0;
  std::size_t letters = 0;
  std::size_t non_space = 0;
};

LetterCase letter_case(std::string_view text) {
  LetterCase counts;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    i += d.length;
    const auto c = static_cast<UChar32>(d.code_point);
    if (is_unicode_space(d.code_point))
      continue;
    ++counts.non_space;
    if (u_isalpha(c))
      ++counts.letters;
    if (u_isUUppercase(c))
      ++counts.upper;
    if (u_isULowercase(c))
      ++counts.lower;
  }
  return counts;
}

// The latest year (kMinYear..kMaxYear) the text mentions outside
// [skip_begin, skip_end): a number of four digits standing alone, as in
// "in 2003", "2014-09-15", "15.09.2014". Zero when there is none.
int latest_year_outside(std::string_view text, std::size_t skip_begin, std::size_t skip_end) {
  int latest = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j]))
      ++j;
    const bool outside = j <= skip_begin || i >= skip_end;
    if (outside && j - i == 4 && (i == 0 || !is_wordish(text[i - 1])) &&
        (j == text.size() || !is_wordish(text[j]))) {
      const int year = std::stoi(std::string(text.substr(i, 4)));
      if (year >= kMinYear && year <= kMaxYear)
        latest = std::max(latest, year);
    }
    i = j;
  }
  return latest;
}

// True when a date is plainly when the page was scraped or generated, not
// when the article was published: its year is past every year the rest of
// the text mentions, by more than one (an article reports on its present
// and its past; the scraper stamps "01/22/2025 06:34:37 am" years later).
// A text that mentions no other year cannot tell, and the date stands.
bool is_later_than_the_text(std::string_view text, const DateMatch& match) {
  const int latest = latest_year_outside(text, match.begin, match.end);
  return latest != 0 && match.date.year > latest + 1;
}

}  // namespace

bool is_date_line(std::string_view normalized) {
  constexpr std::size_t kMaxOtherWords = 4;
  const auto dates = scan_dates(normalized);
  if (!dates.strong && !dates.weak)
    return false;
  std::size_t other_words = 0;
  for (std::string_view word : words_of(normalized)) {
    // Strip punctuation around the word: "(Monday," -> "Monday".
    while (!word.empty() && !is_digit(word.front()) && !is_wordish(word.front())) {
      word.remove_prefix(1);
    }
    while (!word.empty() && !is_digit(word.back()) && !is_wordish(word.back())) {
      word.remove_suffix(1);
    }
    if (word.empty() || is_digit(word.front()))
      continue;  // numbers, times, "15th"
    const std::string lower = lower_ascii(word);
    const auto month = read_month(word, 0);
    if ((month && month->end >= word.size()) || is_weekday(word) || lower == "am" ||
        lower == "pm" || lower == "a.m" || lower == "p.m") {
      continue;
    }
    ++other_words;
  }
  return other_words <= kMaxOtherWords;
}

namespace {

bool looks_like_headline(std::string_view line) {
  constexpr std::size_t kMinWords = 5;
  constexpr std::size_t kMaxCharacters = 200;
  if (code_points(line) > kMaxCharacters)
    return false;
  if (words_of(line).size() < kMinWords)
    return false;
  const auto counts = letter_case(line);
  if (counts.upper > 0 && counts.lower == 0)
    return false;  // a masthead or a shout
  if (line.find("://") != std::string_view::npos || line.find("www.") != std::string_view::npos) {
    return false;
  }
  const char last = line.back();
  if (last == ',' || last == ':' || last == ';')
    return false;  // a label or a run-on
  // A quotation that ends a sentence: ... "we will win."
  if (line.ends_with(".\"") || line.ends_with(".\xE2\x80\x9D"))
    return false;
  if (last == '.' && !line.ends_with("...")) {
    // "Talks held in the U.S." ends with an abbreviation, not a sentence.
    const std::size_t space = line.rfind(' ');
    const std::string_view last_word = line.substr(space == std::string_view::npos ? 0 : space + 1);
    if (last_word.find('.') == last_word.size() - 1)
      return false;
  }
  return !is_date_line(line) && !is_chrome_line(line);
}

// Web page furniture that is set in capitals but names no outlet.
bool is_furniture(std::string_view normalized) {
  static constexpr std::array<std::string_view, 17> kFurniture = {
      "advertisement", "advertising", "breaking",  "breaking news", "exclusive", "home",
      "live",          "log in",      "menu",      "news",          "opinion",   "search",
      "share",         "sign in",     "subscribe", "video",         "watch"};
  const std::string lower = lower_ascii(normalized);
  return std::find(kFurniture.begin(), kFurniture.end(), lower) != kFurniture.end();
}

bool looks_like_masthead(std::string_view line) {
  constexpr std::size_t kMaxWords = 4;
  const auto counts = letter_case(line);
  const std::size_t words = words_of(line).size();
  return counts.upper >= 2 && counts.lower == 0 && counts.letters * 2 >= counts.non_space &&
         words >= 1 && words <= kMaxWords && !is_date_line(line) && !is_furniture(line);
}

std::string title_case(std::string_view text) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .toTitle(nullptr, icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

// "Source: Al Jazeera, News Agencies" -> "Al Jazeera".
std::optional<std::string> source_from_line(std::string_view normalized) {
  constexpr std::size_t kMaxWords = 6;
  if (lower_ascii(normalized.substr(0, 6)) != "source")
    return std::nullopt;
  std::size_t i = 6;
  if (i < normalized.size() && ascii_lower(normalized[i]) == 's')
    ++i;
  if (i < normalized.size() && normalized[i] == ' ')
    ++i;
  if (i >= normalized.size() || normalized[i] != ':')
    return std::nullopt;
  std::string_view name = normalized.substr(i + 1);
  name = name.substr(0, name.find_first_of(",;|"));
  while (!name.empty() && (name.front() == ' '))
    name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '.'))
    name.remove_suffix(1);
  const std::size_t words = words_of(name).size();
  if (words == 0 || words > kMaxWords)
    return std::nullopt;
  return std::string(name);
}

// ------------------------------------------------- the page naming itself

bool is_capitalised(std::string_view word) {
  if (word.empty())
    return false;
  const auto d = utf8::decode(word, 0);
  return u_isupper(static_cast<UChar32>(d.code_point)) || is_digit(word.front());
}

// Words ("BBC", "News24", "Al-Ahram") read from `text` while they are
// capitalised, at most `max_words`; the name ends at punctuation after a word.
std::string name_at(std::string_view text, std::size_t max_words) {
  std::string name;
  std::size_t words = 0;
  for (std::size_t i = 0; i < text.size() && words < max_words;) {
    std::size_t j = text.find(' ', i);
    if (j == std::string_view::npos)
      j = text.size();
    std::string_view word = text.substr(i, j - i);
    bool last = false;
    while (!word.empty() && (word.back() == '.' || word.back() == ',' || word.back() == ':' ||
                             word.back() == ';' || word.back() == '!' || word.back() == '?')) {
      word.remove_suffix(1);
      last = true;
    }
    if (!is_capitalised(word) || !std::all_of(word.begin(), word.end(), [](char c) {
          return is_digit(c) || is_wordish(c) || c == '-' || c == '&';
        })) {
      break;
    }
    if (!name.empty())
      name += ' ';
    name.append(word);
    ++words;
    if (last)
      break;
    i = j + 1;
  }
  return name;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower_ascii(text.substr(0, prefix.size())) == prefix;
}

// Names a page gives itself in its furniture, each with how often:
// "Inside News24", "published on News24", "Join the News24 Community",
// "News24 allows you ...", "© 2014 The Daily Planet". An outlet the article
// quotes ("The BBC says") is in no such phrase.
void count_self_references(std::string_view line, std::map<std::string, std::size_t>& counts,
                           std::map<std::string, std::string>& spelling) {
  constexpr std::size_t kMaxNameWords = 3;
  const auto add = [&](const std::string& name, std::size_t weight) {
    if (name.empty())
      return;
    const std::string key = fold_case(name);
    counts[key] += weight;
    spelling.emplace(key, name);
  };
  const std::size_t words = words_of(line).size();
  // A whole line: "Inside News24", "Welcome to The Planet".
  for (const std::string_view opening : {"inside ", "welcome to ", "about "}) {
    if (words <= kMaxNameWords + 2 && starts_with_ci(line, opening)) {
      const std::string_view rest = line.substr(opening.size());
      const std::string name = name_at(rest, kMaxNameWords);
      if (name.size() == rest.size())
        add(name, 1);
    }
  }
  // "Join the News24 Community"
  if (starts_with_ci(line, "join the ")) {
    const std::string name = name_at(line.substr(9), kMaxNameWords);
    const std::string_view after = line.substr(std::min(line.size(), 9 + name.size()));
    if (starts_with_ci(after, " community"))
      add(name, 1);
  }
  // "... to get published on News24."
  for (const std::string_view phrase : {"published on ", "posted on ", "submitted to "}) {
    const std::string lower = lower_ascii(line);
    for (std::size_t at = lower.find(phrase); at != std::string::npos;
         at = lower.find(phrase, at + 1)) {
      add(name_at(line.substr(at + phrase.size()), kMaxNameWords), 1);
    }
  }
  // "News24 allows you to edit ..."
  {
    const std::string name = name_at(line, kMaxNameWords);
    const std::string_view after = line.substr(std::min(line.size(), name.size()));
    for (const std::string_view verb : {" allows you", " reserves the right", " publishes all",
                                        " encourages commentary", " welcomes your"}) {
      if (!name.empty() && starts_with_ci(after, verb))
        add(name, 1);
    }
  }
  // "© 2014 The Daily Planet", "Copyright 2014 The Daily Planet": certain.
  for (const std::string_view mark : {"\xC2\xA9 ", "copyright "}) {
    if (starts_with_ci(line, mark) && words <= 8) {
      const auto is_year_part = [](char c) { return is_digit(c) || c == ' ' || c == '-'; };
      std::string_view rest = line.substr(mark.size());
      while (!rest.empty() && is_year_part(rest.front()))
        rest.remove_prefix(1);
      const std::string name = name_at(rest, kMaxNameWords);
      // The whole line, a year aside: "... Media Limited or its affiliated
      // companies" names a company, not the outlet.
      std::string_view after = rest.substr(std::min(rest.size(), name.size()));
      while (!after.empty() && (is_year_part(after.front()) || after.front() == '.'))
        after.remove_prefix(1);
      if (after.empty())
        add(name, 2);
    }
  }
}

bool is_news_word(std::string_view word) {
  static constexpr std::string_view kNewsWords[] = {
      "news",      "times",   "post",    "journal",     "herald",     "tribune",  "press",
      "telegraph", "gazette", "daily",   "radio",       "television", "tv",       "chronicle",
      "observer",  "courier", "zeitung", "nachrichten", "diario",     "noticias", "agency"};
  const std::string lower = lower_ascii(word);
  return std::find(std::begin(kNewsWords), std::end(kNewsWords), lower) != std::end(kNewsWords);
}

// The outlet of a byline that names one: "Analysis: Jeremy Bowen, BBC News,
// Damascus", "By Jane Doe, The Daily Planet". The outlet must say it is one
// (News, Times, Post, ...): "Jane Doe, Paris" names no outlet.
std::optional<std::string> source_from_byline(std::string_view normalized) {
  constexpr std::size_t kMaxWords = 12;
  if (normalized.empty() || words_of(normalized).size() > kMaxWords)
    return std::nullopt;
  const char last = normalized.back();
  if (last == '.' || last == '!' || last == '?')
    return std::nullopt;
  std::string_view rest = normalized;
  if (const std::size_t colon = rest.find(": ");
      colon != std::string_view::npos && words_of(rest.substr(0, colon)).size() <= 2) {
    rest.remove_prefix(colon + 2);  // "Analysis: ", "Reporting: "
  } else if (starts_with_ci(rest, "by ")) {
    rest.remove_prefix(3);
  }
  std::vector<std::string_view> parts;
  for (std::size_t i = 0;;) {
    const std::size_t comma = rest.find(", ", i);
    parts.push_back(
        rest.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i));
    if (comma == std::string_view::npos)
      break;
    i = comma + 2;
  }
  if (parts.size() < 2 || parts.size() > 3)
    return std::nullopt;
  const auto capitalised_name = [](std::string_view part, std::size_t min, std::size_t max) {
    const auto words = words_of(part);
    return words.size() >= min && words.size() <= max && name_at(part, max) == part;
  };
  if (!capitalised_name(parts[0], 2, 4) || !capitalised_name(parts[1], 1, 4))
    return std::nullopt;
  if (parts.size() == 3 && !capitalised_name(parts[2], 1, 3))
    return std::nullopt;
  const auto org_words = words_of(parts[1]);
  if (!std::any_of(org_words.begin(), org_words.end(), is_news_word))
    return std::nullopt;
  return std::string(parts[1]);
}

constexpr std::size_t kHeadlineSearchLines = 30;

// Where the title sits: the index in `lines`, or nullopt.
std::optional<std::size_t> find_title_line(const std::vector<Line>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (looks_like_headline(lines[i].normalized))
      return i;
  }
  return std::nullopt;
}

std::string_view trim(std::string_view text) {
  // From each end to the first character that is not white space: a body's
  // middle is never decoded.
  std::size_t begin = 0;
  while (begin < text.size()) {
    const auto d = utf8::decode(text, begin);
    if (!d.valid || !is_unicode_space(d.code_point))
      break;
    begin += d.length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
      --start;
    const auto d = utf8::decode(text, start);
    // A malformed sequence decodes byte by byte: its last byte is not space.
    if (!d.valid || start + d.length != end || !is_unicode_space(d.code_point))
      break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

// The name the page calls itself by at least twice (or once after a
// copyright sign), else the outlet of a byline; empty when neither.
std::string source_from_furniture(std::string_view text) {
  constexpr std::size_t kMinReferences = 2;
  std::map<std::string, std::size_t> counts;
  std::map<std::string, std::string> spelling;
  std::optional<std::string> byline;
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      end = text.size();
    const std::string_view line = trim(text.substr(begin, end - begin));
    begin = end + 1;
    // Furniture and bylines are short; a paragraph is not looked into.
    constexpr std::size_t kMaxLineBytes = 400;
    if (line.empty() || line.size() > kMaxLineBytes)
      continue;
    const std::string normalized = normalize_whitespace(line);
    count_self_references(normalized, counts, spelling);
    if (!byline)
      byline = source_from_byline(normalized);
  }
  std::string best;
  std::size_t best_count = 0;
  bool tie = false;
  for (const auto& [key, count] : counts) {
    if (count > best_count) {
      best = spelling[key];
      best_count = count;
      tie = false;
    } else if (count == best_count) {
      tie = true;
    }
  }
  if (best_count >= kMinReferences && !tie)
    return best;
  return byline.value_or("");
}

}  // namespace

std::string normalize_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (d.valid && is_unicode_space(d.code_point)) {
      pending_space = !out.empty();
    } else {
      if (pending_space)
        out += ' ';
      pending_space = false;
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

std::optional<std::string> normalize_date(std::string_view text) {
  const std::string normalized = normalize_whitespace(text);
  std::string_view rest = normalized;
  // An optional weekday: "Monday, September 15, 2014", "Mon 15 Sep 2014".
  if (const std::string_view word = letters_at(rest, 0); !word.empty() && is_weekday(word)) {
    std::size_t i = word.size();
    if (i < rest.size() && rest[i] == '.')
      ++i;
    if (i < rest.size() && rest[i] == ',')
      ++i;
    rest.remove_prefix(skip_spaces(rest, i));
  }
  if (rest.empty())
    return std::nullopt;
  const auto match = strong_date_at(rest, 0);
  if (!match || !is_time_suffix(rest.substr(match->end)))
    return std::nullopt;
  return format(match->date);
}

std::optional<std::string> find_date(std::string_view text) {
  constexpr std::size_t kMaxCandidates = 16;
  // Candidates in order of strength: English month-name and ISO dates, then
  // month names of other languages, then numeric dates.
  std::vector<DateMatch> candidates;
  for (std::size_t i = 0; i < text.size() && candidates.size() < kMaxCandidates; ++i) {
    if (auto m = strong_date_at(text, i)) {
      candidates.push_back(*m);
      i = m->end - 1;
    }
  }
  if (candidates.empty()) {
    for (const auto& found : find_localized_dates(text, kMaxCandidates)) {
      // A month written as a word; numeric forms are weighed below.
      const std::string_view span = text.substr(found.begin, found.end - found.begin);
      if (std::none_of(span.begin(), span.end(), is_wordish))
        continue;
      Date date;
      if (std::sscanf(found.date.c_str(), "%4d-%2d-%2d", &date.year, &date.month, &date.day) == 3)
        candidates.push_back({date, found.begin, found.end});
    }
  }
  if (!candidates.empty())
    return format(candidates.front().date);
  // Numeric dates are what scrapers and page generators stamp: one years
  // past everything the text mentions is the scrape's, not the article's.
  for (std::size_t i = 0; i < text.size() && candidates.size() < kMaxCandidates; ++i) {
    if (auto m = weak_date_at(text, i)) {
      candidates.push_back(*m);
      i = m->end - 1;
    }
  }
  for (const auto& candidate : candidates) {
    if (!is_later_than_the_text(text, candidate))
      return format(candidate.date);
  }
  return std::nullopt;
}

TextMetadata extract_metadata(std::string_view text) {
  TextMetadata metadata;
  const auto lines = non_empty_lines(text, kHeadlineSearchLines);
  const auto title_line = find_title_line(lines);
  if (title_line)
    metadata.title = lines[*title_line].normalized;

  if (auto date = find_date(text))
    metadata.date = std::move(*date);

  // A "Source:" line anywhere (agencies put it last), else a masthead above
  // the headline. Line by line, so a huge text is not copied whole.
  std::size_t begin = 0;
  while (begin < text.size() && metadata.source.empty()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      end = text.size();
    const std::string_view line = trim(text.substr(begin, end - begin));
    if (line.size() >= 7) {
      if (auto source = source_from_line(normalize_whitespace(line)))
        metadata.source = *source;
    }
    begin = end + 1;
  }
  if (metadata.source.empty() && title_line) {
    for (std::size_t i = 0; i < *title_line; ++i) {
      if (looks_like_masthead(lines[i].normalized)) {
        // "CNN", "BBC": an acronym stays one; "CHINA TOPIX" -> "China Topix".
        const std::string& masthead = lines[i].normalized;
        const bool acronym = masthead.size() <= 4 && words_of(masthead).size() == 1;
        metadata.source = acronym ? masthead : title_case(masthead);
        break;
      }
    }
  }
  if (metadata.source.empty())
    metadata.source = source_from_furniture(text);
  return metadata;
}

std::string body_without_title(std::string_view text, std::string_view title) {
  const std::string wanted = fold_case(normalize_whitespace(title));
  if (!wanted.empty()) {
    for (const auto& line : non_empty_lines(text, kHeadlineSearchLines)) {
      // Case folding changes a text's length at most threefold: a line far
      // longer or shorter than the title is not it, and is not folded.
      const std::size_t size = line.normalized.size();
      if (size > 4 * wanted.size() || wanted.size() > 4 * size ||
          fold_case(line.normalized) != wanted)
        continue;
      std::string body(text.substr(0, line.begin));
      std::string_view after = line.end < text.size() ? text.substr(line.end + 1) : "";
      // The title's paragraph break goes with it: no run of three newlines.
      while (body.ends_with("\n\n") && after.starts_with('\n'))
        after.remove_prefix(1);
      body.append(after);
      return std::string(trim(body));
    }
  }
  return std::string(trim(text));
}

}  // namespace byline::detail
