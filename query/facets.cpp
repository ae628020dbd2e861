#include "query/facets.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "byline/error.hpp"
#include "engine/field_keys.hpp"
#include "engine/schema.hpp"
#include "query/date_range.hpp"

namespace byline {

std::string_view facet_field_name(FacetField field) noexcept {
  switch (field) {
    case FacetField::source:
      return "source";
    case FacetField::year:
      return "year";
    case FacetField::month:
      return "month";
    case FacetField::day:
      return "day";
    case FacetField::author:
      return "author";
    case FacetField::lang:
      return "lang";
    case FacetField::story:
      return "story";
  }
  return "source";
}

std::optional<FacetField> parse_facet_field(std::string_view name) noexcept {
  for (const FacetField field :
       {FacetField::source, FacetField::year, FacetField::month, FacetField::day,
        FacetField::author, FacetField::lang, FacetField::story}) {
    if (name == facet_field_name(field))
      return field;
  }
  return std::nullopt;
}

}  // namespace byline

namespace byline::detail {

namespace {

// A histogram of more buckets than this is refused (a day histogram over
// 270 years).
constexpr std::size_t kMaxBuckets = 100'000;

[[noreturn]] void bad_request(const std::string& message) {
  throw Error(Error::Kind::invalid_argument, message);
}

void conjuncts(const QueryNode& node, std::vector<const QueryNode*>& out) {
  if (node.type == QueryNode::Type::all_of) {
    for (const QueryNode& child : node.children)
      conjuncts(child, out);
  } else if ((node.type == QueryNode::Type::and_not || node.type == QueryNode::Type::and_maybe) &&
             !node.children.empty()) {
    conjuncts(node.children.front(), out);
  } else {
    out.push_back(&node);
  }
}

// A filter on `field`, or an OR of such.
bool selects(const QueryNode& node, std::string_view field) {
  if (node.type == QueryNode::Type::filter)
    return node.field == field;
  if (node.type == QueryNode::Type::any_of) {
    return !node.children.empty() &&
           std::all_of(node.children.begin(), node.children.end(),
                       [&](const QueryNode& child) { return selects(child, field); });
  }
  return false;
}

void filters_of(const QueryNode& node, std::vector<const QueryNode*>& out) {
  if (node.type == QueryNode::Type::filter) {
    out.push_back(&node);
    return;
  }
  for (const QueryNode& child : node.children)
    filters_of(child, out);
}

std::optional<QueryNode> strip(const QueryNode& node, std::string_view field) {
  if (selects(node, field))
    return std::nullopt;
  if (node.type == QueryNode::Type::all_of) {
    QueryNode copy = node;
    copy.children.clear();
    for (const QueryNode& child : node.children) {
      if (auto kept = strip(child, field))
        copy.children.push_back(std::move(*kept));
    }
    if (copy.children.empty())
      return std::nullopt;
    if (copy.children.size() == 1)
      return std::move(copy.children.front());
    return copy;
  }
  if ((node.type == QueryNode::Type::and_not || node.type == QueryNode::Type::and_maybe) &&
      !node.children.empty()) {
    QueryNode copy = node;
    if (auto first = strip(node.children.front(), field)) {
      copy.children.front() = std::move(*first);
    } else {
      copy.children.front() = QueryNode{};
      copy.children.front().type = QueryNode::Type::match_all;
    }
    return copy;
  }
  return node;
}

// A calendar day of the years 0000 to 9999, what a date key can hold.
struct Day {
  int year = 0;
  int month = 1;
  int day = 1;
};

// "YYYYMMDD" as the day it names; nullopt unless it names one (a value slot
// written by another program may hold anything).
std::optional<Day> parse_day_key(std::string_view key) {
  if (key.size() != 8 ||
      !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t k = at; k < at + n; ++k)
      v = v * 10 + (key[k] - '0');
    return v;
  };
  const Day d{number(0, 4), number(4, 2), number(6, 2)};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  return d;
}

// Days since 1970-01-01, and back (H. Hinnant's days_from_civil and
// civil_from_days, proleptic Gregorian, as days_in_month counts).
std::int64_t day_number(const Day& d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t day_of_year =
      (153 * (d.month > 2 ? d.month - 3 : d.month + 9) + 2) / 5 + d.day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Day day_at(std::int64_t number) {
  const std::int64_t z = number + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  return Day{static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0)), month, day};
}

