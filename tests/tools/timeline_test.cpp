// byline search --timeline: the matches over time, as JSON buckets and as a
// bar chart that fits the terminal.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "byline/text_layout.hpp"
#include "test_support.hpp"
#include "tools/cli_run.hpp"

namespace {

using byline::test::lines_of;

using byline::test::byline_run;
using byline::test::contains;
using byline::test::Run;

struct Dated {
  std::string date;  // empty: undated
  int articles = 0;
};

// An index of articles that all mention "ceasefire", so many on each date.
std::filesystem::path index_of(const byline::test::TempDir& dir, const std::vector<Dated>& plan) {
  std::string lines;
  int n = 0;
  for (const Dated& d : plan) {
    for (int i = 0; i < d.articles; ++i) {
      nlohmann::json line = {{"id", "a" + std::to_string(n++)},
                             {"title", "Talks, day " + std::to_string(n)},
                             {"body", "The ceasefire held on the " + std::to_string(n) + "th."}};
      if (!d.date.empty())
        line["date"] = d.date;
      lines += line.dump() + "\n";
    }
  }
  byline::test::write_file(dir / "in.jsonl", lines);
  const auto index = dir / "idx";
  const Run indexed =
      byline_run({"index", "--index", index.string(), "-q", (dir / "in.jsonl").string()});
  REQUIRE_MESSAGE(indexed.status == 0, indexed.err);
  return index;
}

nlohmann::json timeline_json(const std::filesystem::path& index, const std::string& unit,
                             const std::string& query) {
  const Run run =
      byline_run({"search", "--index", index.string(), "--json", "--timeline", unit, query});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  return nlohmann::json::parse(run.out).at("timeline");
}

// The text with its wrapped lines joined again (wrap() indents by two).
std::string flattened(std::string text) {
  for (std::size_t at = 0; (at = text.find("\n  ", at)) != std::string::npos;)
    text.replace(at, 3, " ");
  return text;
}

}  // namespace

TEST_CASE("timeline by day: every day from the first match to the last, empty ones with 0") {
  byline::test::TempDir dir;
  const auto index =
      index_of(dir, {{"2014-09-01", 3}, {"2014-09-03", 5}, {"2014-09-04", 1}, {"", 2}});
  const nlohmann::json t = timeline_json(index, "day", "ceasefire");
  CHECK(t.at("unit") == "day");
  CHECK(t.at("total") == 11);
  CHECK(t.at("undated") == 2);
  const nlohmann::json expected = nlohmann::json::parse(
      R"([{"period":"2014-09-01","count":3},{"period":"2014-09-02","count":0},
          {"period":"2014-09-03","count":5},{"period":"2014-09-04","count":1}])");
  CHECK(t.at("buckets") == expected);
  // A date: filter in the query bounds the chart (the date facets alone
  // count without it, to show what other dates would add).
  const nlohmann::json bounded = timeline_json(index, "day", "ceasefire date:2014-09-03..");
  CHECK(bounded.at("total") == 6);
  CHECK(bounded.at("undated") == 0);
  CHECK(bounded.at("buckets") == nlohmann::json::parse(R"([{"period":"2014-09-03","count":5},
                                                          {"period":"2014-09-04","count":1}])"));
}

TEST_CASE("timeline by week: ISO weeks, a week across the new year counted in the next") {
  byline::test::TempDir dir;
  // 2014-12-28 is a Sunday (2014-W52); 2014-12-29 a Monday, in 2015-W01.
  const auto index =
      index_of(dir, {{"2014-12-28", 1}, {"2014-12-29", 2}, {"2015-01-04", 1}, {"2015-01-12", 4}});
  const nlohmann::json t = timeline_json(index, "week", "ceasefire");
  const nlohmann::json expected = nlohmann::json::parse(
      R"([{"period":"2014-W52","count":1},{"period":"2015-W01","count":3},
          {"period":"2015-W02","count":0},{"period":"2015-W03","count":4}])");
  CHECK(t.at("buckets") == expected);
}

TEST_CASE("timeline auto: the finest unit whose periods fit the width") {
  byline::test::TempDir dir;
  const auto days = index_of(dir, {{"2014-09-01", 1}, {"2014-09-20", 1}});
  const Run narrow =
      byline_run({"search", "--index", days.string(), "--json", "--timeline", "ceasefire"}, {},
                 {"COLUMNS=80"});
  REQUIRE_MESSAGE(narrow.status == 0, narrow.err);
  CHECK(nlohmann::json::parse(narrow.out).at("timeline").at("unit") == "day");

  byline::test::TempDir years_dir;
  const auto years = index_of(years_dir, {{"2011-03-01", 1}, {"2014-09-20", 2}});
  const Run wide =
      byline_run({"search", "--index", years.string(), "--json", "--timeline", "ceasefire"}, {},
                 {"COLUMNS=80"});
  REQUIRE_MESSAGE(wide.status == 0, wide.err);
  const nlohmann::json t = nlohmann::json::parse(wide.out).at("timeline");
  CHECK(t.at("unit") == "month");  // 43 months fit in 80 columns; 1,300 days do not
  CHECK(t.at("buckets").size() == 43);
  CHECK(t.at("buckets").front() == nlohmann::json({{"period", "2011-03"}, {"count", 1}}));
}

