#include "query/date_range.hpp"

#include <algorithm>

#include "engine/field_keys.hpp"

namespace byline::detail {

namespace {

bool digits(std::string_view s, std::size_t n) {
  return s.size() == n &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Span {
  std::string first;  // YYYYMMDD
  std::string last;
  char unit;
  std::string key;
};

// One of "YYYY", "YYYY-MM", "YYYY-MM-DD" as the days it covers.
std::optional<Span> parse_one(std::string_view s, std::string& problem) {
  const auto bad = [&](std::string why) {
    problem = "bad date '" + std::string(s) + "': " + why;
    return std::nullopt;
  };
  const std::string_view y = s.substr(0, 4);
  if (!digits(y, 4))
    return bad("dates are YYYY, YYYY-MM or YYYY-MM-DD");
  if (s.size() == 4)
    return Span{std::string(y) + "0101", std::string(y) + "1231", 'Y', std::string(y)};
  if (s.size() < 7 || s[4] != '-' || !digits(s.substr(5, 2), 2)) {
    return bad("dates are YYYY, YYYY-MM or YYYY-MM-DD");
  }
  const int year = std::stoi(std::string(y));
  const int month = std::stoi(std::string(s.substr(5, 2)));
  if (month < 1 || month > 12)
    return bad("there is no month " + std::to_string(month));
  const std::string ym = std::string(y) + std::string(s.substr(5, 2));
  if (s.size() == 7) {
    return Span{ym + "01", ym + std::to_string(days_in_month(year, month)), 'M', ym};
  }
  if (s.size() != 10 || s[7] != '-' || !digits(s.substr(8, 2), 2)) {
    return bad("dates are YYYY, YYYY-MM or YYYY-MM-DD");
  }
  const int day = std::stoi(std::string(s.substr(8, 2)));
  if (day < 1 || day > days_in_month(year, month)) {
    return bad(std::string(s.substr(0, 7)) + " has no day " + std::to_string(day));
  }
  const std::string ymd = ym + std::string(s.substr(8, 2));
  return Span{ymd, ymd, 'D', ymd};
}

}  // namespace

std::optional<DateRange> parse_date(std::string_view text, std::string& problem) {
  const auto one = parse_one(text, problem);
  if (!one)
    return std::nullopt;
  return DateRange{one->first, one->last, one->unit, one->key};
}

std::optional<DateRange> parse_date_range(std::string_view text, std::string& problem,
                                          std::size_t& offset) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    offset = 0;
    return parse_date(text, problem);
  }
  const std::string_view from = text.substr(0, dots);
  const std::string_view to = text.substr(dots + 2);
  if (from.empty() && to.empty()) {
    offset = 0;
    problem = "a date range needs at least one end, as in 2014-09-01..2014-09-30";
    return std::nullopt;
  }
  DateRange range;
  if (!from.empty()) {
    offset = 0;
    const auto a = parse_one(from, problem);
    if (!a)
      return std::nullopt;
    range.from = a->first;
  }
  if (!to.empty()) {
    offset = dots + 2;
    const auto b = parse_one(to, problem);
    if (!b)
      return std::nullopt;
    range.to = b->last;
  }
  if (!range.from.empty() && !range.to.empty() && range.from > range.to) {
    offset = 0;
    problem = "the date range ends before it starts";
    return std::nullopt;
  }
  return range;
}

}  // namespace byline::detail