// Date buckets are numbered so that consecutive buckets have consecutive
// numbers: a year by itself, a month as year * 12 + month - 1, a day by its
// day_number(). The bucket after one is then the next number, the size of a
// histogram a subtraction, and the buckets a range overlaps those between
// the buckets of its two ends. Keys are never stepped or compared as
// strings: built without zero padding ("10" after "0009") and compared so,
// they ended histograms early, ran them past 9999 to the bucket limit, or
// threw std::out_of_range (issue 16).
using BucketNumber = std::int64_t;

BucketNumber bucket_of(FacetField field, const Day& d) {
  switch (field) {
    case FacetField::year:
      return d.year;
    case FacetField::month:
      return std::int64_t{d.year} * 12 + d.month - 1;
    default:
      return day_number(d);
  }
}

Day first_day(FacetField field, BucketNumber bucket) {
  switch (field) {
    case FacetField::year:
      return Day{static_cast<int>(bucket), 1, 1};
    case FacetField::month:
      return Day{static_cast<int>(bucket / 12), static_cast<int>(bucket % 12) + 1, 1};
    default:
      return day_at(bucket);
  }
}

Day last_day(FacetField field, BucketNumber bucket) {
  switch (field) {
    case FacetField::year:
      return Day{static_cast<int>(bucket), 12, 31};
    case FacetField::month: {
      Day d = first_day(field, bucket);
      d.day = days_in_month(d.year, d.month);
      return d;
    }
    default:
      return day_at(bucket);
  }
}

void append_padded(std::string& out, int value, std::size_t width) {
  const std::string digits = std::to_string(value);
  out.append(width > digits.size() ? width - digits.size() : 0, '0').append(digits);
}

// "2014" / "2014-09" / "2014-09-15", ready for a date: filter.
std::string bucket_value(FacetField field, BucketNumber bucket) {
  const Day d = first_day(field, bucket);
  std::string out;
  append_padded(out, d.year, 4);
  if (field == FacetField::year)
    return out;
  out += '-';
  append_padded(out, d.month, 2);
  if (field == FacetField::month)
    return out;
  out += '-';
  append_padded(out, d.day, 2);
  return out;
}

// Days as day_number(); nullopt: no bound.
struct DaySpan {
  std::optional<std::int64_t> first;
  std::optional<std::int64_t> last;

  [[nodiscard]] bool holds(std::int64_t a, std::int64_t b) const {
    return (!first || *first <= a) && (!last || b <= *last);
  }
};

std::optional<std::int64_t> day_number_of_key(const std::string& key) {
  if (const auto d = parse_day_key(key))
    return day_number(*d);
  return std::nullopt;
}

using Counts = std::map<BucketNumber, std::uint64_t>;

bool is_date_field(FacetField field) {
  return field == FacetField::year || field == FacetField::month || field == FacetField::day;
}

// A lang: filter's code as the compiler matches it.
std::string lang_code(std::string_view text) {
  return language_key(text);
}

}  // namespace

std::string_view selecting_field(FacetField field) noexcept {
  switch (field) {
    case FacetField::source:
      return "source";
    case FacetField::author:
      return "author";
    case FacetField::lang:
      return "lang";
    case FacetField::story:
      return "story";
    default:
      return "date";
  }
}

std::vector<const QueryNode*> selections(const QueryNode& root, std::string_view field) {
  std::vector<const QueryNode*> parts, out;
  conjuncts(root, parts);
  for (const QueryNode* part : parts) {
    if (selects(*part, field))
      filters_of(*part, out);
  }
  return out;
}

