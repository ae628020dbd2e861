// Facet counts, checked against counts computed independently over a
// generated corpus (many sources and dates) and over the seed articles;
// the lang facet over a few articles in three languages.
#include <doctest/doctest.h>
#include <xapian.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "byline/byline.hpp"
#include "engine/schema.hpp"
#include "test_support.hpp"

using byline::FacetField;
using byline::FacetOrder;
using byline::FacetRequest;
using Counts = std::map<std::string, std::uint64_t>;

namespace {

// One generated article, as the test knows it (independently of the index).
struct Generated {
  std::string id;
  std::string source;  // as written; "" for none
  std::string date;    // YYYY-MM-DD; "" for none
  std::vector<std::string> words;

  [[nodiscard]] bool has(const std::string& w) const {
    return std::find(words.begin(), words.end(), w) != words.end();
  }
};

const std::vector<std::string> kSources = {"Reuters", "BBC News",    "Al Jazeera",  "Haaretz",
                                           "News24",  "China Topix", "Le Monde",    "The Guardian",
                                           "AP",      "AFP",         "Der Spiegel", "El País"};
const std::vector<std::string> kWords = {"alpha", "beta", "gamma", "delta"};

// The facet value a source counts under: spellings that normalize alike are
// one source, shown as most articles spell it ("BBC News").
std::string canonical(const std::string& source) {
  return source == "BBC news" ? "BBC News" : source;
}

// A deterministic corpus: 12 sources (one with a second spelling), dates
// over three years, some articles without a source or a date.
const std::vector<Generated>& generated() {
  static const std::vector<Generated> articles = [] {
    std::vector<Generated> out;
    std::uint64_t state = 20140915;
    const auto next = [&](std::uint64_t n) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % n;
    };
    for (int i = 0; i < 600; ++i) {
      Generated a;
      a.id = "g" + std::to_string(i);
      // Skewed towards the first sources, so counts differ.
      const std::size_t s = std::min(next(kSources.size()), next(kSources.size()));
      a.source = i % 97 == 0 ? "" : kSources[s];
      if (a.source == "BBC News" && i % 3 == 0)
        a.source = "BBC news";
      if (i % 89 != 0) {
        const auto year = 2013 + next(3);
        const auto month = 1 + next(12);
        const auto day = 1 + next(28);
        a.date = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) +
                 (day < 10 ? "-0" : "-") + std::to_string(day);
      }
      for (const std::string& w : kWords) {
        if (next(3) == 0)
          a.words.push_back(w);
      }
      out.push_back(std::move(a));
    }
    return out;
  }();
  return articles;
}

const std::filesystem::path& generated_index() {
  static byline::test::TempDir dir;
  static const std::filesystem::path path = [] {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    for (const Generated& g : generated()) {
      byline::Article a;
      a.id = g.id;
      a.title = "Report " + g.id;
      a.source = g.source;
      a.date = g.date;
      a.body = "A report.";
      for (const std::string& w : g.words)
        a.body += " " + w;
      writer.add(a);
    }
    writer.commit();
    return dir / "idx";
  }();
  return path;
}

// Counts computed by hand over the generated articles that `match`.
Counts expected(FacetField field, const std::function<bool(const Generated&)>& match) {
  Counts out;
  for (const Generated& g : generated()) {
    if (!match(g))
      continue;
    if (field == FacetField::source) {
      if (!g.source.empty())
        ++out[canonical(g.source)];
    } else if (!g.date.empty()) {
      ++out[g.date.substr(0, field == FacetField::year ? 4 : field == FacetField::month ? 7 : 10)];
    }
  }
  return out;
}

Counts counts_of(const byline::Facet& facet) {
  Counts out;
  for (const auto& v : facet.values)
    out[v.value] = v.count;
  return out;
}

FacetRequest all_of(FacetField field) {
  FacetRequest r;
  r.field = field;
  r.top = 0;
  return r;
}

byline::SearchResults faceted(const std::filesystem::path& index_path, std::string_view query,
                              std::vector<FacetRequest> requests) {
  auto index = byline::Index::open(index_path);
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 3;
  options.facets = std::move(requests);
  return searcher.search(query, options);
}

struct Case {
  const char* query;
  std::function<bool(const Generated&)> full;
  // The query without its source: filters / without its date: filters.
  std::function<bool(const Generated&)> without_source;
  std::function<bool(const Generated&)> without_date;
};

bool in_year(const Generated& g, const char* year) {
  return g.date.starts_with(year);
}

}  // namespace

