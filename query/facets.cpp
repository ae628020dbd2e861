#include "query/facets.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

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
  }
  return "source";
}

std::optional<FacetField> parse_facet_field(std::string_view name) noexcept {
  for (const FacetField field :
       {FacetField::source, FacetField::year, FacetField::month, FacetField::day}) {
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

// Date buckets, keyed as their value slot holds them ("2014", "201409",
// "20140915"), as the days they cover.
struct Bucket {
  std::string first;  // YYYYMMDD
  std::string last;
};

Bucket bucket_days(FacetField field, const std::string& key) {
  if (field == FacetField::year)
    return {key + "0101", key + "1231"};
  if (field == FacetField::month && key.size() == 6) {
    const int days = days_in_month(std::stoi(key.substr(0, 4)), std::stoi(key.substr(4, 2)));
    return {key + "01", key + (days < 10 ? "0" : "") + std::to_string(days)};
  }
  return {key, key};
}

// The key of the bucket holding `day` (YYYYMMDD).
std::string bucket_key(FacetField field, const std::string& day) {
  return day.substr(0, field == FacetField::year ? 4 : field == FacetField::month ? 6 : 8);
}

// The bucket after `key`.
std::string next_bucket(FacetField field, const std::string& key) {
  const auto two = [](int v) {
    std::string out = v < 10 ? "0" : "";
    return out.append(std::to_string(v));
  };
  const int year = std::stoi(key.substr(0, 4));
  if (field == FacetField::year)
    return std::to_string(year + 1);
  const int month = std::stoi(key.substr(4, 2));
  if (field == FacetField::month)
    return month == 12 ? std::to_string(year + 1) + "01" : key.substr(0, 4) + two(month + 1);
  const int day = std::stoi(key.substr(6, 2));
  if (day < days_in_month(year, month))
    return key.substr(0, 6) + two(day + 1);
  return month == 12 ? std::to_string(year + 1) + "0101" : key.substr(0, 4) + two(month + 1) + "01";
}

// "2014" / "201409" / "20140915" -> "2014" / "2014-09" / "2014-09-15".
std::string display_date(const std::string& key) {
  std::string out = key.substr(0, 4);
  if (key.size() >= 6)
    out.append("-").append(key, 4, 2);
  if (key.size() >= 8)
    out.append("-").append(key, 6, 2);
  return out;
}

bool well_formed_key(FacetField field, const std::string& key) {
  const std::size_t size = field == FacetField::year ? 4 : field == FacetField::month ? 6 : 8;
  return key.size() == size &&
         std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

using Counts = std::map<std::string, std::uint64_t>;

}  // namespace

std::string_view selecting_field(FacetField field) noexcept {
  return field == FacetField::source ? "source" : "date";
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
    std::string range_from;  // YYYYMMDD, empty: open
    std::string range_to;
    std::size_t pass = 0;
  };

  Analyzer& analyzer;
  const FacetColumns& columns;
  std::vector<Request> requests;
  std::vector<Pass> passes;
  // Selections on source: their keys and words; on date: their day ranges.
  std::vector<std::pair<std::string, std::vector<std::string>>> source_selections;
  std::vector<DateRange> date_selections;

  Impl(const std::vector<FacetRequest>& wanted, const QueryNode& root, Analyzer& a,
       const FacetColumns& c)
      : analyzer(a), columns(c) {
    passes.push_back(Pass{"", QueryNode{}, std::make_unique<ColumnCountSpy>(columns)});
    for (const FacetRequest& r : wanted) {
      Request req{r, "", "", 0};
      const bool is_date = r.field != FacetField::source;
      if (!is_date && (!r.from.empty() || !r.to.empty() || r.empty_buckets)) {
        bad_request("the source facet has no date range or histogram");
      }
      if (!r.from.empty() || !r.to.empty()) {
        std::string problem;
        std::size_t offset = 0;
        const auto range = parse_date_range(r.from + ".." + r.to, problem, offset);
        if (!range)
          bad_request("facet range " + r.from + ".." + r.to + ": " + problem);
        req.range_from = range->from;
        req.range_to = range->to;
      }
      const std::string_view field = selecting_field(r.field);
      if (!selections(root, field).empty()) {
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
    for (const QueryNode* s : selections(root, "source")) {
      std::vector<std::string> words;
      for (const Token& t : analyzer.analyze(s->text)) {
        if (!t.joined)
          words.push_back(t.term);
      }
      source_selections.emplace_back(source_key(analyzer, s->text), std::move(words));
    }
    for (const QueryNode* s : selections(root, "date")) {
      std::string problem;
      std::size_t offset = 0;
      if (auto range = parse_date_range(s->text, problem, offset))
        date_selections.push_back(std::move(*range));
    }
  }

  // Matches per date bucket of the request's field.
  [[nodiscard]] Counts date_counts(const Request& r) const {
    Counts out;
    const auto& counts = passes[r.pass].spy->per_day();
    const auto& days = columns.day_keys();
    for (std::size_t ordinal = 1; ordinal < counts.size(); ++ordinal) {  // 0: no date
      if (counts[ordinal] > 0 && well_formed_key(FacetField::day, days[ordinal]))
        out[bucket_key(r.request.field, days[ordinal])] += counts[ordinal];
    }
    return out;
  }

  // Source names that normalize alike ("BBC News", "BBC news") count as one,
  // shown as most of their articles spell it.
  [[nodiscard]] std::vector<FacetValue> source_values(const Request& r) const {
    struct Group {
      std::uint64_t count = 0;
      FacetColumns::Ordinal name = 0;  // the spelling with most matches
      std::uint64_t name_count = 0;
    };
    const auto& counts = passes[r.pass].spy->per_source();
    std::map<std::string_view, Group> groups;
    for (std::size_t ordinal = 1; ordinal < counts.size(); ++ordinal) {  // 0: no source
      const std::uint64_t n = counts[ordinal];
      if (n == 0)
        continue;
      const auto o = static_cast<FacetColumns::Ordinal>(ordinal);
      Group& g = groups[columns.source(o).key];
      g.count += n;
      // Ties: the spelling that sorts first.
      if (n > g.name_count ||
          (n == g.name_count && columns.source(o).name < columns.source(g.name).name)) {
        g.name = o;
        g.name_count = n;
      }
    }
    std::vector<FacetValue> out;
    for (const auto& entry : groups) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
      const auto& key = entry.first;
      const auto& g = entry.second;
      const std::vector<std::string>& name_words = columns.source(g.name).words;
      FacetValue v;
      v.value = columns.source(g.name).name;
      v.count = g.count;
      for (const auto& [selected_key, words] : source_selections) {
        // As the filter matches: the whole key, or every word of it.
        const bool all_words =
            !words.empty() && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
              return std::find(name_words.begin(), name_words.end(), w) != name_words.end();
            });
        if (selected_key == key || all_words)
          v.selected = true;
      }
      out.push_back(std::move(v));
    }
    return out;
  }

  [[nodiscard]] bool date_selected(const Bucket& b) const {
    return std::any_of(date_selections.begin(), date_selections.end(), [&](const DateRange& r) {
      return (r.from.empty() || r.from <= b.first) && (r.to.empty() || b.last <= r.to);
    });
  }

  [[nodiscard]] Facet facet(const Request& r) const {
    const FacetRequest& q = r.request;
    Facet out;
    out.field = q.field;
    out.disjunctive = r.pass != 0;
    if (q.field == FacetField::source) {
      out.values = source_values(r);
    } else {
      const Counts counts = date_counts(r);
      // Buckets overlapping the range.
      Counts in_range;
      for (const auto& [key, n] : counts) {
        if (!well_formed_key(q.field, key))
          continue;
        const Bucket b = bucket_days(q.field, key);
        if ((r.range_from.empty() || b.last >= r.range_from) &&
            (r.range_to.empty() || b.first <= r.range_to)) {
          in_range[key] = n;
        }
      }
      if (q.empty_buckets) {
        std::string first =
            r.range_from.empty() ? std::string() : bucket_key(q.field, r.range_from);
        std::string last = r.range_to.empty() ? std::string() : bucket_key(q.field, r.range_to);
        if (first.empty() && !in_range.empty())
          first = in_range.begin()->first;
        if (last.empty() && !in_range.empty())
          last = in_range.rbegin()->first;
        if (!first.empty() && !last.empty()) {
          for (std::string key = first; key <= last; key = next_bucket(q.field, key)) {
            if (out.values.size() == kMaxBuckets) {
              bad_request("a facet histogram of more than " + std::to_string(kMaxBuckets) +
                          " buckets");
            }
            in_range.try_emplace(key, 0);
            out.values.push_back(
                {display_date(key), in_range[key], date_selected(bucket_days(q.field, key))});
          }
        }
        out.distinct = static_cast<std::size_t>(std::count_if(
            out.values.begin(), out.values.end(), [](const FacetValue& v) { return v.count > 0; }));
        return out;
      }
      for (const auto& [key, n] : in_range)
        out.values.push_back({display_date(key), n, date_selected(bucket_days(q.field, key))});
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
    enquire.add_matchspy(impl_->passes.front().spy.get());
}

void FacetCounter::count_disjunctive(
    const Xapian::Database& db, const std::function<Xapian::Query(const QueryNode&)>& compile) {
  for (std::size_t k = 1; k < impl_->passes.size(); ++k) {
    Impl::Pass& pass = impl_->passes[k];
    Xapian::Enquire enquire(db);
    enquire.set_query(compile(pass.query));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(pass.spy.get());
    (void)enquire.get_mset(0, 0, db.get_doccount());
  }
}

std::vector<Facet> FacetCounter::results() {
  std::vector<Facet> out;
  for (const Impl::Request& r : impl_->requests)
    out.push_back(impl_->facet(r));
  return out;
}

}  // namespace byline::detail