TEST_CASE("timeline chart: fits 40 and 80 columns, the axis labelled, the busiest day named") {
  byline::test::TempDir dir;
  std::vector<Dated> plan;
  for (int day = 1; day <= 30; ++day) {
    char date[16];
    std::snprintf(date, sizeof date, "2014-09-%02d", day);
    plan.push_back({date, day == 15 ? 40 : (day % 7 == 0 ? 0 : 1 + day % 3)});
  }
  plan.push_back({"", 1});
  const auto index = index_of(dir, plan);
  for (const int width : {40, 80}) {
    CAPTURE(width);
    const Run run =
        byline_run({"search", "--index", index.string(), "--timeline", "day", "ceasefire"}, {},
                   {"COLUMNS=" + std::to_string(width), "NO_COLOR=1"});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    const auto lines = lines_of(run.out);
    for (const std::string& line : lines) {
      CAPTURE(line);
      CHECK(byline::cli::columns(line) <= static_cast<std::size_t>(width));
    }
    const std::string text = flattened(run.out);
    CHECK(contains(text, "91 articles by day, 2014-09-01 to 2014-09-30"));
    CHECK(contains(text, "1 article without a date, not shown"));
    CHECK(contains(text, "busiest day: 2014-09-15, 40 articles"));
    CHECK(contains(run.out, "2014-09-01"));   // the first period labels the axis
    CHECK_FALSE(contains(run.out, "\x1b["));  // NO_COLOR
    // The busiest column reaches the top row, as a full block, and the
    // scale's top is its count.
    const auto top = std::find_if(lines.begin(), lines.end(),
                                  [](const std::string& l) { return contains(l, "┤"); });
    REQUIRE(top != lines.end());
    CHECK(contains(*top, "█"));
    CHECK(top->starts_with("40 ┤"));
  }
  // At 40 columns 30 days need 30 of the 36 columns left of the scale: one
  // column a day.
  const Run narrow =
      byline_run({"search", "--index", index.string(), "--timeline", "day", "ceasefire"}, {},
                 {"COLUMNS=40", "NO_COLOR=1"});
  CHECK_FALSE(contains(narrow.out, "days a column"));
  const Run tiny =
      byline_run({"search", "--index", index.string(), "--timeline", "day", "ceasefire"}, {},
                 {"COLUMNS=20", "NO_COLOR=1"});
  CHECK(contains(flattened(tiny.out), "(2 days a column)"));  // 30 days in 16 columns
}

TEST_CASE("timeline: a query that matches nothing, or nothing dated, says so") {
  byline::test::TempDir dir;
  const auto index = index_of(dir, {{"", 2}});
  const Run undated = byline_run({"search", "--index", index.string(), "--timeline", "ceasefire"});
  CHECK(undated.status == 0);
  CHECK(contains(undated.out, "None of the 2 matching articles has a date."));
  const Run none = byline_run({"search", "--index", index.string(), "--timeline", "armistice"});
  CHECK(none.status == 0);
  CHECK(contains(none.out, "No articles match."));
  // --timeline takes the next word when it is a unit: then a query must follow.
  const Run no_query = byline_run({"search", "--index", index.string(), "--timeline", "week"});
  CHECK(no_query.status == 2);
  CHECK(contains(no_query.err, "byline: error: query is required"));
  const Run usage = byline_run({"search", "--index", index.string(), "--timeline"});
  CHECK(usage.status == 2);
  CHECK(contains(usage.err, "byline: error: query is required"));
}

TEST_CASE("the shell's :timeline charts the last query, or the one given, by the unit given") {
  byline::test::TempDir dir;
  const auto index = index_of(dir, {{"2014-09-01", 2}, {"2014-09-08", 3}, {"2015-02-01", 1}});
  const Run run = byline_run({"shell", "--index", index.string()},
                             "ceasefire\n:timeline week\n:timeline month ceasefire\n:json\n"
                             ":timeline year\n",
                             {"COLUMNS=60"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const std::string text = flattened(run.out);
  CHECK(contains(text, "6 articles by week, 2014-W36 to 2015-W05"));
  CHECK(contains(text, "busiest week: 2014-W37, 3 articles"));
  CHECK(contains(text, "6 articles by month, 2014-09 to 2015-02"));
  CHECK(contains(text, R"("timeline":{"buckets":[{"count":5,"period":"2014"},{"count":1,)"));
  for (const std::string& line : lines_of(run.out)) {
    if (!line.starts_with("{")) {
      CAPTURE(line);
      CHECK(byline::cli::columns(line) <= 60);
    }
  }
}