TEST_CASE("facet counts over all matches equal counts computed over the generated corpus") {
  const auto alpha = [](const Generated& g) { return g.has("alpha"); };
  const auto reuters = [](const Generated& g) { return g.source == "Reuters"; };
  const auto bbc = [](const Generated& g) { return canonical(g.source) == "BBC News"; };
  const std::vector<Case> cases = {
      {"alpha", alpha, {}, {}},
      {"alpha OR beta", [](const Generated& g) { return g.has("alpha") || g.has("beta"); }, {}, {}},
      {"alpha beta", [](const Generated& g) { return g.has("alpha") && g.has("beta"); }, {}, {}},
      {"gamma -delta",
       [](const Generated& g) { return g.has("gamma") && !g.has("delta"); },
       {},
       {}},
      {"gamma source:Reuters",
       [&](const Generated& g) { return g.has("gamma") && reuters(g); },
       [](const Generated& g) { return g.has("gamma"); },
       {}},
      {"(source:Reuters OR source:\"BBC News\") alpha",
       [&](const Generated& g) { return alpha(g) && (reuters(g) || bbc(g)); },
       alpha,
       {}},
      {"alpha date:2014",
       [&](const Generated& g) { return alpha(g) && in_year(g, "2014"); },
       {},
       alpha},
      {"beta date:2014-03..2015-06 source:\"BBC News\"",
       [&](const Generated& g) {
         return g.has("beta") && bbc(g) && !g.date.empty() && g.date >= "2014-03-01" &&
                g.date <= "2015-06-30";
       },
       [](const Generated& g) {
         return g.has("beta") && !g.date.empty() && g.date >= "2014-03-01" &&
                g.date <= "2015-06-30";
       },
       [&](const Generated& g) { return g.has("beta") && bbc(g); }},
      {"source:AFP",
       [](const Generated& g) { return g.source == "AFP"; },
       [](const Generated&) { return true; },
       {}},
      {"delta -source:Reuters",
       [&](const Generated& g) { return g.has("delta") && !reuters(g); },
       {},
       {}},
  };
  for (const Case& c : cases) {
    const std::string query = c.query;
    CAPTURE(query);
    const auto results = faceted(generated_index(), c.query,
                                 {all_of(FacetField::source), all_of(FacetField::year),
                                  all_of(FacetField::month), all_of(FacetField::day)});
    std::uint64_t total = 0;
    for (const Generated& g : generated())
      total += c.full(g) ? 1 : 0;
    CHECK(results.total == total);
    CHECK(results.total_exact);
    REQUIRE(results.facets.size() == 4);
    const auto& source_match = c.without_source ? c.without_source : c.full;
    const auto& date_match = c.without_date ? c.without_date : c.full;
    CHECK(results.facets[0].disjunctive == bool(c.without_source));
    CHECK(results.facets[1].disjunctive == bool(c.without_date));
    CHECK(counts_of(results.facets[0]) == expected(FacetField::source, source_match));
    CHECK(counts_of(results.facets[1]) == expected(FacetField::year, date_match));
    CHECK(counts_of(results.facets[2]) == expected(FacetField::month, date_match));
    CHECK(counts_of(results.facets[3]) == expected(FacetField::day, date_match));
    CHECK(results.facets[2].distinct == expected(FacetField::month, date_match).size());
    // Articles without a source or a date are counted apart.
    std::uint64_t no_source = 0, no_date = 0;
    for (const Generated& g : generated()) {
      no_source += source_match(g) && g.source.empty() ? 1 : 0;
      no_date += date_match(g) && g.date.empty() ? 1 : 0;
    }
    CHECK(results.facets[0].missing == no_source);
    CHECK(results.facets[1].missing == no_date);
    CHECK(results.facets[3].missing == no_date);
  }
}

// Xapian gives a match spy each document with its id in its own shard,
// while the columns the counts are read from are by the ids of the
// shards combined: counted by id, an index of shards counted other
// articles than those that matched.
TEST_CASE("facets over an index of three shards count what one index counts") {
  byline::test::TempDir dir;
  const auto shards = byline::test::split_into_shards(generated_index(), dir / "shards", 3);
  std::vector<FacetRequest> requests;
  for (const FacetField field :
       {FacetField::source, FacetField::year, FacetField::month, FacetField::day})
    requests.push_back(all_of(field));
  for (const char* query : {"*", "alpha", "alpha OR beta", "gamma -delta", "gamma source:Reuters",
                            "beta date:2014-03..2015-06 source:\"BBC News\""}) {
    CAPTURE(query);
    const auto one = faceted(generated_index(), query, requests);
    const auto three = faceted(shards, query, requests);
    CHECK(three.total == one.total);
    REQUIRE(three.facets.size() == one.facets.size());
    for (std::size_t f = 0; f < one.facets.size(); ++f) {
      CAPTURE(f);
      CHECK(counts_of(three.facets[f]) == counts_of(one.facets[f]));
      CHECK(three.facets[f].missing == one.facets[f].missing);
      CHECK(three.facets[f].other == one.facets[f].other);
    }
  }
}

