#include "indexer/localized_dates.hpp"

#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdio>
#include <unordered_map>

#include "engine/utf8.hpp"

namespace byline::detail {

namespace {

// ------------------------------------------------------------- month names

// Locales whose month names are read. Croatian is left out on purpose: its
// "listopad" is October, the Czech and Polish one November.
constexpr std::array<const char*, 38> kLocales = {
    "en", "en_GB", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "tr", "ar", "ar_SY",
    "he", "sv",    "da", "nb", "nn", "fi", "cs", "sk", "hu", "ro", "el", "uk", "id",
    "ms", "ca",    "sl", "bg", "sr", "lt", "lv", "et", "fa", "hi", "sw", "af"};

// Case folding one code point at a time (simple folding), the same for the
// table and the text.
void append_folded(std::string& out, char32_t cp) {
  utf8::append(out,
               static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT)));
}

std::string fold(const icu::UnicodeString& name) {
  std::string utf8;
  name.toUTF8String(utf8);
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto d = utf8::decode(utf8, i);
    append_folded(out, d.code_point);
    i += d.length;
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ' '))
    out.pop_back();
  return out;
}

bool usable_name(const std::string& folded) {
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < folded.size();) {
    const auto d = utf8::decode(folded, i);
    // Names with digits ("9月", "tháng 9") are read by other patterns.
    if (u_isdigit(static_cast<UChar32>(d.code_point)) || d.code_point == ' ')
      return false;
    ++code_points;
    i += d.length;
  }
  return code_points >= 3;
}

// Folded month name -> month (1-12), or 0 for a name that means different
// months in different languages.
using MonthTable = std::unordered_map<std::string, int>;

MonthTable build_month_table() {
  MonthTable table;
  constexpr std::array<icu::DateFormatSymbols::DtContextType, 2> kContexts = {
      icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::STANDALONE};
  constexpr std::array<icu::DateFormatSymbols::DtWidthType, 2> kWidths = {
      icu::DateFormatSymbols::WIDE, icu::DateFormatSymbols::ABBREVIATED};
  for (const char* name : kLocales) {
    // Month names of the Gregorian calendar, whatever the locale's default
    // (Persian, Buddhist...).
    const icu::Locale locale(std::string(name).append("@calendar=gregorian").c_str());
    UErrorCode status = U_ZERO_ERROR;
    const icu::DateFormatSymbols symbols(locale, status);
    if (U_FAILURE(status))
      continue;
    for (const auto context : kContexts) {
      for (const auto width : kWidths) {
        int32_t count = 0;
        const icu::UnicodeString* months = symbols.getMonths(count, context, width);
        for (int32_t m = 0; m < count && m < 12; ++m) {
          std::string key = fold(months[m]);
          if (!usable_name(key))
            continue;
          const auto [it, inserted] = table.emplace(std::move(key), m + 1);
          if (!inserted && it->second != m + 1)
            it->second = 0;
        }
      }
    }
  }
  return table;
}

const MonthTable& month_table() {
  static const MonthTable table = build_month_table();  // thread-safe initialisation
  return table;
}

int month_of(const std::string& word) {
  const MonthTable& table = month_table();
  if (const auto it = table.find(word); it != table.end())
    return it->second;
  // Hebrew writes "in September" as one word: "בספטמבר".
  static const std::string kHebrewIn = "\xD7\x91";  // U+05D1
  if (word.starts_with(kHebrewIn)) {
    if (const auto it = table.find(word.substr(kHebrewIn.size())); it != table.end())
      return it->second;
  }
  return 0;
}

// ------------------------------------------------------------------ tokens

struct Token {
  enum class Kind { number, word, mark } kind = Kind::mark;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool space_before = true;  // white space (or the start of the text) before it
  int value = 0;             // number: its value (capped); mark: the code point
  int digits = 0;            // number: how many digits
  std::string folded;        // word: case-folded (empty when longer than 64 bytes)
};

constexpr std::size_t kMaxWordBytes = 64;

bool is_word_char(UChar32 cp) {
  return u_isalpha(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  bool space = true;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const auto cp = static_cast<UChar32>(d.code_point);
    if (u_isUWhiteSpace(cp)) {
      space = true;
      i += d.length;
      continue;
    }
    Token token;
    token.begin = i;
    token.space_before = space;
    space = false;
    if (u_isdigit(cp)) {
      token.kind = Token::Kind::number;
      while (i < text.size()) {
        const auto digit = utf8::decode(text, i);
        const int value = u_charDigitValue(static_cast<UChar32>(digit.code_point));
        if (!u_isdigit(static_cast<UChar32>(digit.code_point)) || value < 0)
          break;
        if (token.digits < 8)
          token.value = token.value * 10 + value;
        ++token.digits;
        i += digit.length;
      }
    } else if (is_word_char(cp)) {
      token.kind = Token::Kind::word;
      while (i < text.size()) {
        const auto letter = utf8::decode(text, i);
        const auto lcp = static_cast<UChar32>(letter.code_point);
        if (u_isdigit(lcp) || !is_word_char(lcp))
          break;
        if (token.folded.size() <= kMaxWordBytes)
          append_folded(token.folded, letter.code_point);
        i += letter.length;
      }
      if (token.folded.size() > kMaxWordBytes)
        token.folded.clear();
    } else {
      token.kind = Token::Kind::mark;
      token.value = cp;
      i += d.length;
    }
    token.end = i;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// ------------------------------------------------------------------ dates

constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2199;

std::optional<std::string> make_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 ||
      day > kDays[static_cast<std::size_t>(month - 1)])
    return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap)
    return std::nullopt;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return std::string(buffer);
}

