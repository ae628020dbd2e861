#include "byline/timeline.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

// Eight rows of eighth blocks: 64 heights, enough to tell a peak from its
// neighbours while a whole chart stays within a 24-line screen.
constexpr std::size_t kRows = 8;
constexpr std::string_view kEighths[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
// At most this many columns per period: a few years on a wide terminal are
// bars, not slabs.
constexpr std::size_t kMaxColumnWidth = 4;

int number_at(std::string_view text, std::size_t from, std::size_t length) {
  int value = 0;
  if (text.size() >= from + length)
    std::from_chars(text.data() + from, text.data() + from + length, value);
  return value;
}

std::chrono::year_month_day day_of(std::string_view yyyy_mm_dd) {
  return std::chrono::year{number_at(yyyy_mm_dd, 0, 4)} /
         std::chrono::month{static_cast<unsigned>(number_at(yyyy_mm_dd, 5, 2))} /
         std::chrono::day{static_cast<unsigned>(number_at(yyyy_mm_dd, 8, 2))};
}

// "2014-W37": the ISO 8601 week (Monday to Sunday; week 1 holds the year's
// first Thursday, so 2014-12-29 is in 2015-W01).
std::string iso_week(std::string_view yyyy_mm_dd) {
  using namespace std::chrono;
  const sys_days date{day_of(yyyy_mm_dd)};
  const auto weekday_number = static_cast<int>(weekday{date}.iso_encoding());  // Monday: 1
  const sys_days thursday = date + days{4 - weekday_number};
  const year week_year = year_month_day{thursday}.year();
  const auto week = (thursday - sys_days{week_year / January / 1}).count() / 7 + 1;
  return fmt::format("{:04d}-W{:02d}", static_cast<int>(week_year), week);
}

// Months from `first` to `last` ("YYYY-MM"), both counted.
int months_between(std::string_view first, std::string_view last) {
  return (number_at(last, 0, 4) - number_at(first, 0, 4)) * 12 + number_at(last, 5, 2) -
         number_at(first, 5, 2) + 1;
}

TimelineUnit finest_fitting(const std::vector<FacetValue>& months, std::size_t columns) {
  const int span = months_between(months.front().value, months.back().value);
  // Upper bounds: whole months of days and weeks.
  const auto days = static_cast<std::size_t>(span) * 31;
  if (days <= columns)
    return TimelineUnit::day;
  if (days / 7 + 1 <= columns)
    return TimelineUnit::week;
  if (static_cast<std::size_t>(span) <= columns)
    return TimelineUnit::month;
  return TimelineUnit::year;
}

FacetField histogram_field(TimelineUnit unit) {
  switch (unit) {
    case TimelineUnit::year:
      return FacetField::year;
    case TimelineUnit::month:
      return FacetField::month;
    default:
      return FacetField::day;
  }
}

std::vector<TimelineBucket> weeks_of(const std::vector<TimelineBucket>& days) {
  std::vector<TimelineBucket> weeks;
  for (const TimelineBucket& day : days) {
    std::string week = iso_week(day.period);
    if (weeks.empty() || weeks.back().period != week)
      weeks.push_back({std::move(week), 0});
    weeks.back().count += day.count;
  }
  return weeks;
}

std::string_view unit_noun(TimelineUnit unit, bool plural) {
  switch (unit) {
    case TimelineUnit::year:
      return plural ? "years" : "year";
    case TimelineUnit::month:
      return plural ? "months" : "month";
    case TimelineUnit::week:
      return plural ? "weeks" : "week";
    default:
      return plural ? "days" : "day";
  }
}

std::string articles(std::uint64_t n) {
  return fmt::format("{} article{}", n, n == 1 ? "" : "s");
}

// The date axis under the bars: the first column's period, then every
// period whose label fits after the last one with two spaces between; a
// tick (┬) on the axis line marks each labelled column.
struct Axis {
  std::string line;
  std::string labels;
};

Axis date_axis(const std::vector<std::string>& column_periods, std::size_t column_width,
               std::size_t room) {
  Axis axis;
  std::size_t next_free = 0;
  std::vector<bool> ticked(column_periods.size(), false);
  for (std::size_t c = 0; c < column_periods.size(); ++c) {
    const std::size_t at = c * column_width;
    const std::string& label = column_periods[c];
    if (at < next_free || at + label.size() > room)
      continue;
    axis.labels.append(at - axis.labels.size(), ' ');
    axis.labels += label;
    next_free = at + label.size() + 2;
    ticked[c] = true;
  }
  for (std::size_t c = 0; c < column_periods.size(); ++c) {
    axis.line += ticked[c] ? "┬" : "─";
    for (std::size_t i = 1; i < column_width; ++i)
      axis.line += "─";
  }
  return axis;
}

}  // namespace