TEST_CASE("a selected source is marked, and the other sources keep their counts") {
  const auto results = faceted(generated_index(), "alpha source:\"BBC News\"",
                               {all_of(FacetField::source), all_of(FacetField::year)});
  const auto& sources = results.facets[0];
  CHECK(sources.disjunctive);
  std::size_t selected = 0;
  for (const auto& v : sources.values) {
    if (v.selected) {
      ++selected;
      CHECK(v.value == "BBC News");  // "BBC news" counts under the majority spelling
    }
  }
  CHECK(selected == 1);
  CHECK(sources.values.size() > 5);  // the other sources stay on offer
  // The year facet counts within the selection: its counts add up to the
  // selected articles that have a date.
  std::uint64_t in_years = 0;
  for (const auto& v : results.facets[1].values)
    in_years += v.count;
  std::uint64_t dated = 0;
  for (const Generated& g : generated())
    dated += g.has("alpha") && canonical(g.source) == "BBC News" && !g.date.empty() ? 1 : 0;
  CHECK(in_years == dated);
  CHECK_FALSE(results.facets[1].disjunctive);
}

TEST_CASE("date selections mark the buckets they hold whole") {
  FacetRequest months = all_of(FacetField::month);
  const auto results =
      faceted(generated_index(), "alpha date:2014", {all_of(FacetField::year), months});
  for (const auto& v : results.facets[0].values)
    CHECK(v.selected == (v.value == "2014"));
  for (const auto& v : results.facets[1].values)
    CHECK(v.selected == v.value.starts_with("2014-"));
  // A month selection does not select its year, which holds more than it.
  const auto month_only =
      faceted(generated_index(), "alpha date:2014-03", {all_of(FacetField::year)});
  for (const auto& v : month_only.facets[0].values)
    CHECK_FALSE(v.selected);
}