class Matcher {
 public:
  explicit Matcher(const std::vector<Token>& tokens) : t_(tokens) {}

  // A date starting at token i: the date and the index past its last token.
  std::optional<std::pair<std::string, std::size_t>> at(std::size_t i) const {
    if (auto m = numeric(i))
      return m;
    if (auto m = cjk(i))
      return m;
    if (auto m = day_month_year(i))
      return m;
    if (auto m = month_day_year(i))
      return m;
    return year_month_day(i);
  }

 private:
  using Match = std::optional<std::pair<std::string, std::size_t>>;

  const Token* get(std::size_t i) const { return i < t_.size() ? &t_[i] : nullptr; }

  bool number(std::size_t i, int min_digits, int max_digits) const {
    const Token* t = get(i);
    return t != nullptr && t->kind == Token::Kind::number && t->digits >= min_digits &&
           t->digits <= max_digits;
  }
  bool mark(std::size_t i, char32_t cp) const {
    const Token* t = get(i);
    return t != nullptr && t->kind == Token::Kind::mark && t->value == static_cast<int>(cp);
  }
  bool glued_mark(std::size_t i, char32_t cp) const { return mark(i, cp) && !t_[i].space_before; }
  bool word(std::size_t i, std::string_view w) const {
    const Token* t = get(i);
    return t != nullptr && t->kind == Token::Kind::word && t->folded == w;
  }
  bool word_starting(std::size_t i, std::string_view prefix) const {
    const Token* t = get(i);
    return t != nullptr && t->kind == Token::Kind::word && t->folded.starts_with(prefix);
  }
  int month(std::size_t i) const {
    const Token* t = get(i);
    return t != nullptr && t->kind == Token::Kind::word ? month_of(t->folded) : 0;
  }
  // "1st", "15th", "1er", "1º": an ordinal ending glued to the day.
  bool ordinal_suffix(std::size_t i) const {
    const Token* t = get(i);
    if (t == nullptr || t->space_before)
      return false;
    return word(i, "st") || word(i, "nd") || word(i, "rd") || word(i, "th") || word(i, "er") ||
           word(i, "º") || word(i, "ª") || word(i, "o");
  }
  // A number that starts a date must not continue a word or a number
  // ("A15", "v2.15").
  bool starts_cleanly(std::size_t i) const {
    if (i == 0 || t_[i].space_before)
      return true;
    const Token& previous = t_[i - 1];
    return previous.kind == Token::Kind::mark && previous.value != '.' && previous.value != '-' &&
           previous.value != '/';
  }
  // A date must not run on into more digits ("15.09.2014.3").
  bool ends_cleanly(std::size_t j) const {
    const Token* t = get(j);
    if (t == nullptr || t->space_before)
      return true;
    if (t->kind == Token::Kind::word)
      return false;
    if (t->kind == Token::Kind::mark && (t->value == '.' || t->value == '-' || t->value == '/'))
      return !number(j + 1, 1, 8) || t_[j + 1].space_before;
    return true;
  }

  Match done(std::optional<std::string> date, std::size_t end) const {
    if (!date)
      return std::nullopt;
    return std::make_pair(std::move(*date), end);
  }

  // 2014-09-15, 2014/09/15, 2014.09.15 and 15.09.2014, written without spaces.
  Match numeric(std::size_t i) const {
    if (!starts_cleanly(i))
      return std::nullopt;
    if (number(i, 4, 4)) {
      for (const char32_t sep : {U'-', U'/', U'.'}) {
        if (glued_mark(i + 1, sep) && number(i + 2, 1, 2) && !t_[i + 2].space_before &&
            glued_mark(i + 3, sep) && number(i + 4, 1, 2) && !t_[i + 4].space_before) {
          // The date part of an ISO datetime ("2014-09-15T10:00") ends at the T.
          const Token* next = get(i + 5);
          const bool iso_time = sep == U'-' && next != nullptr && !next->space_before &&
                                next->kind == Token::Kind::word && next->folded.starts_with("t");
          if (!iso_time && !ends_cleanly(i + 5))
            return std::nullopt;
          return done(make_date(t_[i].value, t_[i + 2].value, t_[i + 4].value), i + 5);
        }
      }
    }
    if (number(i, 1, 2) && glued_mark(i + 1, U'.') && number(i + 2, 1, 2) &&
        !t_[i + 2].space_before && glued_mark(i + 3, U'.') && number(i + 4, 4, 4) &&
        !t_[i + 4].space_before && ends_cleanly(i + 5))
      return done(make_date(t_[i + 4].value, t_[i + 2].value, t_[i].value), i + 5);
    return std::nullopt;
  }

