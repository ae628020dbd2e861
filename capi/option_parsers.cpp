#include "capi/option_parsers.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capi/options.hpp"

namespace byline::capi {

namespace {

constexpr std::string_view kSearchWhat = "search options";

[[noreturn]] void invalid(std::string message) {
  throw Error(Error::Kind::invalid_argument, std::move(message));
}

[[noreturn]] void ignored(std::string_view what, std::string_view key, std::string_view why) {
  invalid(std::string(what) + ": \"" + std::string(key) + "\" " + std::string(why));
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

bool is_date_field(FacetField field) {
  return field == FacetField::year || field == FacetField::month || field == FacetField::day;
}

FacetOrder parse_facet_order(const std::string& text, std::string_view what, std::string_view key) {
  if (text == "count")
    return FacetOrder::count;
  if (text == "value")
    return FacetOrder::value;
  invalid(std::string(what) + ": " + quoted(key) + " must be \"count\" or \"value\"");
}

// A facet option of the command line's ("facet_top", "facet_sort",
// "facet_range", "empty_buckets"): the value for every request of
// "facets" that does not set its own. Given, it must reach one request at
// least, else it would do nothing; `passed_over` keeps why each request
// did not take it, for that error.
template <typename T>
struct SharedFacetOption {
  SharedFacetOption(std::string_view name, std::optional<T> given)
      : key(name), value(std::move(given)) {}

  std::string_view key;
  std::optional<T> value;
  bool applied = false;
  std::string passed_over;

  // `why_not` (empty when it applies): why the request for `field` does not
  // take the value. `own`: the request sets its own.
  void offer(FacetField field, bool own, std::string_view why_not,
             const std::function<void(const T&)>& take) {
    if (!value)
      return;
    if (own)
      why_not = "sets its own";
    if (!why_not.empty()) {
      passed_over += (passed_over.empty() ? "" : "; ") + std::string(facet_field_name(field)) +
                     ": " + std::string(why_not);
      return;
    }
    take(*value);
    applied = true;
  }

  void check_applied(bool any_request) const {
    if (!value || applied)
      return;
    if (!any_request)
      ignored(kSearchWhat, key, "applies to facets, and \"facets\" asks for none");
    ignored(kSearchWhat, key, "applies to no facet of \"facets\" (" + passed_over + ")");
  }
};

// "FROM..TO", either end left out; a date alone is both ends (as --facet-range).
std::pair<std::string, std::string> parse_facet_range(const std::string& text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string::npos)
    return {text, text};
  return {text.substr(0, dots), text.substr(dots + 2)};
}

FacetField parse_field_name(std::string_view name) {
  const auto field = parse_facet_field(name);
  if (!field) {
    invalid(std::string(kSearchWhat) + ": \"facets\": " + quoted(name) +
            " is not source, year, month, day, author, lang or story");
  }
  return *field;
}

// "facets": "source,month" (as --facets), or an array whose items are a
// field name or an object of FacetRequest's fields, each request set
// apart: [{"field": "month", "empty_buckets": true, "from": "2014"},
// {"field": "source", "top": 5}]. The facet options of the command line
// apply to every request that does not set its own.
std::vector<FacetRequest> parse_facets(const JsonObject& json) {
  SharedFacetOption<std::size_t> top("facet_top", json.count("facet_top"));
  SharedFacetOption<FacetOrder> order("facet_sort", std::nullopt);
  if (auto sort = json.string("facet_sort"))
    order.value = parse_facet_order(*sort, kSearchWhat, "facet_sort");
  SharedFacetOption<std::pair<std::string, std::string>> range("facet_range", std::nullopt);
  if (auto text = json.string("facet_range"))
    range.value = parse_facet_range(*text);
  SharedFacetOption<bool> empty_buckets("empty_buckets", json.boolean("empty_buckets"));

  // Each item as a field name or a JSON object.
  std::vector<nlohmann::json> items;
  if (const nlohmann::json* facets = json.value("facets")) {
    if (facets->is_string()) {
      // The command line's list: names separated by commas.
      std::string_view rest = facets->get_ref<const std::string&>();
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        if (!parse_facet_field(name)) {
          invalid(
              "search options: \"facets\" lists source, year, month, day, author, lang or story, "
              "separated by commas");
        }
        items.emplace_back(std::string(name));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    } else if (facets->is_array()) {
      items = facets->get<std::vector<nlohmann::json>>();
    } else {
      json.wrong_type("facets",
                      "a string of field names (\"source,month\"), or an array of field names "
                      "and facet objects ([{\"field\": \"month\", \"empty_buckets\": true}])");
    }
  }

  std::vector<FacetRequest> requests;
  for (const nlohmann::json& item : items) {
    FacetRequest request;
    bool own_top = false, own_order = false, own_range = false, own_empty_buckets = false;
    if (item.is_string()) {
      request.field = parse_field_name(item.get_ref<const std::string&>());
    } else if (item.is_object()) {
      const JsonObject object(item, "search options: a facet of \"facets\"", kFacetRequestKeys);
      const auto field = object.string("field");
      if (!field)
        invalid("search options: a facet of \"facets\" needs its \"field\"");
      request.field = parse_field_name(*field);
      const std::string what = "search options: the " + *field + " facet";
      for (std::string_view key : {"from", "to", "empty_buckets"}) {
        if (object.has(key) && !is_date_field(request.field))
          ignored(what, key, "applies to date facets (year, month, day)");
      }
      if (auto n = object.count("top"))
        request.top = *n;
      if (auto o = object.string("order"))
        request.order = parse_facet_order(*o, what, "order");
      if (auto from = object.string("from"))
        request.from = std::move(*from);
      if (auto to = object.string("to"))
        request.to = std::move(*to);
      if (auto histogram = object.boolean("empty_buckets"))
        request.empty_buckets = *histogram;
      if (auto disjunctive = object.boolean("disjunctive"))
        request.disjunctive = *disjunctive;
      own_top = object.has("top");
      own_order = object.has("order");
      own_range = object.has("from") || object.has("to");
      own_empty_buckets = object.has("empty_buckets");
    } else {
      json.wrong_type("facets", "a string or an array of field names and facet objects");
    }
    const auto same_field = [&](const FacetRequest& r) { return r.field == request.field; };
    if (std::any_of(requests.begin(), requests.end(), same_field)) {
      invalid("search options: \"facets\" asks for the " +
              std::string(facet_field_name(request.field)) +
              " facet twice (the results name each facet by its field)");
    }

    const std::string_view not_dated = is_date_field(request.field) ? "" : "not a date facet";
    empty_buckets.offer(request.field, own_empty_buckets, not_dated,
                        [&](const bool& on) { request.empty_buckets = on; });
    range.offer(request.field, own_range, not_dated, [&](const auto& ends) {
      request.from = ends.first;
      request.to = ends.second;
    });
    // A histogram shows every bucket in date order: no top, no order.
    const std::string_view histogram =
        request.empty_buckets ? "a histogram (\"empty_buckets\") shows every bucket in date order"
                              : "";
    if (request.empty_buckets && (own_top || own_order)) {
      ignored("search options: the " + std::string(facet_field_name(request.field)) + " facet",
              own_top ? "top" : "order",
              "does nothing in a histogram (\"empty_buckets\"), which shows every bucket in "
              "date order");
    }
    top.offer(request.field, own_top, histogram, [&](const std::size_t& n) { request.top = n; });
    order.offer(request.field, own_order, histogram,
                [&](const FacetOrder& o) { request.order = o; });
    requests.push_back(std::move(request));
  }
  const bool any_request = !requests.empty();
  top.check_applied(any_request);
  order.check_applied(any_request);
  range.check_applied(any_request);
  empty_buckets.check_applied(any_request);
  return requests;
}

// An option given that would do nothing beside the others, as an error
// naming both: never silently ignored. (The facet options check themselves,
// in parse_facets().)
void check_applies(const JsonObject& json, const SearchOptions& options) {
  if (options.limit == 0) {
    const auto no_hits = [&](std::string_view key) {
      ignored(kSearchWhat, key, "applies to the hits, and \"limit\": 0 returns none");
    };
    if (options.offset > 0)
      no_hits("offset");
    if (options.sort != SortOrder::relevance)
      no_hits("sort");
    if (options.snippets.count > 0)
      no_hits("snippets");
    if (options.snippets.title)
      no_hits("highlight_title");
  }
  if (json.has("snippet_length") && options.snippets.count == 0)
    ignored(kSearchWhat, "snippet_length",
            "is the length of the snippets, and \"snippets\" asks for none");
  if (options.list_copies && !options.collapse)
    ignored(kSearchWhat, "list_copies",
            "lists the copies \"collapse\" folds into each hit, and \"collapse\" is not on");
  if (options.list_copies && options.limit == 0)
    ignored(kSearchWhat, "list_copies", "applies to the hits, and \"limit\": 0 returns none");
}

}  // namespace

IndexOptions parse_index_options(const char* options_json) {
  const JsonObject json(options_json, "index options", kIndexOptionKeys);
  IndexOptions options;
  if (auto language = json.string("language"))
    options.analyzer.language = std::move(*language);
  if (auto fold = json.boolean("fold_diacritics"))
    options.analyzer.fold_diacritics = *fold;
  if (auto per_article = json.boolean("article_languages"))
    options.analyzer.article_languages = *per_article;
  if (auto by_script = json.boolean("script_folding"))
    options.analyzer.script_folding = *by_script;
  if (auto wait = json.boolean("wait_for_lock"))
    options.wait_for_lock = *wait;
  if (auto partial = json.boolean("allow_partial"))
    options.allow_partial = *partial;
  for (const auto& [key, field] : {std::pair{"connect_timeout_ms", &IndexOptions::connect_timeout},
                                   std::pair{"remote_timeout_ms", &IndexOptions::remote_timeout}}) {
    if (auto ms = json.count(key)) {
      if (*ms == 0 || *ms > 86'400'000)
        invalid(std::string("index options: \"") + key + "\" must be 1 to 86400000 (a day)");
      options.*field = std::chrono::milliseconds(static_cast<std::int64_t>(*ms));
    }
  }
  return options;
}

namespace {

// "default_operator": "all" or "any", if given; `what` names the options in
// the error for anything else.
std::optional<DefaultOperator> default_operator(const JsonObject& json, std::string_view what) {
  const auto op = json.string("default_operator");
  if (!op)
    return std::nullopt;
  if (*op == "all")
    return DefaultOperator::all;
  if (*op != "any")
    invalid(std::string(what) + ": \"default_operator\" must be \"all\" or \"any\"");
  return DefaultOperator::any;
}

// "timeout_ms" as a deadline from now (the options are parsed as the work
// starts); none when absent or 0, and past a century, as good as none (no
// overflow of the clock).
std::chrono::steady_clock::time_point deadline_of(const JsonObject& json) {
  const auto timeout = json.count("timeout_ms");
  constexpr std::size_t kCentury = std::size_t{100} * 366 * 24 * 3600 * 1000;
  if (!timeout || *timeout == 0 || *timeout >= kCentury)
    return {};
  return std::chrono::steady_clock::now() +
         std::chrono::milliseconds(static_cast<std::int64_t>(*timeout));
}

// The search options of `json`, for `use`; `what` names them in errors.
SearchOptions search_options_of(const JsonObject& json, std::string_view what,
                                SearchOptionsUse use) {
  if (use != SearchOptionsUse::search) {
    const std::string_view why =
        use == SearchOptionsUse::explain
            ? "does nothing when explaining a query, which is not run (explain takes "
              "default_operator, aliases and max_wildcard_terms)"
            : "does nothing when highlighting an article, which runs no search (highlight "
              "takes default_operator, aliases and max_wildcard_terms)";
    for (std::string_view key : kSearchOptionKeys) {
      const bool shapes_the_query =
          std::find(std::begin(kQueryShapeKeys), std::end(kQueryShapeKeys), key) !=
          std::end(kQueryShapeKeys);
      if (json.has(key) && !shapes_the_query)
        ignored(what, key, why);
    }
  }
  SearchOptions options;
  if (auto offset = json.count("offset"))
    options.offset = *offset;
  if (auto limit = json.count("limit"))
    options.limit = *limit;
  if (auto op = default_operator(json, what))
    options.default_operator = *op;
  if (auto sort = json.string("sort")) {
    if (*sort == "relevance") {
      options.sort = SortOrder::relevance;
    } else if (*sort == "newest") {
      options.sort = SortOrder::newest;
    } else if (*sort == "oldest") {
      options.sort = SortOrder::oldest;
    } else {
      invalid("search options: \"sort\" must be \"relevance\", \"newest\" or \"oldest\"");
    }
  }
  if (auto aliases = json.boolean("aliases"))
    options.aliases = *aliases;
  if (auto max_terms = json.count("max_wildcard_terms"))
    options.max_wildcard_terms = *max_terms;
  if (auto below = json.count("suggest_below"))
    options.suggest_below = *below;
  if (auto snippets = json.count("snippets"))
    options.snippets.count = *snippets;
  if (auto length = json.count("snippet_length"))
    options.snippets.length = *length;
  if (auto title = json.boolean("highlight_title"))
    options.snippets.title = *title;
  options.facets = parse_facets(json);
  if (auto exact = json.boolean("exact_total"))
    options.exact_total = *exact;
  if (auto collapse = json.boolean("collapse"))
    options.collapse = *collapse;
  if (auto copies = json.boolean("list_copies"))
    options.list_copies = *copies;
  options.deadline = deadline_of(json);
  if (use == SearchOptionsUse::search)
    check_applies(json, options);
  return options;
}

}  // namespace

SearchOptions parse_search_options(const char* options_json, SearchOptionsUse use) {
  const std::string_view what = use == SearchOptionsUse::explain     ? "explain options"
                                : use == SearchOptionsUse::highlight ? "highlight options"
                                                                     : kSearchWhat;
  // Every search option is known to explain and highlight too, so that one
  // given there is told it does nothing rather than that it is unknown.
  const JsonObject json(options_json, what, kSearchOptionKeys);
  return search_options_of(json, what, use);
}

SimilarRequest parse_similar_options(const char* options_json) {
  constexpr std::string_view what = "similar options";
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> all(std::begin(kSearchOptionKeys), std::end(kSearchOptionKeys));
    all.insert(all.end(), std::begin(kSimilarOptionKeys), std::end(kSimilarOptionKeys));
    return all;
  }();
  const JsonObject json(options_json, what, keys);
  if (json.has("suggest_below"))
    ignored(what, "suggest_below", "does nothing: similar articles have no \"did you mean\"");
  SimilarRequest request;
  request.search = search_options_of(json, what, SearchOptionsUse::search);
  if (auto terms = json.count("terms"))
    request.similar.terms = *terms;  // Searcher::similar() checks its bounds
  if (auto duplicates = json.boolean("include_duplicates"))
    request.similar.include_duplicates = *duplicates;
  if (auto filter = json.string("filter"))
    request.similar.filter = std::move(*filter);
  if (request.similar.filter.empty()) {
    for (std::string_view key : kQueryShapeKeys) {
      if (json.has(key))
        ignored(what, key, "shapes the \"filter\" query, and none is given");
    }
  }
  return request;
}