TEST_CASE("top N keeps the most frequent values, listed by count or by value") {
  FacetRequest by_count;
  by_count.field = FacetField::source;
  by_count.top = 3;
  FacetRequest by_value = by_count;
  by_value.order = FacetOrder::value;
  const auto results = faceted(generated_index(), "alpha OR beta OR gamma OR delta",
                               {by_count, by_value, all_of(FacetField::source)});
  const auto& top = results.facets[0].values;
  REQUIRE(top.size() == 3);
  CHECK(top[0].count >= top[1].count);
  CHECK(top[1].count >= top[2].count);
  const auto& all = results.facets[2].values;
  REQUIRE(all.size() > 3);
  CHECK(top[2].count >= all[3].count);
  CHECK(results.facets[0].distinct == all.size());
  // The same three, alphabetically.
  const auto& sorted = results.facets[1].values;
  REQUIRE(sorted.size() == 3);
  CHECK(sorted[0].value < sorted[1].value);
  CHECK(sorted[1].value < sorted[2].value);
  std::set<std::string> a, b;
  for (int k = 0; k < 3; ++k) {
    a.insert(top[k].value);
    b.insert(sorted[k].value);
  }
  CHECK(a == b);

  // A selected value outside the top N is kept, marked.
  FacetRequest top1;
  top1.field = FacetField::source;
  top1.top = 1;
  const Counts truth =
      expected(FacetField::source, [](const Generated& g) { return g.has("alpha"); });
  const auto rarest = std::min_element(
      truth.begin(), truth.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
  const auto selected =
      faceted(generated_index(), "alpha source:\"" + rarest->first + "\"", {top1});
  REQUIRE(selected.facets[0].values.size() == 2);
  CHECK(selected.facets[0].values[1].value == rarest->first);
  CHECK(selected.facets[0].values[1].selected);
  CHECK_FALSE(selected.facets[0].values[0].selected);
}

TEST_CASE("a date histogram lists every bucket in the range, the empty ones with 0") {
  FacetRequest days;
  days.field = FacetField::day;
  days.from = "2014-02-20";
  days.to = "2014-03-10";
  days.empty_buckets = true;
  const auto results = faceted(generated_index(), "alpha OR beta", {days});
  const auto& values = results.facets[0].values;
  REQUIRE(values.size() == 19);  // 2014 is no leap year: Feb 20..28, Mar 1..10
  CHECK(values.front().value == "2014-02-20");
  CHECK(values[8].value == "2014-02-28");
  CHECK(values[9].value == "2014-03-01");
  CHECK(values.back().value == "2014-03-10");
  const Counts truth =
      expected(FacetField::day, [](const Generated& g) { return g.has("alpha") || g.has("beta"); });
  std::size_t zero = 0;
  for (const auto& v : values) {
    const auto it = truth.find(v.value);
    CHECK(v.count == (it == truth.end() ? 0 : it->second));
    zero += v.count == 0 ? 1 : 0;
  }
  CHECK(zero > 0);

  // Months without a range: from the first month with a match to the last.
  FacetRequest months;
  months.field = FacetField::month;
  months.empty_buckets = true;
  const auto all_months = faceted(generated_index(), "alpha", {months});
  CHECK(all_months.facets[0].values.size() == 36);
  CHECK(all_months.facets[0].values.front().value == "2013-01");
  CHECK(all_months.facets[0].values.back().value == "2015-12");

  // A range without empty buckets keeps only the buckets it overlaps.
  FacetRequest years;
  years.field = FacetField::year;
  years.from = "2014-06";
  years.top = 0;
  const auto late = faceted(generated_index(), "alpha", {years});
  Counts got = counts_of(late.facets[0]);
  CHECK(got.size() == 2);
  CHECK(got.contains("2014"));
  CHECK(got.contains("2015"));
}

TEST_CASE("facets of the seed articles: five sources, one day") {
  static byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    REQUIRE(byline::ingest(writer, {byline::test::corpus_dir().string()}).indexed == 5);
  }
  const auto results = faceted(dir / "idx", "\"dirty hands\"",
                               {all_of(FacetField::source), all_of(FacetField::day)});
  CHECK(counts_of(results.facets[0]) == Counts{{"Al Jazeera", 1}, {"BBC News", 1}, {"News24", 1}});
  CHECK(counts_of(results.facets[1]) == Counts{{"2014-09-15", 3}});
  const auto bbc = faceted(dir / "idx", "pledging source:bbc", {all_of(FacetField::source)});
  CHECK(bbc.total == 1);
  CHECK(counts_of(bbc.facets[0]).size() == 5);
  for (const auto& v : bbc.facets[0].values)
    CHECK(v.selected == (v.value == "BBC News"));  // source:bbc selects it by its word
}

TEST_CASE("facet requests that make no sense are invalid_argument errors") {
  const auto kind = [](FacetRequest r) {
    try {
      (void)faceted(generated_index(), "alpha", {std::move(r)});
    } catch (const byline::Error& e) {
      return e.kind();
    }
    return byline::Error::Kind::io;
  };
  FacetRequest source_range;
  source_range.from = "2014";
  CHECK(kind(source_range) == byline::Error::Kind::invalid_argument);
  FacetRequest bad_date;
  bad_date.field = FacetField::day;
  bad_date.from = "2014-13";
  CHECK(kind(bad_date) == byline::Error::Kind::invalid_argument);
  FacetRequest huge;
  huge.field = FacetField::day;
  huge.from = "1000";
  huge.to = "2999";
  huge.empty_buckets = true;
  CHECK(kind(huge) == byline::Error::Kind::invalid_argument);
}

// Years before 1000 and the last year there is: bucket keys are four digits
// ("0005"), and a histogram stops at 9999-12-31 (found by issue 16: keys
// built without padding and compared as strings aborted with
// std::out_of_range, looped to the bucket limit, or ended early).
const std::filesystem::path& odd_years_index() {
  static byline::test::TempDir dir;
  static const std::filesystem::path path = [] {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    int n = 0;
    for (const char* date :
         {"0005-03-01", "0007-12-31", "0999-12-31", "1000-01-01", "9999-12-31"}) {
      byline::Article a;
      a.id = "odd" + std::to_string(n++);
      a.title = "Chronicle";
      a.body = "An old chronicle.";
      a.source = "Annals";
      a.date = date;
      writer.add(a);
    }
    writer.commit();
    return dir / "idx";
  }();
  return path;
}

