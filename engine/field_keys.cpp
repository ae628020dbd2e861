#include "engine/field_keys.hpp"

#include <algorithm>

namespace byline::detail {

std::string source_key(Analyzer& analyzer, std::string_view source) {
  std::string key;
  for (const Token& token : analyzer.analyze(source)) {
    if (!token.joined)
      key += token.term;
  }
  return key;
}

std::vector<std::string_view> author_names(std::string_view authors) {
  std::vector<std::string_view> names;
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  while (!authors.empty()) {
    const std::size_t end = std::min(authors.find_first_of(",;"), authors.size());
    std::string_view name = authors.substr(0, end);
    authors.remove_prefix(std::min(end + 1, authors.size()));
    const std::size_t first = name.find_first_not_of(kSpace);
    if (first == std::string_view::npos)
      continue;
    name = name.substr(first, name.find_last_not_of(kSpace) - first + 1);
    names.push_back(name);
  }
  return names;
}

std::string author_key(Analyzer& analyzer, std::string_view name) {
  return source_key(analyzer, name);
}

std::string alias_key(Analyzer& analyzer, std::string_view member) {
  std::string key;
  for (const Token& token : analyzer.analyze(member)) {
    if (token.joined)
      continue;
    if (!key.empty())
      key += ' ';
    key += token.term;
  }
  return key;
}

namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<DateKeys> date_keys(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-')
    return std::nullopt;
  const std::string_view y = date.substr(0, 4), m = date.substr(5, 2), d = date.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d))
    return std::nullopt;
  const int year = std::stoi(std::string(y));
  const int month = std::stoi(std::string(m));
  const int day = std::stoi(std::string(d));
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
    return std::nullopt;
  const std::string month_key = std::string(y) + std::string(m);
  return DateKeys{month_key + std::string(d), month_key, std::string(y)};
}

std::string language_key(std::string_view language) {
  std::string key;
  for (const char c : language) {
    if (c == '-' || c == '_')
      break;
    key += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return key;
}

}  // namespace byline::detail