IngestOptions parse_ingest_options(const char* options_json) {
  const JsonObject json(options_json, "ingest options", kIngestOptionKeys);
  IngestOptions options;
  if (auto manifest = json.string("manifest"))
    options.manifest = *manifest;
  if (auto aliases = json.string("aliases"))
    options.aliases = *aliases;
  if (auto batch_size = json.count("batch_size")) {
    if (*batch_size == 0)
      invalid("ingest options: \"batch_size\" must be 1 or more");
    options.batch_size = *batch_size;
  }
  if (auto threads = json.count("threads"))
    options.threads = static_cast<unsigned>(std::min<std::size_t>(*threads, 8));
  if (auto shards = json.boolean("shards"))
    options.shards = *shards;
  if (auto segment_size = json.count("segment_size"))
    options.segment_size = *segment_size;
  if (auto follow_links = json.boolean("follow_links"))
    options.follow_links = *follow_links;
  if (auto prune = json.boolean("prune"))
    options.prune = *prune;
  return options;
}

StoryListOptions parse_story_list_options(const char* options_json) {
  const JsonObject json(options_json, "story options", kStoryListOptionKeys);
  StoryListOptions options;
  if (auto offset = json.count("offset"))
    options.offset = *offset;
  if (auto limit = json.count("limit"))
    options.limit = *limit;
  if (auto op = default_operator(json, "story options"))
    options.default_operator = *op;
  if (auto aliases = json.boolean("aliases"))
    options.aliases = *aliases;
  options.deadline = deadline_of(json);
  if (options.limit == 0 && options.offset > 0)
    ignored("story options", "offset",
            "applies to the stories listed, and \"limit\": 0 lists none");
  return options;
}