FacetRequest histogram(FacetField field, std::string from, std::string to) {
  FacetRequest r = all_of(field);
  r.from = std::move(from);
  r.to = std::move(to);
  r.empty_buckets = true;
  return r;
}

std::vector<std::string> values_of(const byline::Facet& facet) {
  std::vector<std::string> out;
  for (const auto& v : facet.values)
    out.push_back(v.value);
  return out;
}

TEST_CASE("date histograms across years before 1000 and up to 9999 list each bucket once") {
  using V = std::vector<std::string>;
  const auto& idx = odd_years_index();
  CHECK(values_of(
            faceted(idx, "chronicle", {histogram(FacetField::year, "9999", "9999")}).facets[0]) ==
        V{"9999"});
  CHECK(values_of(
            faceted(idx, "chronicle", {histogram(FacetField::year, "0005", "0007")}).facets[0]) ==
        V{"0005", "0006", "0007"});
  CHECK(values_of(
            faceted(idx, "chronicle", {histogram(FacetField::year, "0000", "0001")}).facets[0]) ==
        V{"0000", "0001"});
  CHECK(values_of(faceted(idx, "chronicle", {histogram(FacetField::month, "0009-11", "0010-02")})
                      .facets[0]) == V{"0009-11", "0009-12", "0010-01", "0010-02"});
  CHECK(values_of(
            faceted(idx, "chronicle", {histogram(FacetField::month, "9999-11", "")}).facets[0]) ==
        V{"9999-11", "9999-12"});
  CHECK(
      values_of(faceted(idx, "chronicle", {histogram(FacetField::day, "0099-12-30", "0100-01-02")})
                    .facets[0]) == V{"0099-12-30", "0099-12-31", "0100-01-01", "0100-01-02"});
  CHECK(
      values_of(faceted(idx, "chronicle", {histogram(FacetField::day, "0004-02-28", "0004-03-01")})
                    .facets[0]) == V{"0004-02-28", "0004-02-29", "0004-03-01"});

  // From the first article's bucket to the last one's, counted.
  const auto days = faceted(idx, "chronicle", {histogram(FacetField::day, "9999-12-30", "")});
  CHECK(counts_of(days.facets[0]) == Counts{{"9999-12-30", 0}, {"9999-12-31", 1}});
  const auto years = faceted(idx, "chronicle", {histogram(FacetField::year, "", "")});
  REQUIRE(years.facets[0].values.size() == 9995);  // 0005 to 9999
  CHECK(years.facets[0].values.front().value == "0005");
  CHECK(years.facets[0].values[1].value == "0006");
  CHECK(years.facets[0].values.back().value == "9999");
  CHECK(years.facets[0].distinct == 5);
  const auto months = faceted(idx, "chronicle", {histogram(FacetField::month, "0999", "1000")});
  CHECK(months.facets[0].values.size() == 24);
  CHECK(months.facets[0].values[11].value == "0999-12");
  CHECK(months.facets[0].values[11].count == 1);
  CHECK(months.facets[0].values[12].value == "1000-01");
  CHECK(months.facets[0].values[12].count == 1);
}

TEST_CASE("facet ranges over years before 1000 keep every bucket they overlap") {
  const auto& idx = odd_years_index();
  FacetRequest years = all_of(FacetField::year);
  years.from = "0005";
  years.to = "0007";
  CHECK(counts_of(faceted(idx, "chronicle", {years}).facets[0]) ==
        Counts{{"0005", 1}, {"0007", 1}});
  FacetRequest months = all_of(FacetField::month);
  months.from = "0007-12-31";
  months.to = "1000";
  months.order = FacetOrder::value;
  CHECK(values_of(faceted(idx, "chronicle", {months}).facets[0]) ==
        std::vector<std::string>{"0007-12", "0999-12", "1000-01"});
  // Selections on odd years mark their buckets.
  const auto selected = faceted(idx, "chronicle date:0005..0007", {all_of(FacetField::year)});
  for (const auto& v : selected.facets[0].values)
    CHECK(v.selected == (v.value == "0005" || v.value == "0007"));
}

