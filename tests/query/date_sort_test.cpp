// Date filters, ranges and sorting on articles spread over time.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

namespace {

struct Dated {
  byline::test::TempDir dir;
  std::filesystem::path path = dir / "idx";

  Dated() {
    auto index = byline::test::create_index(path);
    byline::Writer writer(index);
    const std::vector<std::pair<std::string, std::string>> articles = {
        {"a", "2013-12-31"}, {"b", "2014-01-01"}, {"c", "2014-02-28"}, {"d", "2014-09-15"},
        {"e", "2014-09-30"}, {"f", "2014-10-01"}, {"g", "2015-06-01"}, {"h", ""}};
    for (const auto& [id, date] : articles) {
      byline::Article article;
      article.id = id;
      article.date = date;
      article.source = id < "e" ? "Reuters" : "Agence France-Presse";
      article.body = "ceasefire talks " + id;
      writer.add(article);
    }
    writer.commit();
  }

  std::string ids(std::string_view query, byline::SortOrder sort = byline::SortOrder::relevance) {
    auto index = byline::Index::open(path);
    byline::Searcher searcher(index);
    byline::SearchOptions options;
    options.limit = 100;
    options.sort = sort;
    std::string out;
    for (const auto& hit : searcher.search(query, options).hits)
      out += hit.id;
    if (sort == byline::SortOrder::relevance)
      std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

TEST_CASE("date: a day, a month, a year") {
  Dated d;
  CHECK(d.ids("ceasefire date:2014-09-15") == "d");
  CHECK(d.ids("ceasefire date:2014-09") == "de");
  CHECK(d.ids("ceasefire date:2014") == "bcdef");
  CHECK(d.ids("date:2015") == "g");
}

TEST_CASE("date ranges are inclusive, months and years cover their days, ends may be open") {
  Dated d;
  CHECK(d.ids("ceasefire date:2014-01-01..2014-09-15") == "bcd");
  CHECK(d.ids("ceasefire date:2014-02..2014-09") == "cde");
  CHECK(d.ids("ceasefire date:2014..2015") == "bcdefg");
  CHECK(d.ids("ceasefire date:..2014-01-01") == "ab");
  CHECK(d.ids("ceasefire date:2014-10..") == "fg");
  // Articles without a date match no date filter.
  CHECK(d.ids("ceasefire -date:2010..") == "h");
}

TEST_CASE("sorting by date, newest or oldest first") {
  Dated d;
  CHECK(d.ids("ceasefire date:2013..", byline::SortOrder::newest) == "gfedcba");
  CHECK(d.ids("ceasefire date:2013..", byline::SortOrder::oldest) == "abcdefg");
}

TEST_CASE("undated articles come last, newest first and oldest first alike") {
  Dated d;
  CHECK(d.ids("ceasefire", byline::SortOrder::newest) == "gfedcbah");
  CHECK(d.ids("ceasefire", byline::SortOrder::oldest) == "abcdefgh");
  CHECK(d.ids("ceasefire -date:2010..", byline::SortOrder::oldest) == "h");
  // Page by page, across the last dated article: the same order, no hit
  // twice or missed.
  auto index = byline::Index::open(d.path);
  byline::Searcher searcher(index);
  const auto page = [&](std::size_t offset, std::size_t limit, byline::SortOrder sort) {
    byline::SearchOptions options;
    options.offset = offset;
    options.limit = limit;
    options.sort = sort;
    const auto results = searcher.search("ceasefire", options);
    std::string out;
    for (const auto& hit : results.hits)
      out += hit.id;
    return out;
  };
  for (const auto sort : {byline::SortOrder::oldest, byline::SortOrder::newest}) {
    for (std::size_t limit : {1, 2, 3, 5}) {
      CAPTURE(limit);
      std::string all;
      for (std::size_t offset = 0; offset < 10; offset += limit)
        all += page(offset, limit, sort);
      CHECK(all == (sort == byline::SortOrder::oldest ? "abcdefgh" : "gfedcbah"));
    }
  }
  CHECK(searcher.search("ceasefire").total == 8);
  CHECK(page(7, 5, byline::SortOrder::oldest) == "h");
  CHECK(page(8, 5, byline::SortOrder::oldest).empty());
  // Several undated articles: after the dated ones, by relevance.
  {
    auto writable =
        byline::Index::open(d.path, byline::test::options_for(byline::OpenMode::read_write));
    byline::Writer writer(writable);
    for (const char* id : {"i", "j"}) {
      byline::Article article;
      article.id = id;
      article.body = std::string("ceasefire talks ceasefire ") + id;
      writer.add(article);
    }
    writer.commit();
  }
  const std::string oldest = d.ids("ceasefire", byline::SortOrder::oldest);
  CHECK(oldest.substr(0, 7) == "abcdefg");
  CHECK(oldest.size() == 10);
  CHECK(oldest.substr(7, 2) != "h");  // "i" and "j" say it twice: they rank above "h"
  CHECK(oldest.back() == 'h');
  CHECK(page(6, 3, byline::SortOrder::oldest) == oldest.substr(6, 3));
}

TEST_CASE("source filters match regardless of case, spacing and punctuation") {
  Dated d;
  CHECK(d.ids("source:reuters") == "abcd");
  CHECK(d.ids("source:\"agence france presse\"") == "efgh");
  CHECK(d.ids("source:AgenceFrancePresse") == "efgh");
  CHECK(d.ids("source:france") == "efgh");
  CHECK(d.ids("ceasefire source:afp") == "");
}