Article parse_article(const char* article_json, ArticleFields fields) {
  const JsonObject json(article_json, "article", kArticleKeys);
  Article article;
  auto id = json.string("id");
  auto body = json.string("body");
  if (fields == ArticleFields::id_and_body_required && (!id || !body))
    invalid("article: \"id\" and \"body\" are required");
  article.id = std::move(id).value_or("");
  article.body = std::move(body).value_or("");
  article.title = json.string("title").value_or("");
  article.source = json.string("source").value_or("");
  article.date = json.string("date").value_or("");
  article.author = json.string("author").value_or("");
  article.url = json.string("url").value_or("");
  article.path = json.string("path").value_or("");
  article.lang = json.string("lang").value_or("");
  return article;
}

std::vector<Highlight> parse_highlights(const char* highlights_json) {
  std::vector<Highlight> highlights;
  if (highlights_json == nullptr)
    return highlights;
  const nlohmann::json json = nlohmann::json::parse(highlights_json, nullptr, false);
  const auto offset = [](const nlohmann::json& value) { return value.is_number_unsigned(); };
  const auto span = [&](const nlohmann::json& value) {
    return value.is_array() && value.size() == 2 && offset(value[0]) && offset(value[1]);
  };
  if (!json.is_array() || !std::all_of(json.begin(), json.end(), span)) {
    invalid("highlights: expected an array of [begin, end] byte offsets, [[0, 4], [10, 15]]");
  }
  for (const nlohmann::json& value : json) {
    highlights.push_back(Highlight{value[0].get<std::size_t>(), value[1].get<std::size_t>()});
  }
  return highlights;
}

}  // namespace byline::capi