TEST_CASE("a histogram of too many buckets is an invalid_argument error, whatever its years") {
  const auto error_of = [](FacetRequest r) -> std::string {
    try {
      (void)faceted(odd_years_index(), "chronicle", {std::move(r)});
    } catch (const byline::Error& e) {
      return e.kind() == byline::Error::Kind::invalid_argument ? e.what() : "wrong kind";
    }
    return "no error";
  };
  // 3.65 million days: refused before one is listed, not an out_of_range.
  const std::string all_days = error_of(histogram(FacetField::day, "0001", "9999"));
  CHECK(all_days.find("3652059 buckets") != std::string::npos);
  CHECK(error_of(histogram(FacetField::day, "0000", "")).find("buckets") != std::string::npos);
  // Every year there is: few enough; every month: not quite.
  CHECK(error_of(histogram(FacetField::year, "0000", "9999")) == "no error");
  CHECK(error_of(histogram(FacetField::month, "1700", "9999")) == "no error");
  CHECK(error_of(histogram(FacetField::month, "0000", "9999")).find("120000 buckets") !=
        std::string::npos);
  // The limit is exact: 100,000 days, not one more.
  CHECK(error_of(histogram(FacetField::day, "0001-01-01", "0274-10-16")) == "no error");
  CHECK(error_of(histogram(FacetField::day, "0001-01-01", "0274-10-17")).find("100001 buckets") !=
        std::string::npos);
  // Ranges that do not parse, each end alone.
  CHECK(error_of(histogram(FacetField::year, "0007", "0005")).find("ends before it starts") !=
        std::string::npos);
  CHECK(error_of(histogram(FacetField::year, "2014..2015", "")) != "no error");
  CHECK(error_of(histogram(FacetField::year, "", "..")) != "no error");
  CHECK(error_of(histogram(FacetField::day, "0005-02-29", "")) != "no error");
  CHECK(error_of(histogram(FacetField::month, "10000", "")) != "no error");
}

TEST_CASE("one Searcher's facets follow the index as a writer commits, replaces and removes") {
  byline::test::TempDir dir;
  auto index = byline::test::create_index(dir / "idx");
  byline::Writer writer(index);
  const auto article = [](std::string id, std::string source, std::string date) {
    byline::Article a;
    a.id = std::move(id);
    a.title = "Talks in Paris";
    a.body = "Ministers met for talks.";
    a.source = std::move(source);
    a.date = std::move(date);
    return a;
  };
  (void)writer.add(article("a", "Reuters", "2014-09-15"));
  (void)writer.add(article("b", "BBC News", "2014-09-16"));
  writer.commit();
  byline::Searcher searcher(byline::Index::open(dir / "idx"));
  byline::SearchOptions options;
  options.facets = {all_of(FacetField::source), all_of(FacetField::month)};
  const auto counts = [&] {
    const auto results = searcher.search("talks", options);
    return std::make_pair(counts_of(results.facets[0]), counts_of(results.facets[1]));
  };
  CHECK(counts() ==
        std::make_pair(Counts{{"BBC News", 1}, {"Reuters", 1}}, Counts{{"2014-09", 2}}));

  (void)writer.add(article("b", "Haaretz", "2015-01-02"));  // replaced: new source and month
  (void)writer.add(article("c", "Reuters", "2014-09-20"));
  CHECK(writer.remove("a"));
  CHECK(counts().first.size() == 2);  // nothing committed yet: the same counts
  writer.commit();
  CHECK(counts() == std::make_pair(Counts{{"Haaretz", 1}, {"Reuters", 1}},
                                   Counts{{"2014-09", 1}, {"2015-01", 1}}));
}

TEST_CASE("a source facet beside a source filter counts a word every article has, after removals") {
  // Xapian 1.4.22 throws DatabaseCorruptError for an unweighted count of
  // such a word once the index has deleted articles: the soak run met it.
  byline::test::TempDir dir;
  byline::IndexOptions create;
  create.mode = byline::OpenMode::create_or_open;
  byline::Index index = byline::Index::open(dir / "idx", create);
  {
    byline::Writer writer(index);
    for (int i = 0; i < 3000; ++i) {
      byline::Article article;
      article.id = "a" + std::to_string(i);
      article.source = i % 2 == 0 ? "Reuters" : "AP";
      article.body = "common words in article " + std::to_string(i);
      (void)writer.add(article);
    }
    writer.commit();
    for (int i = 0; i < 3000; i += 3)
      (void)writer.remove("a" + std::to_string(i));
    writer.commit();
  }
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.facets = {byline::FacetRequest{}};
  const auto results = searcher.search("common source:Reuters", options);
  CHECK(results.total == 1000);
  std::map<std::string, std::uint64_t> counts;
  for (const auto& v : results.facets.at(0).values)
    counts[v.value] = v.count;
  CHECK(counts == std::map<std::string, std::uint64_t>{{"AP", 1000}, {"Reuters", 1000}});
}