QueryNode without_selections(const QueryNode& root, std::string_view field) {
  if (auto kept = strip(root, field))
    return std::move(*kept);
  QueryNode all;
  all.type = QueryNode::Type::match_all;
  return all;
}

struct FacetCounter::Impl {
  // One pass over the matches: the whole query (field ""), or the query
  // without its selections on a field.
  struct Pass {
    std::string without;
    QueryNode query;  // what the pass counts over (unused for the whole query)
    // Counts per source and per day; months and years add days up.
    std::unique_ptr<ColumnCountSpy> spy;
  };

  struct Request {
    FacetRequest request;
    // The buckets of the facet range's ends; nullopt: open.
    std::optional<BucketNumber> range_first;
    std::optional<BucketNumber> range_last;
    std::size_t pass = 0;

    [[nodiscard]] bool in_range(BucketNumber b) const {
      return (!range_first || *range_first <= b) && (!range_last || b <= *range_last);
    }
  };

  Analyzer& analyzer;
  const FacetColumns& columns;
  std::vector<Request> requests;
  std::vector<Pass> passes;
  // Selections on source and on author: their keys and words; on date:
  // their day ranges.
  using NameSelections = std::vector<std::pair<std::string, std::vector<std::string>>>;
  NameSelections source_selections;
  NameSelections author_selections;
  // Selections on lang: the codes, lowercase, as the filter matches them.
  std::vector<std::string> lang_selections;
  // Selections on story: the ids as typed (decimal).
  std::vector<std::string> story_selections;
  std::vector<DaySpan> date_selections;

  Impl(const std::vector<FacetRequest>& wanted, const QueryNode& root, Analyzer& a,
       const FacetColumns& c)
      : analyzer(a), columns(c) {
    passes.push_back(Pass{"", QueryNode{}, std::make_unique<ColumnCountSpy>(columns)});
    for (const FacetRequest& r : wanted) {
      Request req{r, std::nullopt, std::nullopt, 0};
      const bool is_date = is_date_field(r.field);
      if (!is_date && (!r.from.empty() || !r.to.empty() || r.empty_buckets)) {
        bad_request("the " + std::string(facet_field_name(r.field)) +
                    " facet has no date range or histogram");
      }
      if (is_date)
        set_range(req);
      const std::string_view field = selecting_field(r.field);
      if (r.disjunctive && !selections(root, field).empty()) {
        const auto found = std::find_if(passes.begin(), passes.end(),
                                        [&](const Pass& p) { return p.without == field; });
        req.pass = static_cast<std::size_t>(found - passes.begin());
        if (found == passes.end()) {
          passes.push_back(Pass{std::string(field), without_selections(root, field),
                                std::make_unique<ColumnCountSpy>(columns)});
        }
      }
      requests.push_back(std::move(req));
    }
    for (const QueryNode* s : selections(root, "source"))
      source_selections.emplace_back(source_key(analyzer, s->text), words_of(s->text));
    for (const QueryNode* s : selections(root, "author"))
      author_selections.emplace_back(author_key(analyzer, s->text), words_of(s->text));
    for (const QueryNode* s : selections(root, "lang"))
      lang_selections.push_back(lang_code(s->text));
    for (const QueryNode* s : selections(root, "story"))
      story_selections.push_back(s->text);
    for (const QueryNode* s : selections(root, "date")) {
      std::string problem;
      std::size_t offset = 0;
      if (auto range = parse_date_range(s->text, problem, offset))
        date_selections.push_back({day_number_of_key(range->from), day_number_of_key(range->to)});
    }
  }

  // The request's from and to, each parsed alone ("2014..2015" is not one
  // date), as the buckets they fall in.
  static void set_range(Request& req) {
    const FacetRequest& r = req.request;
    const auto end = [&](const std::string& text, bool first) -> std::optional<Day> {
      if (text.empty())
        return std::nullopt;
      std::string problem;
      const auto date = parse_date(text, problem);
      if (!date)
        bad_request("facet range " + r.from + ".." + r.to + ": " + problem);
      return parse_day_key(first ? date->from : date->to);
    };
    const std::optional<Day> from = end(r.from, true);
    const std::optional<Day> to = end(r.to, false);
    if (from && to && day_number(*from) > day_number(*to))
      bad_request("facet range " + r.from + ".." + r.to + ": the date range ends before it starts");
    if (from)
      req.range_first = bucket_of(r.field, *from);
    if (to)
      req.range_last = bucket_of(r.field, *to);
  }

