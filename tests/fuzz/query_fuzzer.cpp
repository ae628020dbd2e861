// Fuzz target: the query path, text -> parse -> compile -> search, with the
// search options drawn from the input, against a small index of the seed
// corpus and a few articles dated at the ends of the calendar (years 0000 to
// 9999). A byline::Error of the kind the input explains is an answer; any
// other exception, a result that breaks the contract of search.hpp, a crash
// or a sanitizer report is a finding.
//
// Input: the first byte picks the default operator (bit 0), a small offset
// (bits 1-2) and limit (bits 3-6). Without bit 7 the rest is the query (the
// format of the seeds and findings saved before options were fuzzed). With
// it, an options block follows, then the query:
//
//   byte 1  sort (bits 0-1), aliases off (2), title highlights (3), snippet
//           count (4-6, from a table), explain and highlight too (7)
//   byte 2  offset (bits 0-3) and limit (4-7) from tables of edge values
//           (past 2^32, SIZE_MAX); 0 keeps byte 0's
//   byte 3  snippet length (bits 0-2), suggest_below (3-4), wildcard cap (5-7)
//   byte 4  how many facets (mod 5), then 11 bytes each:
//           field (bits 0-1), by value (2), empty buckets (3), top (4-7);
//           from (5 bytes) and to (5 bytes), see bound()
//
// Deterministic: every choice is a function of the input bytes. The checks
// compute what they expect independently of query/facets.cpp (their own
// date parsing and calendar arithmetic), so that a bug there is not
// repeated here.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"

namespace {

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<byline::Index> index;
  std::unique_ptr<byline::Searcher> searcher;

  Fixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "byline-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      std::abort();
    dir = pattern;
    {
      byline::IndexOptions options;
      options.mode = byline::OpenMode::create_or_open;
      byline::Index writable = byline::Index::open(dir / "idx", options);
      byline::Writer writer(writable);
      (void)byline::ingest(writer, {std::string(BYLINE_SOURCE_DIR) + "/corpus"});
      // Dates at the ends of what a date key holds, for the date facets.
      int n = 0;
      for (const char* date :
           {"0000-02-29", "0005-03-01", "0999-12-31", "1000-01-01", "9999-12-31", ""}) {
        byline::Article a;
        a.id = "edge" + std::to_string(n++);
        a.title = "Iraq chronicle";
        a.body = "An old chronicle of Iraq and of pledges.";
        a.source = n % 2 == 0 ? "Annals" : "";
        a.date = date;
        (void)writer.add(a);
      }
      writer.commit();
    }
    index = std::make_unique<byline::Index>(byline::Index::open(dir / "idx"));
    searcher = std::make_unique<byline::Searcher>(*index);
  }
  ~Fixture() {
    searcher.reset();
    index.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// Reads the options block; past the end of the input, every byte is 0.
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  [[nodiscard]] std::string_view rest() const {
    return at_ < size_ ? std::string_view(reinterpret_cast<const char*>(data_ + at_), size_ - at_)
                       : std::string_view();
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

template <typename T, std::size_t N>
T pick(const std::array<T, N>& table, unsigned index) {
  return table[index % N];
}

constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();

// --- The oracle's own calendar -------------------------------------------

struct Date {
  int year = 0;
  int month = 1;
  int day = 1;
};

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int month_days(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Days from 0000-01-01 (year 0 is a leap year), counted the plain way.
std::int64_t days_since_year_zero(const Date& d) {
  const std::int64_t y = d.year;
  const std::int64_t leaps_before = y == 0 ? 0 : (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 + 1;
  std::int64_t days = 365 * y + leaps_before;
  for (int m = 1; m < d.month; ++m)
    days += month_days(d.year, m);
  return days + d.day - 1;
}

// The bucket of `d` in a facet of `field`, numbered consecutively.
std::int64_t bucket(byline::FacetField field, const Date& d) {
  switch (field) {
    case byline::FacetField::year:
      return d.year;
    case byline::FacetField::month:
      return std::int64_t{d.year} * 12 + d.month - 1;
    default:
      return days_since_year_zero(d);
  }
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s)
    v = v * 10 + (c - '0');
  return v;
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" as its first and last day; nullopt for
// anything else, which the library must refuse.
struct Span {
  Date first;
  Date last;
};

std::optional<Span> parse(std::string_view s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10)
    return std::nullopt;
  if (!digits(s.substr(0, 4)))
    return std::nullopt;
  const int y = number(s.substr(0, 4));
  if (s.size() == 4)
    return Span{{y, 1, 1}, {y, 12, 31}};
  if (s[4] != '-' || !digits(s.substr(5, 2)))
    return std::nullopt;
  const int m = number(s.substr(5, 2));
  if (m < 1 || m > 12)
    return std::nullopt;
  if (s.size() == 7)
    return Span{{y, m, 1}, {y, m, month_days(y, m)}};
  if (s[7] != '-' || !digits(s.substr(8, 2)))
    return std::nullopt;
  const int d = number(s.substr(8, 2));
  if (d < 1 || d > month_days(y, m))
    return std::nullopt;
  return Span{{y, m, d}, {y, m, d}};
}

// A facet value ("2014", "2014-09", "2014-09-15") as its bucket, if it has
// the form of `field`'s values.
std::optional<std::int64_t> bucket_of_value(byline::FacetField field, const std::string& value) {
  const std::size_t size = field == byline::FacetField::year    ? 4
                           : field == byline::FacetField::month ? 7
                                                                : 10;
  if (value.size() != size)
    return std::nullopt;
  const auto span = parse(value);
  if (!span)
    return std::nullopt;
  return bucket(field, span->first);
}

std::string padded(int v, std::size_t width) {
  std::string s = std::to_string(v);
  return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
}

// One end of a facet range, from 5 bytes: empty, a generated date (its
// month and day may be out of range), an edge year or day, an odd string,
// or 4 raw bytes.
std::string bound(Reader& in) {
  const std::uint8_t form = in.byte();
  const std::uint8_t a = in.byte(), b = in.byte(), c = in.byte(), d = in.byte();
  const int year = ((a << 8) | b) % 10000;
  static constexpr std::array<const char*, 8> kYears = {"0000", "0001", "0005", "0999",
                                                        "1000", "2014", "9998", "9999"};
  static constexpr std::array<const char*, 8> kDays = {"0001-01-01", "9999-12-31", "0000-02-29",
                                                       "2014-09-15", "1970-01-01", "0004-02-29",
                                                       "0100-02-29", "2000-02-29"};
  static constexpr std::array<const char*, 16> kOdd = {
      "..",
      "2014..2015",
      "2014-",
      "20140915",
      "2014-9-1",
      "-001",
      "99999",
      "abcd",
      "2014-02-30",
      "0005-02-29",
      " 2014",
      "2014 ",
      "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x91\xef\xbc\x94",
      "2014-09-15T00",
      "..2014",
      "2014.."};
  switch (form % 8) {
    case 0:
      return {};
    case 1:
      return padded(year, 4);
    case 2:
      return padded(year, 4) + "-" + padded(c % 14, 2);
    case 3:
      return padded(year, 4) + "-" + padded(c % 14, 2) + "-" + padded(d % 33, 2);
    case 4:
      return pick(kYears, a);
    case 5:
      return pick(kOdd, a);
    case 6:
      return std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                         static_cast<char>(d)};
    default:
      return pick(kDays, a);
  }
}

// What a facet request should do: be refused for certain, perhaps (a
// histogram with an open end: its size depends on the matches), or never;
// and the buckets its range spans.
struct Expectation {
  bool refused = false;
  bool maybe_refused = false;
  std::optional<std::int64_t> first;  // buckets of the range's ends
  std::optional<std::int64_t> last;
};

Expectation expect(const byline::FacetRequest& r) {
  Expectation e;
  const bool ranged = !r.from.empty() || !r.to.empty();
  if (r.field == byline::FacetField::source) {
    e.refused = ranged || r.empty_buckets;
    return e;
  }
  const auto from = r.from.empty() ? std::optional<Span>() : parse(r.from);
  const auto to = r.to.empty() ? std::optional<Span>() : parse(r.to);
  if ((!r.from.empty() && !from) || (!r.to.empty() && !to)) {
    e.refused = true;
    return e;
  }
  if (from && to && days_since_year_zero(from->first) > days_since_year_zero(to->last)) {
    e.refused = true;  // reversed
    return e;
  }
  if (from)
    e.first = bucket(r.field, from->first);
  if (to)
    e.last = bucket(r.field, to->last);
  if (r.empty_buckets) {
    if (e.first && e.last)
      e.refused = *e.last - *e.first + 1 > 100'000;
    else
      e.maybe_refused = true;
  }
  return e;
}

void check_facet(const byline::FacetRequest& r, const Expectation& e, const byline::Facet& f) {
  if (f.field != r.field)
    std::abort();
  if (!r.empty_buckets) {
    // The `top` kept, and the selected values past them.
    if (f.values.size() > f.distinct)
      std::abort();
    const auto selected = static_cast<std::size_t>(
        std::count_if(f.values.begin(), f.values.end(), [](const auto& v) { return v.selected; }));
    if (r.top > 0 && f.values.size() > r.top && f.values.size() - r.top > selected)
      std::abort();
  }
  if (r.field == byline::FacetField::source) {
    for (const auto& v : f.values) {
      if (v.value.empty() || v.count == 0)
        std::abort();
    }
    return;
  }
  std::vector<std::int64_t> buckets;
  for (const auto& v : f.values) {
    const auto b = bucket_of_value(r.field, v.value);
    if (!b)
      std::abort();  // not "YYYY", "YYYY-MM" or "YYYY-MM-DD" as the field's values are
    if ((e.first && *b < *e.first) || (e.last && *b > *e.last))
      std::abort();  // outside the range
    if (!r.empty_buckets && v.count == 0)
      std::abort();
    buckets.push_back(*b);
  }
  if (r.empty_buckets) {
    // Every bucket once, in order, from the range's first to its last.
    for (std::size_t k = 1; k < buckets.size(); ++k) {
      if (buckets[k] != buckets[k - 1] + 1)
        std::abort();
    }
    if (buckets.size() > 100'000)
      std::abort();
    if (e.first && e.last && buckets.size() != static_cast<std::size_t>(*e.last - *e.first + 1))
      std::abort();
    if (e.first && !buckets.empty() && buckets.front() != *e.first)
      std::abort();
    if (e.last && !buckets.empty() && buckets.back() != *e.last)
      std::abort();
    return;
  }
  std::vector<std::int64_t> sorted = buckets;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    std::abort();  // a bucket twice
  if (r.order == byline::FacetOrder::value && sorted != buckets)
    std::abort();
}

void check_spans(const std::vector<byline::Highlight>& spans, std::size_t text_size) {
  std::size_t after = 0;
  for (const auto& h : spans) {
    if (h.begin < after || h.end < h.begin || h.end > text_size)
      std::abort();
    after = h.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  if (size == 0)
    return 0;
  byline::SearchOptions options;
  options.default_operator =
      (data[0] & 1) != 0 ? byline::DefaultOperator::any : byline::DefaultOperator::all;
  options.offset = (data[0] >> 1) & 3;
  options.limit = 1 + ((data[0] >> 3) & 15);
  options.max_wildcard_terms = 100;
  Reader in(data + 1, size - 1);
  bool other_calls = false;
  std::vector<Expectation> expected;
  if ((data[0] & 0x80) != 0) {
    const std::uint8_t flags = in.byte();
    static constexpr std::array<byline::SortOrder, 4> kSorts = {
        byline::SortOrder::relevance, byline::SortOrder::newest, byline::SortOrder::oldest,
        byline::SortOrder::relevance};
    options.sort = pick(kSorts, flags);
    options.aliases = (flags & 4) == 0;
    options.snippets.title = (flags & 8) != 0;
    static constexpr std::array<std::size_t, 8> kSnippets = {0, 1, 2, 3, 5, 20, 100, 0};
    options.snippets.count = pick(kSnippets, flags >> 4);
    other_calls = (flags & 0x80) != 0;

    const std::uint8_t paging = in.byte();
    static constexpr std::array<std::size_t, 16> kOffsets = {0,          1,
                                                             4,          5,
                                                             10,         11,
                                                             1000,       (1ULL << 31) - 1,
                                                             1ULL << 31, (1ULL << 32) - 1,
                                                             1ULL << 32, (1ULL << 32) + 1,
                                                             1ULL << 63, kMax - 10,
                                                             kMax - 1,   kMax};
    static constexpr std::array<std::size_t, 16> kLimits = {0,
                                                            0,
                                                            1,
                                                            2,
                                                            3,
                                                            10,
                                                            11,
                                                            1000,
                                                            (1ULL << 31),
                                                            (1ULL << 32) - 1,
                                                            1ULL << 32,
                                                            (1ULL << 32) + 1,
                                                            1ULL << 63,
                                                            kMax - 1,
                                                            kMax,
                                                            7};
    if ((paging & 15) != 0)
      options.offset = pick(kOffsets, paging & 15);
    if ((paging >> 4) != 0)
      options.limit = pick(kLimits, paging >> 4);

    const std::uint8_t sizes = in.byte();
    static constexpr std::array<std::size_t, 8> kLengths = {200, 0, 1, 2, 10, 50, 10'000, kMax};
    options.snippets.length = pick(kLengths, sizes);
    static constexpr std::array<std::size_t, 4> kSuggest = {3, 0, 100, kMax};
    options.suggest_below = pick(kSuggest, sizes >> 3);
    static constexpr std::array<std::size_t, 8> kWildcards = {100, 0, 1, 2, 10, 50, 100, 100};
    options.max_wildcard_terms = pick(kWildcards, sizes >> 5);

    const unsigned facets = in.byte() % 5;
    static constexpr std::array<byline::FacetField, 4> kFields = {
        byline::FacetField::source, byline::FacetField::year, byline::FacetField::month,
        byline::FacetField::day};
    static constexpr std::array<std::size_t, 16> kTops = {10, 0, 1, 2, 3, 5, 100, kMax,
                                                          10, 0, 1, 2, 3, 5, 100, kMax};
    for (unsigned k = 0; k < facets; ++k) {
      const std::uint8_t f = in.byte();
      byline::FacetRequest r;
      r.field = pick(kFields, f);
      r.order = (f & 4) != 0 ? byline::FacetOrder::value : byline::FacetOrder::count;
      r.empty_buckets = (f & 8) != 0;
      r.top = pick(kTops, f >> 4);
      r.from = bound(in);
      r.to = bound(in);
      expected.push_back(expect(r));
      options.facets.push_back(std::move(r));
    }
  }
  const std::string_view query = in.rest();
  const bool refused =
      std::any_of(expected.begin(), expected.end(), [](const Expectation& e) { return e.refused; });
  const bool maybe_refused = std::any_of(expected.begin(), expected.end(),
                                         [](const Expectation& e) { return e.maybe_refused; });
  byline::Searcher& searcher = *fixture.searcher;
  try {
    const auto results = searcher.search(query, options);
    if (refused)
      std::abort();  // a facet request that makes no sense was answered
    if (results.hits.size() > options.limit)
      std::abort();
    for (std::size_t k = 0; k < results.hits.size(); ++k) {
      const auto& hit = results.hits[k];
      if (options.offset > kMax - 1 - k || hit.rank != options.offset + k + 1 || hit.id.empty())
        std::abort();
      if (hit.snippets.size() > options.snippets.count)
        std::abort();
      for (const auto& s : hit.snippets)
        check_spans(s.highlights, s.text.size());
      check_spans(hit.title_highlights, hit.title.size());
    }
    if (results.total_exact) {
      // The page is what is left of the matches after the offset.
      const std::uint64_t left =
          options.offset >= results.total ? 0 : results.total - options.offset;
      if (results.hits.size() != std::min<std::uint64_t>(left, options.limit))
        std::abort();
    }
    if (results.facets.size() != options.facets.size())
      std::abort();
    for (std::size_t k = 0; k < options.facets.size(); ++k)
      check_facet(options.facets[k], expected[k], results.facets[k]);
    if (other_calls) {
      (void)searcher.explain(query, options);
      if (!results.hits.empty()) {
        const auto article = searcher.article(results.hits.front().id);
        if (!article)
          std::abort();
        const auto marks = searcher.highlight(query, *article, options);
        check_spans(marks.title, article->title.size());
        check_spans(marks.body, article->body.size());
      }
    }
  } catch (const byline::Error& e) {
    if (e.kind() == byline::Error::Kind::invalid_argument) {
      if (!refused && !maybe_refused)
        std::abort();  // refused a facet request that makes sense
    } else if (e.kind() != byline::Error::Kind::invalid_query) {
      std::abort();  // a query cannot hurt the index
    }
    if (e.position() && *e.position() > query.size())
      std::abort();
  }
  return 0;
}