// The lang facet over a few articles in English, French and German, and
// two without a language.
namespace {

struct LangArticle {
  const char* id;
  const char* lang;
  const char* source;
  const char* body;
};

constexpr LangArticle kLangArticles[] = {
    {"a1", "en", "Reuters", "Talks resumed."},
    {"a2", "en", "AP", "Talks stalled."},
    {"a3", "EN", "Reuters", "Ceasefire talks."},
    {"b1", "fr", "AFP", "Talks in Paris."},
    {"b2", "fr", "AFP", "Ceasefire talks."},
    {"c1", "de", "DPA", "Talks in Bonn."},
    {"d1", "", "AP", "Talks ended."},
    {"d2", "", "", "Ceasefire."},
};

void write_lang_index(const std::filesystem::path& path) {
  {
    auto index = byline::test::create_index(path);
    byline::Writer writer(index);
    for (const LangArticle& l : kLangArticles) {
      byline::Article a;
      a.id = l.id;
      a.title = "Report";
      a.lang = l.lang;
      a.source = l.source;
      a.body = l.body;
      (void)writer.add(a);
    }
    writer.commit();
  }
  // Those given no language may have had one detected (or the index's
  // default): made articles without one, as an older byline wrote them
  // when it was not given one, whatever the writer does today.
  Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
  for (const LangArticle& l : kLangArticles) {
    if (*l.lang != '\0')
      continue;
    const Xapian::docid docid = *db.postlist_begin(std::string(byline::schema::prefix::kId) + l.id);
    Xapian::Document doc = db.get_document(docid);
    const std::string prefix(byline::schema::prefix::kLang);
    std::vector<std::string> terms;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).starts_with(prefix))
        terms.push_back(*t);
    }
    for (const std::string& t : terms)
      doc.remove_term(t);
    if (!doc.get_value(byline::schema::slot::kLang).empty())
      doc.remove_value(byline::schema::slot::kLang);
    db.replace_document(docid, doc);
  }
  db.commit();
}

// Value, count and selected, in the facet's order.
using Listed = std::vector<std::tuple<std::string, std::uint64_t, bool>>;

Listed listed(const byline::Facet& facet) {
  Listed out;
  for (const auto& v : facet.values)
    out.emplace_back(v.value, v.count, v.selected);
  return out;
}

std::uint64_t added_up(const byline::Facet& facet) {
  std::uint64_t n = facet.other + facet.missing;
  for (const auto& v : facet.values)
    n += v.count;
  return n;
}