  // Matches per date bucket of the request's field, in its range.
  [[nodiscard]] Counts date_counts(const Request& r) const {
    Counts out;
    const auto& counts = passes[r.pass].spy->per_day();
    const auto& days = columns.day_keys();
    for (std::size_t ordinal = 1; ordinal < counts.size(); ++ordinal) {  // 0: no date
      if (counts[ordinal] == 0)
        continue;
      if (const auto day = parse_day_key(days[ordinal])) {
        const BucketNumber b = bucket_of(r.request.field, *day);
        if (r.in_range(b))
          out[b] += counts[ordinal];
      }
    }
    return out;
  }

  [[nodiscard]] std::vector<std::string> words_of(std::string_view text) const {
    std::vector<std::string> words;
    for (Token& t : analyzer.analyze(text)) {
      if (!t.joined)
        words.push_back(std::move(t.term));
    }
    return words;
  }

  // Names (sources, authors) that normalize alike ("BBC News", "BBC news")
  // count as one, shown as most of their articles spell it. `counts`: the
  // matches per name ordinal of `name_of`. A value is selected as its
  // filter matches it: the whole key, or the filter's words (for a source,
  // each of them anywhere in it; for an author, in order, as a phrase).
  template <typename NameOf>
  [[nodiscard]] std::vector<FacetValue> name_values(const std::vector<std::uint64_t>& counts,
                                                    NameOf name_of, const NameSelections& selected,
                                                    bool phrase) const {
    struct Group {
      std::uint64_t count = 0;
      FacetColumns::Ordinal name = 0;  // the spelling with most matches
      std::uint64_t name_count = 0;
    };
    std::map<std::string_view, Group> groups;
    for (std::size_t ordinal = 1; ordinal < counts.size(); ++ordinal) {  // 0: none
      const std::uint64_t n = counts[ordinal];
      if (n == 0)
        continue;
      const auto o = static_cast<FacetColumns::Ordinal>(ordinal);
      Group& g = groups[name_of(o).key];
      g.count += n;
      // Ties: the spelling that sorts first.
      if (n > g.name_count || (n == g.name_count && name_of(o).name < name_of(g.name).name)) {
        g.name = o;
        g.name_count = n;
      }
    }
    std::vector<FacetValue> out;
    for (const auto& entry : groups) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
      const auto& key = entry.first;
      const auto& g = entry.second;
      const std::vector<std::string>& name_words = name_of(g.name).words;
      FacetValue v;
      v.value = name_of(g.name).name;
      v.count = g.count;
      for (const auto& [selected_key, words] : selected) {
        const bool all_words =
            !words.empty() &&
            (phrase
                 ? std::search(name_words.begin(), name_words.end(), words.begin(), words.end()) !=
                       name_words.end()
                 : std::all_of(words.begin(), words.end(), [&](const std::string& w) {
                     return std::find(name_words.begin(), name_words.end(), w) != name_words.end();
                   }));
        if (selected_key == key || all_words)
          v.selected = true;
      }
      out.push_back(std::move(v));
    }
    return out;
  }

  [[nodiscard]] std::vector<FacetValue> source_values(const Request& r) const {
    return name_values(
        passes[r.pass].spy->per_source(),
        [&](FacetColumns::Ordinal o) -> const FacetColumns::Source& { return columns.source(o); },
        source_selections, false);
  }

  // An article counts once for each author it names.
  [[nodiscard]] std::vector<FacetValue> author_values(const Request& r) const {
    const auto& per_field = passes[r.pass].spy->per_author_field();
    std::vector<std::uint64_t> per_author(columns.author_count(), 0);
    for (std::size_t field = 1; field < per_field.size(); ++field) {  // 0: no author
      if (per_field[field] == 0)
        continue;
      for (const FacetColumns::Ordinal a :
           columns.authors_in(static_cast<FacetColumns::Ordinal>(field)))
        per_author[a] += per_field[field];
    }
    return name_values(
        per_author,
        [&](FacetColumns::Ordinal o) -> const FacetColumns::Author& { return columns.author(o); },
        author_selections, true);
  }

  // Languages are codes: no spellings to group, selected as the lang:
  // filter matches them, by the whole code.
  [[nodiscard]] std::vector<FacetValue> lang_values(const Request& r) const {
    const auto& counts = passes[r.pass].spy->per_lang();
    std::vector<FacetValue> out;
    for (std::size_t ordinal = 1; ordinal < counts.size(); ++ordinal) {  // 0: no language
      if (counts[ordinal] == 0)
        continue;
      const std::string& code = columns.langs()[ordinal];
      const bool selected =
          std::find(lang_selections.begin(), lang_selections.end(), code) != lang_selections.end();
      out.push_back({code, counts[ordinal], selected});
    }
    return out;
  }

  // Stories are ids, listed as the story: filter takes them.
  [[nodiscard]] std::vector<FacetValue> story_values(const Request& r) const {
    const auto& counts = passes[r.pass].spy->per_story();
    std::vector<FacetValue> out;
    for (std::size_t ordinal = 1; ordinal < counts.size(); ++ordinal) {  // 0: no story
      if (counts[ordinal] == 0)
        continue;
      const std::string& id = columns.stories()[ordinal];
      const bool selected =
          std::find(story_selections.begin(), story_selections.end(), id) != story_selections.end();
      out.push_back({id, counts[ordinal], selected});
    }
    return out;
  }

  // Articles counted over that have no value in the request's field.
  [[nodiscard]] std::uint64_t missing(const Request& r) const {
    const ColumnCountSpy& spy = *passes[r.pass].spy;
    switch (r.request.field) {
      case FacetField::source:
        return spy.per_source()[0];
      case FacetField::lang:
        return spy.per_lang()[0];
      case FacetField::story:
        return spy.per_story()[0];
      case FacetField::author: {
        // No author field, or one that names nobody.
        std::uint64_t n = spy.per_author_field()[0];
        for (std::size_t field = 1; field < spy.per_author_field().size(); ++field) {
          if (columns.authors_in(static_cast<FacetColumns::Ordinal>(field)).empty())
            n += spy.per_author_field()[field];
        }
        return n;
      }
      default: {
        // No date, or one that is no calendar day.
        std::uint64_t n = spy.per_day()[0];
        for (std::size_t day = 1; day < spy.per_day().size(); ++day) {
          if (!parse_day_key(columns.day_keys()[day]))
            n += spy.per_day()[day];
        }
        return n;
      }
    }
  }

  [[nodiscard]] bool date_selected(FacetField field, BucketNumber b) const {
    const std::int64_t first = day_number(first_day(field, b));
    const std::int64_t last = day_number(last_day(field, b));
    return std::any_of(date_selections.begin(), date_selections.end(),
                       [&](const DaySpan& s) { return s.holds(first, last); });
  }

  [[nodiscard]] FacetValue date_value(FacetField field, BucketNumber b, std::uint64_t n) const {
    return {bucket_value(field, b), n, date_selected(field, b)};
  }

  [[nodiscard]] Facet facet(const Request& r) const {
    const FacetRequest& q = r.request;
    Facet out;
    out.field = q.field;
    out.disjunctive = r.pass != 0;
    out.missing = missing(r);
    if (q.field == FacetField::source) {
      out.values = source_values(r);
    } else if (q.field == FacetField::author) {
      out.values = author_values(r);
    } else if (q.field == FacetField::lang) {
      out.values = lang_values(r);
    } else if (q.field == FacetField::story) {
      out.values = story_values(r);
    } else {
      const Counts counts = date_counts(r);
      if (q.empty_buckets) {
        // From the range's first bucket, else the first with a match; to
        // its last, else the last with a match.
        std::optional<BucketNumber> first = r.range_first;
        std::optional<BucketNumber> last = r.range_last;
        if (!counts.empty()) {
          first = first.value_or(counts.begin()->first);
          last = last.value_or(counts.rbegin()->first);
        }
        if (first && last && *first <= *last) {
          // Counted before one is listed: a day histogram over all of time
          // is refused at once.
          const BucketNumber size = *last - *first + 1;
          if (size > static_cast<BucketNumber>(kMaxBuckets)) {
            bad_request("a facet histogram of " + std::to_string(size) + " buckets (at most " +
                        std::to_string(kMaxBuckets) + ")");
          }
          out.values.reserve(static_cast<std::size_t>(size));
          for (BucketNumber b = *first; b <= *last; ++b) {
            const auto found = counts.find(b);
            out.values.push_back(date_value(q.field, b, found == counts.end() ? 0 : found->second));
          }
        }
        out.distinct = counts.size();
        return out;
      }
      for (const auto& [b, n] : counts)
        out.values.push_back(date_value(q.field, b, n));
    }
    out.distinct = out.values.size();
    std::stable_sort(out.values.begin(), out.values.end(),
                     [](const FacetValue& a, const FacetValue& b) {
                       return a.count > b.count || (a.count == b.count && a.value < b.value);
                     });
    if (q.top > 0 && out.values.size() > q.top) {
      std::vector<FacetValue> kept(out.values.begin(), out.values.begin() + q.top);
      for (auto it = out.values.begin() + q.top; it != out.values.end(); ++it) {
        if (it->selected)
          kept.push_back(*it);
        else
          out.other += it->count;
      }
      out.values = std::move(kept);
    }
    if (q.order == FacetOrder::value) {
      std::sort(out.values.begin(), out.values.end(),
                [](const FacetValue& a, const FacetValue& b) { return a.value < b.value; });
    }
    return out;
  }
};