  // 2014年9月15日 (Chinese, Japanese), 2014년 9월 15일 (Korean).
  Match cjk(std::size_t i) const {
    if (!number(i, 4, 4))
      return std::nullopt;
    for (const auto& [y, m, d] : std::array<std::array<std::string_view, 3>, 2>{
             {{"\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5"},      // 年 月 日
              {"\xEB\x85\x84", "\xEC\x9B\x94", "\xEC\x9D\xBC"}}}) {  // 년 월 일
      if (word(i + 1, y) && number(i + 2, 1, 2) && word(i + 3, m) && number(i + 4, 1, 2) &&
          word_starting(i + 5, d))
        return done(make_date(t_[i].value, t_[i + 2].value, t_[i + 4].value), i + 6);
    }
    return std::nullopt;
  }

  // 15 September 2014, 15. September 2014, 15th Sept. 2014, 1er septembre
  // 2014, 15 de septiembre de 2014, 15 d'abril de 2014, 15 сентября 2014 г.
  Match day_month_year(std::size_t i) const {
    if (!number(i, 1, 2) || !starts_cleanly(i))
      return std::nullopt;
    std::size_t j = i + 1;
    if (ordinal_suffix(j))
      ++j;
    if (glued_mark(j, U'.'))
      ++j;
    if (word(j, "de"))
      ++j;
    else if (word(j, "d") && (glued_mark(j + 1, U'\'') || glued_mark(j + 1, U'\u2019')))
      j += 2;  // Catalan "15 d'abril"
    const int m = month(j);
    if (m == 0)
      return std::nullopt;
    ++j;
    if (glued_mark(j, U'.'))
      ++j;
    if (mark(j, U','))
      ++j;
    if (word(j, "de") || word(j, "del"))
      ++j;
    if (!number(j, 4, 4) || !ends_cleanly(j + 1))
      return std::nullopt;
    return done(make_date(t_[j].value, m, t_[i].value), j + 1);
  }

  // September 15, 2014; Sept. 15th 2014.
  Match month_day_year(std::size_t i) const {
    const int m = month(i);
    if (m == 0)
      return std::nullopt;
    std::size_t j = i + 1;
    if (glued_mark(j, U'.'))
      ++j;
    if (!number(j, 1, 2))
      return std::nullopt;
    const std::size_t day = j++;
    if (ordinal_suffix(j))
      ++j;
    if (mark(j, U','))
      ++j;
    if (!number(j, 4, 4) || !ends_cleanly(j + 1))
      return std::nullopt;
    return done(make_date(t_[j].value, m, t_[day].value), j + 1);
  }

  // 2014. szeptember 15. (Hungarian), 2014 m. rugsėjo 15 d. (Lithuanian).
  Match year_month_day(std::size_t i) const {
    if (!number(i, 4, 4) || !starts_cleanly(i))
      return std::nullopt;
    std::size_t j = i + 1;
    if (glued_mark(j, U'.'))
      ++j;
    if (word(j, "m") && glued_mark(j + 1, U'.'))
      j += 2;
    const int m = month(j);
    if (m == 0)
      return std::nullopt;
    ++j;
    if (glued_mark(j, U'.'))
      ++j;
    if (!number(j, 1, 2))
      return std::nullopt;
    // "2014 September 15:30" is a time, not a day.
    if (const Token* next = get(j + 1); next != nullptr && !next->space_before &&
                                        next->kind == Token::Kind::mark && next->value == ':')
      return std::nullopt;
    if (const Token* next = get(j + 1);
        next != nullptr && !next->space_before && next->kind != Token::Kind::mark)
      return std::nullopt;
    return done(make_date(t_[i].value, m, t_[j].value), j + 1);
  }

  const std::vector<Token>& t_;
};

}  // namespace

std::vector<LocalizedDate> find_localized_dates(std::string_view text, std::size_t limit) {
  std::vector<LocalizedDate> found;
  const std::vector<Token> tokens = tokenize(text);
  const Matcher matcher(tokens);
  for (std::size_t i = 0; i < tokens.size() && found.size() < limit;) {
    if (auto match = matcher.at(i)) {
      found.push_back({std::move(match->first), tokens[i].begin, tokens[match->second - 1].end});
      i = match->second;
    } else {
      ++i;
    }
  }
  return found;
}

std::optional<std::string> find_localized_date(std::string_view text) {
  auto found = find_localized_dates(text, 1);
  if (found.empty())
    return std::nullopt;
  return std::move(found.front().date);
}

}  // namespace byline::detail