// What each query's lang facet must say over the index of kLangArticles.
void check_lang_facets(const std::filesystem::path& idx) {
  const FacetRequest langs = all_of(FacetField::lang);

  const auto talks = faceted(idx, "talks", {langs});
  CHECK(talks.total == 7);
  const byline::Facet& all = talks.facets.at(0);
  CHECK(all.field == FacetField::lang);
  CHECK_FALSE(all.disjunctive);
  CHECK(listed(all) == Listed{{"en", 3, false}, {"fr", 2, false}, {"de", 1, false}});
  CHECK(all.distinct == 3);
  CHECK(all.other == 0);
  CHECK(all.missing == 1);  // d1
  CHECK(added_up(all) == talks.total);

  // lang:fr selected: the other languages keep their counts (multi-select),
  // while the source facet counts within the selection.
  const auto french = faceted(idx, "talks lang:fr", {langs, all_of(FacetField::source)});
  CHECK(french.total == 2);
  const byline::Facet& fr = french.facets.at(0);
  CHECK(fr.disjunctive);
  CHECK(listed(fr) == Listed{{"en", 3, false}, {"fr", 2, true}, {"de", 1, false}});
  CHECK(fr.missing == 1);
  CHECK(added_up(fr) == 7);  // the query without its lang: filter
  CHECK_FALSE(french.facets.at(1).disjunctive);
  CHECK(counts_of(french.facets.at(1)) == Counts{{"AFP", 2}});

  // Several languages ORed, and a code in capitals, select as the filter
  // matches.
  const auto two = faceted(idx, "(lang:FR OR lang:de) talks", {langs});
  CHECK(two.total == 3);
  CHECK(two.facets.at(0).disjunctive);
  CHECK(listed(two.facets.at(0)) == Listed{{"en", 3, false}, {"fr", 2, true}, {"de", 1, true}});

  // A lang: filter that is no selection (negated) counts within the query.
  const auto not_english = faceted(idx, "talks -lang:en", {langs});
  CHECK(not_english.total == 4);  // fr, de, and d1 without a language
  CHECK_FALSE(not_english.facets.at(0).disjunctive);
  CHECK(listed(not_english.facets.at(0)) == Listed{{"fr", 2, false}, {"de", 1, false}});
  CHECK(not_english.facets.at(0).missing == 1);
  CHECK(added_up(not_english.facets.at(0)) == 4);

  // "EN" was indexed as "en"; the source facet counts its missing apart too.
  const auto ceasefire = faceted(idx, "ceasefire lang:en", {langs, all_of(FacetField::source)});
  CHECK(ceasefire.total == 1);
  CHECK(listed(ceasefire.facets.at(0)) == Listed{{"en", 1, true}, {"fr", 1, false}});
  CHECK(ceasefire.facets.at(0).missing == 1);  // d2
  const auto ceasefire_sources = faceted(idx, "ceasefire", {all_of(FacetField::source)});
  CHECK(counts_of(ceasefire_sources.facets.at(0)) == Counts{{"AFP", 1}, {"Reuters", 1}});
  CHECK(ceasefire_sources.facets.at(0).missing == 1);

  // The top value, the rest counted in `other`; alphabetical order.
  FacetRequest top1 = langs;
  top1.top = 1;
  FacetRequest by_code = langs;
  by_code.order = FacetOrder::value;
  const auto cut = faceted(idx, "talks", {top1, by_code});
  CHECK(listed(cut.facets.at(0)) == Listed{{"en", 3, false}});
  CHECK(cut.facets.at(0).distinct == 3);
  CHECK(cut.facets.at(0).other == 3);
  CHECK(added_up(cut.facets.at(0)) == 7);
  CHECK(listed(cut.facets.at(1)) == Listed{{"de", 1, false}, {"en", 3, false}, {"fr", 2, false}});

  // Every article, and no match at all.
  const auto every = faceted(idx, "*", {langs});
  CHECK(listed(every.facets.at(0)) == Listed{{"en", 3, false}, {"fr", 2, false}, {"de", 1, false}});
  CHECK(every.facets.at(0).missing == 2);
  const auto none = faceted(idx, "nowhere", {langs});
  CHECK(none.facets.at(0).values.empty());
  CHECK(none.facets.at(0).missing == 0);
}

}  // namespace

TEST_CASE("the lang facet counts each language and the articles without one apart") {
  byline::test::TempDir dir;
  write_lang_index(dir / "idx");
  check_lang_facets(dir / "idx");
  CHECK(byline::parse_facet_field("lang") == FacetField::lang);
  CHECK(byline::facet_field_name(FacetField::lang) == "lang");
}

TEST_CASE("the lang facet reads the languages of articles indexed before the language slot") {
  byline::test::TempDir dir;
  write_lang_index(dir / "idx");
  {
    // Some articles as an older byline left them: their language in their
    // L term only, no value in the language slot.
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_OPEN);
    for (const char* id : {"a1", "a3", "b1", "c1"}) {
      const std::string id_term = std::string(byline::schema::prefix::kId) + id;
      const Xapian::docid docid = *db.postlist_begin(id_term);
      Xapian::Document doc = db.get_document(docid);
      doc.remove_value(byline::schema::slot::kLang);
      db.replace_document(docid, doc);
    }
    db.commit();
    CHECK(db.get_value_freq(byline::schema::slot::kLang) == 2);  // a2, b2
  }
  check_lang_facets(dir / "idx");

  // Every article so: an index made wholly before the slot.
  {
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_OPEN);
    for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
      Xapian::Document doc = db.get_document(id);
      if (doc.get_value(byline::schema::slot::kLang).empty())
        continue;  // no language (d1, d2)
      doc.remove_value(byline::schema::slot::kLang);
      db.replace_document(id, doc);
    }
    db.commit();
    CHECK(db.get_value_freq(byline::schema::slot::kLang) == 0);
  }
  check_lang_facets(dir / "idx");
}

TEST_CASE("the lang facet has no date range or histogram") {
  byline::test::TempDir dir;
  write_lang_index(dir / "idx");
  FacetRequest ranged = all_of(FacetField::lang);
  ranged.from = "2014";
  CHECK_THROWS_AS((void)faceted(dir / "idx", "talks", {ranged}), byline::Error);
  FacetRequest histogram = all_of(FacetField::lang);
  histogram.empty_buckets = true;
  CHECK_THROWS_AS((void)faceted(dir / "idx", "talks", {histogram}), byline::Error);
}