std::optional<TimelineUnit> parse_timeline_unit(std::string_view name) {
  for (const TimelineUnit unit : {TimelineUnit::automatic, TimelineUnit::day, TimelineUnit::week,
                                  TimelineUnit::month, TimelineUnit::year}) {
    if (timeline_unit_name(unit) == name)
      return unit;
  }
  return std::nullopt;
}

std::string_view timeline_unit_name(TimelineUnit unit) {
  return unit == TimelineUnit::automatic ? "auto" : unit_noun(unit, false);
}

std::optional<Timeline> build_timeline(const TimelineSearch& search, SearchOptions options,
                                       TimelineUnit unit, std::size_t columns) {
  options.offset = 0;
  options.limit = 0;
  options.snippets = {};
  options.suggest_below = 0;
  Timeline timeline;
  if (unit == TimelineUnit::automatic) {
    FacetRequest months;
    months.field = FacetField::month;
    months.top = 0;
    months.order = FacetOrder::value;
    months.disjunctive = false;  // a date: filter in the query bounds the chart
    options.facets = {months};
    const std::optional<SearchResults> found = search(options);
    if (!found)
      return std::nullopt;
    const std::vector<FacetValue>& values = found->facets.front().values;
    if (values.empty()) {
      timeline.unit = TimelineUnit::day;
      timeline.total = timeline.undated = found->total;
      return timeline;
    }
    unit = finest_fitting(values, columns);
  }
  timeline.unit = unit;
  FacetRequest histogram;
  histogram.field = histogram_field(unit);
  histogram.top = 0;
  histogram.empty_buckets = true;
  histogram.disjunctive = false;
  options.facets = {histogram};
  const std::optional<SearchResults> found = search(options);
  if (!found)
    return std::nullopt;
  timeline.total = found->total;
  std::uint64_t dated = 0;
  for (const FacetValue& value : found->facets.front().values) {
    timeline.buckets.push_back({value.value, value.count});
    dated += value.count;
  }
  timeline.undated = found->total - std::min(found->total, dated);
  if (unit == TimelineUnit::week)
    timeline.buckets = weeks_of(timeline.buckets);
  return timeline;
}

nlohmann::json timeline_json(const Timeline& timeline) {
  nlohmann::json buckets = nlohmann::json::array();
  for (const TimelineBucket& bucket : timeline.buckets)
    buckets.push_back({{"period", bucket.period}, {"count", bucket.count}});
  return {{"unit", timeline_unit_name(timeline.unit)},
          {"total", timeline.total},
          {"undated", timeline.undated},
          {"buckets", std::move(buckets)}};
}