FacetCounter::FacetCounter(const std::vector<FacetRequest>& requests, const QueryNode& root,
                           Analyzer& analyzer, const FacetColumns& columns)
    : impl_(std::make_unique<Impl>(requests, root, analyzer, columns)) {}
FacetCounter::~FacetCounter() = default;

void FacetCounter::attach(Xapian::Enquire& enquire) {
  if (!impl_->requests.empty())
    impl_->passes.front().spy->attach(enquire);
}

void FacetCounter::count_disjunctive(const Xapian::Database& db,
                                     const std::function<Xapian::Query(const QueryNode&)>& compile,
                                     const Interrupt& interrupt) {
  for (std::size_t k = 1; k < impl_->passes.size(); ++k) {
    interrupt.check();
    Impl::Pass& pass = impl_->passes[k];
    Xapian::Enquire enquire(db);
    enquire.set_query(compile(pass.query));
    // Not BoolWeight: Xapian 1.4.22 then reads a word found in every article
    // of an index with deleted articles as an all-documents list, and throws
    // DatabaseCorruptError ("Unexpected end of posting list") on a sound
    // index. Found by the soak run (tools/soak.sh).
    pass.spy->attach(enquire);
    // xapian-tcpsrv runs no match spy of byline's: over remote shards, a
    // pass is stopped between passes only.
    InterruptSpy poll(interrupt);
    if (interrupt.active() && !impl_->columns.by_spies())
      enquire.add_matchspy(&poll);
    (void)enquire.get_mset(0, 0, db.get_doccount());
    pass.spy->collect();
  }
  interrupt.check();
}

std::vector<Facet> FacetCounter::results() {
  if (!impl_->requests.empty())
    impl_->passes.front().spy->collect();
  std::vector<Facet> out;
  for (const Impl::Request& r : impl_->requests)
    out.push_back(impl_->facet(r));
  return out;
}

}  // namespace byline::detail