std::string render_timeline(const Timeline& timeline, std::size_t width, const Style& style) {
  const std::string undated = timeline.undated == 0 ? ""
                                                    : fmt::format("; {} without a date, not shown",
                                                                  articles(timeline.undated));
  if (timeline.buckets.empty()) {
    if (timeline.total == 0)
      return "No articles match.\n";
    return wrap(timeline.total == 1
                    ? std::string("The one matching article has no date.")
                    : fmt::format("None of the {} matching articles has a date.", timeline.total),
                width, 2) +
           "\n";
  }
  std::uint64_t busiest = 0;
  const TimelineBucket* peak = &timeline.buckets.front();
  for (const TimelineBucket& bucket : timeline.buckets) {
    if (bucket.count > busiest) {
      busiest = bucket.count;
      peak = &bucket;
    }
  }

  // Columns: several periods each when there are more periods than room.
  // The scale's margin fits the dated total, which no column exceeds.
  const std::uint64_t dated = timeline.total - timeline.undated;
  const std::size_t margin = std::to_string(dated).size() + 2;  // "1234 ┤"
  const std::size_t room = width > margin + 8 ? width - margin : 8;
  const std::size_t periods = timeline.buckets.size();
  const std::size_t per_column = (periods + room - 1) / room;
  const std::size_t column_count = (periods + per_column - 1) / per_column;
  const std::size_t column_width =
      per_column > 1 ? 1 : std::clamp<std::size_t>(room / periods, 1, kMaxColumnWidth);
  const std::size_t bar_width = column_width > 1 ? column_width - 1 : 1;
  std::vector<std::uint64_t> sums(column_count, 0);
  std::vector<std::string> column_periods(column_count);
  for (std::size_t i = 0; i < periods; ++i) {
    sums[i / per_column] += timeline.buckets[i].count;
    if (i % per_column == 0)
      column_periods[i / per_column] = timeline.buckets[i].period;
  }
  const std::uint64_t tallest = *std::max_element(sums.begin(), sums.end());

  const std::string span =
      periods == 1 ? fmt::format(", all {} {}", timeline.unit == TimelineUnit::day ? "on" : "in",
                                 timeline.buckets.front().period)
                   : fmt::format(" by {}, {} to {}", unit_noun(timeline.unit, false),
                                 timeline.buckets.front().period, timeline.buckets.back().period);
  std::string out = wrap(fmt::format("{}{}{}{}", articles(dated), span,
                                     per_column > 1 ? fmt::format(" ({} {} a column)", per_column,
                                                                  unit_noun(timeline.unit, true))
                                                    : "",
                                     undated),
                         width, 2);
  out += "\n";
  // Heights in eighths of a row; any article at all shows as at least one.
  std::vector<std::size_t> heights(column_count, 0);
  for (std::size_t c = 0; c < column_count; ++c) {
    if (sums[c] > 0) {
      heights[c] = std::max<std::size_t>(
          1, static_cast<std::size_t>((sums[c] * kRows * 8 + tallest / 2) / tallest));
    }
  }
  const std::string top_scale = std::to_string(tallest);
  for (std::size_t row = 0; row < kRows; ++row) {
    const std::size_t floor = (kRows - 1 - row) * 8;
    std::string line = row == 0 ? fmt::format("{:>{}} ┤", top_scale, margin - 2)
                                : std::string(margin - 2, ' ') + " │";
    std::string bars;
    for (std::size_t c = 0; c < column_count; ++c) {
      const std::size_t fill =
          heights[c] > floor ? std::min<std::size_t>(heights[c] - floor, 8) : 0;
      for (std::size_t i = 0; i < bar_width; ++i)
        bars += kEighths[fill];
      if (column_width > bar_width)
        bars += ' ';
    }
    while (!bars.empty() && bars.back() == ' ')
      bars.pop_back();
    out += line + style.green(bars) + "\n";
  }
  const Axis axis = date_axis(column_periods, column_width, room);
  out += fmt::format("{:>{}} └", "0", margin - 2) + axis.line + "\n";
  out += std::string(margin, ' ') + style.dim(axis.labels) + "\n";
  out += wrap(fmt::format("busiest {}: {}, {}", unit_noun(timeline.unit, false), peak->period,
                          articles(peak->count)),
              width, 2);
  out += "\n";
  return out;
}

}  // namespace byline::cli
