// Every option of the C++ API reaches the C API. Each field of each options
// struct is matched below with its key in the C API's JSON (or, for a
// callback, a flag or a stream, with what reaches it instead, or why
// nothing does), the keys of each table are exactly those the C API
// accepts (capi/option_parsers.hpp), and each key fills its field.
//
// A field added to a C++ struct without its key must fail this test, and
// C++20 has no reflection. So the test counts each struct's members: an
// aggregate takes at most as many initializers as it has members, and
// AnyField converts to any member's type, so the most AnyFields `T{...}`
// takes is the count (the structured-binding arity trick, without needing
// one binding declaration per count). Why it is robust:
// - The count can only come out too small, never too large (an initializer
//   past the last member is ill-formed), and a table's rows must equal it
//   exactly: a new field fails the test; a member of a type AnyField cannot
//   initialize would fail it too, loudly, never pass it silently.
// - A member that is itself an aggregate (SearchOptions::snippets) counts
//   once: brace elision never splits it, since AnyField converts to it
//   whole. Its own fields have a table of their own.
// - Counting alone would miss a field swapped for another: each row names
//   its field and checks that the key's value lands in it, and that the
//   defaults (no key) do not look the same.
// The end-to-end effect of each option (a histogram shows its empty
// months, ...) is tested through the C API itself: capi_test.c and
// test_capi.py.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.h"
#include "byline/byline.hpp"
#include "capi/option_parsers.hpp"
#include "test_support.hpp"

namespace {

using byline::capi::kArticleKeys;
using byline::capi::kFacetRequestKeys;
using byline::capi::kIndexOptionKeys;
using byline::capi::kIngestOptionKeys;
using byline::capi::kQueryShapeKeys;
using byline::capi::kSearchOptionKeys;

// Converts to the type of any member; named in unevaluated operands only.
struct AnyField {
  template <typename T>
  operator T() const;  // NOLINT(google-explicit-constructor): the point of it
};

template <typename T, typename... Fields>
consteval std::size_t field_count() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
    return field_count<T, Fields..., AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

// The counting itself, on structs whose members are known.
struct Plain {
  int a;
  std::string b;
};
struct Nested {
  Plain inner;
  std::vector<Plain> many;
  const bool* flag = nullptr;
  std::function<void()> callback;
};
static_assert(field_count<Plain>() == 2);
static_assert(field_count<Nested>() == 4);

// One key of the C API and what it must do: `example`, options JSON that
// gives it, parsed, makes `took` true; the defaults do not.
template <typename Parsed>
struct Key {
  std::string_view name;
  std::string example;
  std::function<bool(const Parsed&)> took;
};

// One field of a C++ struct: its keys, or (none) what reaches it instead.
template <typename Parsed>
struct Row {
  std::string_view field;
  std::vector<Key<Parsed>> keys;
  std::string_view instead;  // when there are no keys
};

template <typename Parsed>
using Table = std::vector<Row<Parsed>>;

// The rows of `table` are the fields of `Counted` (as many, each named once)
// and each key of theirs fills its field; returns the keys.
template <typename Counted, typename Parsed>
std::vector<std::string_view> check_table(std::string_view name, const Table<Parsed>& table,
                                          const std::function<Parsed(const char*)>& parse) {
  INFO("the fields of ", name);
  CHECK_MESSAGE(table.size() == field_count<Counted>(), "a field of ", name,
                " has no row here: give it a key in the C API ",
                "(capi/option_parsers.cpp), or say what reaches it instead");
  std::set<std::string_view> fields;
  std::vector<std::string_view> keys;
  const Parsed defaults = parse(nullptr);
  for (const Row<Parsed>& row : table) {
    INFO(name, "::", row.field);
    CHECK(fields.insert(row.field).second);
    CHECK((!row.keys.empty() || !row.instead.empty()));
    for (const Key<Parsed>& key : row.keys) {
      INFO("key \"", key.name, "\", as in ", key.example);
      keys.push_back(key.name);
      CHECK(nlohmann::json::parse(key.example).contains(key.name));
      CHECK(key.took(parse(key.example.c_str())));
      CHECK_FALSE(key.took(defaults));
    }
  }
  return keys;
}

void check_same_keys(std::vector<std::string_view> tested,
                     std::span<const std::string_view> accepted) {
  const std::set<std::string_view> tested_set(tested.begin(), tested.end());
  const std::set<std::string_view> accepted_set(accepted.begin(), accepted.end());
  CHECK(tested.size() == tested_set.size());  // no key twice
  for (std::string_view key : accepted_set) {
    INFO("key \"", key, "\" is accepted by the C API");
    CHECK_MESSAGE(tested_set.contains(key), "but no row of this test fills a field with it");
  }
  for (std::string_view key : tested_set) {
    INFO("key \"", key, "\" is in this test's rows");
    CHECK_MESSAGE(accepted_set.contains(key), "but the C API does not accept it");
  }
}

byline::SearchOptions search_options(const char* json) {
  return byline::capi::parse_search_options(json);
}

const Table<byline::SearchOptions> kSearchTable = {
    {"offset", {{"offset", R"({"offset": 5})", [](auto& o) { return o.offset == 5; }}}, {}},
    {"limit", {{"limit", R"({"limit": 3})", [](auto& o) { return o.limit == 3; }}}, {}},
    {"default_operator",
     {{"default_operator", R"({"default_operator": "any"})",
       [](auto& o) { return o.default_operator == byline::DefaultOperator::any; }}},
     {}},
    {"sort",
     {{"sort", R"({"sort": "oldest"})",
       [](auto& o) { return o.sort == byline::SortOrder::oldest; }}},
     {}},
    {"aliases", {{"aliases", R"({"aliases": false})", [](auto& o) { return !o.aliases; }}}, {}},
    {"max_wildcard_terms",
     {{"max_wildcard_terms", R"({"max_wildcard_terms": 7})",
       [](auto& o) { return o.max_wildcard_terms == 7; }}},
     {}},
    {"suggest_below",
     {{"suggest_below", R"({"suggest_below": 0})", [](auto& o) { return o.suggest_below == 0; }}},
     {}},
    // Facets as the command line asks for them; each FacetRequest field
    // also by its own name (kFacetTable).
    {"facets",
     {{"facets", R"({"facets": "month"})",
       [](auto& o) {
         return o.facets.size() == 1 && o.facets[0].field == byline::FacetField::month;
       }},
      {"facet_top", R"({"facets": "source", "facet_top": 2})",
       [](auto& o) { return !o.facets.empty() && o.facets[0].top == 2; }},
      {"facet_sort", R"({"facets": "source", "facet_sort": "value"})",
       [](auto& o) { return !o.facets.empty() && o.facets[0].order == byline::FacetOrder::value; }},
      {"facet_range", R"({"facets": "month", "facet_range": "2014-01..2014-06"})",
       [](auto& o) {
         return !o.facets.empty() && o.facets[0].from == "2014-01" && o.facets[0].to == "2014-06";
       }},
      {"empty_buckets", R"({"facets": "month", "empty_buckets": true})",
       [](auto& o) { return !o.facets.empty() && o.facets[0].empty_buckets; }}},
     {}},
    {"snippets", {}, "SnippetOptions, flattened into the search options (kSnippetTable)"},
    {"exact_total",
     {{"exact_total", R"({"exact_total": false})", [](auto& o) { return !o.exact_total; }}},
     {}},
    {"deadline",
     {{"timeout_ms", R"({"timeout_ms": 60000})",
       [](auto& o) { return o.deadline != std::chrono::steady_clock::time_point{}; }}},
     {}},
    {"cancel",
     {},
     "byline_searcher_interrupt(), which sets the flag each search of the searcher gets as "
     "`cancel`"},
    {"collapse", {{"collapse", R"({"collapse": true})", [](auto& o) { return o.collapse; }}}, {}},
    {"list_copies",
     {{"list_copies", R"({"collapse": true, "list_copies": true})",
       [](auto& o) { return o.list_copies; }}},
     {}},
};

const Table<byline::SearchOptions> kSnippetTable = {
    {"count",
     {{"snippets", R"({"snippets": 2})", [](auto& o) { return o.snippets.count == 2; }}},
     {}},
    {"length",
     {{"snippet_length", R"({"snippets": 1, "snippet_length": 80})",
       [](auto& o) { return o.snippets.length == 80; }}},
     {}},
    {"title",
     {{"highlight_title", R"({"highlight_title": true})",
       [](auto& o) { return o.snippets.title; }}},
     {}},
};

// A FacetRequest given as an object in the "facets" array.
byline::SearchOptions facet_object(const char* request_json) {
  if (request_json == nullptr)
    return search_options(nullptr);
  const std::string json = std::string(R"({"facets": [)") + request_json + "]}";
  return search_options(json.c_str());
}

bool first_facet(const byline::SearchOptions& o,
                 const std::function<bool(const byline::FacetRequest&)>& check) {
  return !o.facets.empty() && check(o.facets[0]);
}

const Table<byline::SearchOptions> kFacetTable = {
    {"field",
     {{"field", R"({"field": "month"})",
       [](auto& o) {
         return first_facet(o, [](auto& r) { return r.field == byline::FacetField::month; });
       }}},
     {}},
    {"top",
     {{"top", R"({"field": "source", "top": 3})",
       [](auto& o) { return first_facet(o, [](auto& r) { return r.top == 3; }); }}},
     {}},
    {"order",
     {{"order", R"({"field": "source", "order": "value"})",
       [](auto& o) {
         return first_facet(o, [](auto& r) { return r.order == byline::FacetOrder::value; });
       }}},
     {}},
    {"from",
     {{"from", R"({"field": "month", "from": "2014-01"})",
       [](auto& o) { return first_facet(o, [](auto& r) { return r.from == "2014-01"; }); }}},
     {}},
    {"to",
     {{"to", R"({"field": "month", "to": "2014-06"})",
       [](auto& o) { return first_facet(o, [](auto& r) { return r.to == "2014-06"; }); }}},
     {}},
    {"empty_buckets",
     {{"empty_buckets", R"({"field": "month", "empty_buckets": true})",
       [](auto& o) { return first_facet(o, [](auto& r) { return r.empty_buckets; }); }}},
     {}},
    {"disjunctive",
     {{"disjunctive", R"({"field": "source", "disjunctive": false})",
       [](auto& o) { return first_facet(o, [](auto& r) { return !r.disjunctive; }); }}},
     {}},
};

const Table<byline::IndexOptions> kIndexTable = {
    {"mode", {}, "the `mode` argument of byline_index_open(), one of BYLINE_OPEN_*"},
    {"analyzer", {}, "AnalyzerSettings, flattened into the index options (kAnalyzerTable)"},
    {"wait_for_lock",
     {{"wait_for_lock", R"({"wait_for_lock": true})", [](auto& o) { return o.wait_for_lock; }}},
     {}},
    {"connect_timeout",
     {{"connect_timeout_ms", R"({"connect_timeout_ms": 250})",
       [](auto& o) { return o.connect_timeout == std::chrono::milliseconds(250); }}},
     {}},
    {"allow_partial",
     {{"allow_partial", R"({"allow_partial": true})", [](auto& o) { return o.allow_partial; }}},
     {}},
    {"remote_timeout",
     {{"remote_timeout_ms", R"({"remote_timeout_ms": 750})",
       [](auto& o) { return o.remote_timeout == std::chrono::milliseconds(750); }}},
     {}},
};

const Table<byline::IndexOptions> kAnalyzerTable = {
    {"language",
     {{"language", R"({"language": "french"})",
       [](auto& o) { return o.analyzer.language == "french"; }}},
     {}},
    {"fold_diacritics",
     {{"fold_diacritics", R"({"fold_diacritics": false})",
       [](auto& o) { return !o.analyzer.fold_diacritics; }}},
     {}},
    {"article_languages",
     {{"article_languages", R"({"article_languages": false})",
       [](auto& o) { return !o.analyzer.article_languages; }}},
     {}},
    {"script_folding",
     {{"script_folding", R"({"script_folding": false})",
       [](auto& o) { return !o.analyzer.script_folding; }}},
     {}},
};

const Table<byline::IngestOptions> kIngestTable = {
    {"manifest",
     {{"manifest", R"({"manifest": "m.jsonl"})", [](auto& o) { return o.manifest == "m.jsonl"; }}},
     {}},
    {"aliases",
     {{"aliases", R"({"aliases": "a.txt"})", [](auto& o) { return o.aliases == "a.txt"; }}},
     {}},
    {"batch_size",
     {{"batch_size", R"({"batch_size": 5})", [](auto& o) { return o.batch_size == 5; }}},
     {}},
    {"threads", {{"threads", R"({"threads": 1})", [](auto& o) { return o.threads == 1; }}}, {}},
    {"shards", {{"shards", R"({"shards": false})", [](auto& o) { return !o.shards; }}}, {}},
    {"segment_size",
     {{"segment_size", R"({"segment_size": 100})", [](auto& o) { return o.segment_size == 100; }}},
     {}},
    {"follow_links",
     {{"follow_links", R"({"follow_links": true})", [](auto& o) { return o.follow_links; }}},
     {}},
    {"standard_input",
     {},
     "nothing: \"-\" reads the process's standard input (file descriptor 0), which a C program "
     "redirects itself"},
    {"on_diagnostic",
     {},
     "nothing as they happen: every diagnostic is in byline_ingest()'s summary at the end"},
    {"on_progress",
     {},
     "the `progress` callback of byline_ingest() (articles, bytes, path; not merging or "
     "total_bytes)"},
    {"stop", {}, "byline_ingest_stop(), which sets the flag byline_ingest() gives as `stop`"},
    {"prune", {{"prune", R"({"prune": true})", [](auto& o) { return o.prune; }}}, {}},
};

byline::Article article(const char* json) {
  return byline::capi::parse_article(json, byline::capi::ArticleFields::all_optional);
}

const Table<byline::Article> kArticleTable = {
    {"id", {{"id", R"({"id": "a1"})", [](auto& a) { return a.id == "a1"; }}}, {}},
    {"title", {{"title", R"({"title": "T"})", [](auto& a) { return a.title == "T"; }}}, {}},
    {"source", {{"source", R"({"source": "S"})", [](auto& a) { return a.source == "S"; }}}, {}},
    {"date",
     {{"date", R"({"date": "2014-09-15"})", [](auto& a) { return a.date == "2014-09-15"; }}},
     {}},
    {"author", {{"author", R"({"author": "J"})", [](auto& a) { return a.author == "J"; }}}, {}},
    {"url", {{"url", R"({"url": "u"})", [](auto& a) { return a.url == "u"; }}}, {}},
    {"path", {{"path", R"({"path": "p"})", [](auto& a) { return a.path == "p"; }}}, {}},
    {"lang", {{"lang", R"({"lang": "fr"})", [](auto& a) { return a.lang == "fr"; }}}, {}},
    {"body", {{"body", R"({"body": "B"})", [](auto& a) { return a.body == "B"; }}}, {}},
};

byline::capi::SimilarRequest similar_request(const char* json) {
  return byline::capi::parse_similar_options(json);
}

const Table<byline::capi::SimilarRequest> kSimilarTable = {
    {"terms", {{"terms", R"({"terms": 7})", [](auto& r) { return r.similar.terms == 7; }}}, {}},
    {"include_duplicates",
     {{"include_duplicates", R"({"include_duplicates": true})",
       [](auto& r) { return r.similar.include_duplicates; }}},
     {}},
    {"filter",
     {{"filter", R"({"filter": "date:2014"})",
       [](auto& r) { return r.similar.filter == "date:2014"; }}},
     {}},
};

byline::StoryListOptions story_list_options(const char* json) {
  return byline::capi::parse_story_list_options(json);
}

const Table<byline::StoryListOptions> kStoryListTable = {
    {"offset", {{"offset", R"({"offset": 5})", [](auto& o) { return o.offset == 5; }}}, {}},
    {"limit", {{"limit", R"({"limit": 3})", [](auto& o) { return o.limit == 3; }}}, {}},
    {"default_operator",
     {{"default_operator", R"({"default_operator": "any"})",
       [](auto& o) { return o.default_operator == byline::DefaultOperator::any; }}},
     {}},
    {"aliases", {{"aliases", R"({"aliases": false})", [](auto& o) { return !o.aliases; }}}, {}},
    {"deadline",
     {{"timeout_ms", R"({"timeout_ms": 60000})",
       [](auto& o) { return o.deadline != std::chrono::steady_clock::time_point{}; }}},
     {}},
    {"cancel",
     {},
     "byline_searcher_interrupt(), which sets the flag each listing of the searcher gets as "
     "`cancel`"},
};

std::vector<std::string_view> joined(std::vector<std::string_view> a,
                                     const std::vector<std::string_view>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The error for a misspelt key names it.
void check_unknown_key_named(const std::function<void(const char*)>& parse) {
  try {
    parse(R"({"no_such_option": 1})");
    FAIL("a misspelt key was accepted");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::invalid_argument);
    CHECK(std::string(e.what()).find("\"no_such_option\"") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("every field of SearchOptions and SnippetOptions has its search option key") {
  const auto keys = joined(check_table<byline::SearchOptions, byline::SearchOptions>(
                               "SearchOptions", kSearchTable, search_options),
                           check_table<byline::SnippetOptions, byline::SearchOptions>(
                               "SnippetOptions", kSnippetTable, search_options));
  check_same_keys(keys, kSearchOptionKeys);
  check_unknown_key_named([](const char* json) { (void)search_options(json); });
}

TEST_CASE("every field of SimilarOptions has its similar option key, beside the search's") {
  check_same_keys(check_table<byline::SimilarOptions, byline::capi::SimilarRequest>(
                      "SimilarOptions", kSimilarTable, similar_request),
                  byline::capi::kSimilarOptionKeys);
  check_unknown_key_named([](const char* json) { (void)similar_request(json); });
  // The search's options too, each as byline_search() reads it ("limit"),
  // but the one that does nothing here.
  CHECK(similar_request(R"({"limit": 3, "offset": 1})").search.offset == 1);
  CHECK(similar_request(R"({"facets": "source"})").search.facets.size() == 1);
  CHECK_THROWS_WITH_AS((void)similar_request(R"({"suggest_below": 1})"),
                       doctest::Contains("\"suggest_below\" does nothing"), byline::Error);
  // The query-shaping options shape the filter: without one, nothing.
  CHECK_THROWS_WITH_AS((void)similar_request(R"({"default_operator": "any"})"),
                       doctest::Contains("\"filter\""), byline::Error);
  CHECK(
      similar_request(R"({"default_operator": "any", "filter": "a b"})").search.default_operator ==
      byline::DefaultOperator::any);
}

TEST_CASE("every field of StoryListOptions has its story option key") {
  check_same_keys(check_table<byline::StoryListOptions, byline::StoryListOptions>(
                      "StoryListOptions", kStoryListTable, story_list_options),
                  byline::capi::kStoryListOptionKeys);
  check_unknown_key_named([](const char* json) { (void)story_list_options(json); });
  // An option that would do nothing is an error, as in the search options.
  CHECK_THROWS_WITH_AS((void)story_list_options(R"({"limit": 0, "offset": 2})"),
                       doctest::Contains("\"offset\" applies to the stories listed"),
                       byline::Error);
}

TEST_CASE("list_copies needs collapse, and hits to list the copies of") {
  CHECK_THROWS_WITH_AS((void)search_options(R"({"list_copies": true})"),
                       doctest::Contains("\"list_copies\" lists the copies \"collapse\""),
                       byline::Error);
  CHECK_THROWS_WITH_AS(
      (void)search_options(R"({"collapse": true, "list_copies": true, "limit": 0})"),
      doctest::Contains("\"list_copies\" applies to the hits"), byline::Error);
  // Collapsed without hits: the counts alone, which collapsing changes.
  CHECK(search_options(R"({"collapse": true, "limit": 0})").collapse);
}

TEST_CASE("every field of FacetRequest has its key in a facet object") {
  check_same_keys(check_table<byline::FacetRequest, byline::SearchOptions>(
                      "FacetRequest", kFacetTable, facet_object),
                  kFacetRequestKeys);
  check_unknown_key_named([](const char* json) { (void)facet_object(json); });
}

TEST_CASE("every field of IndexOptions and AnalyzerSettings has its index option key") {
  const auto parse = [](const char* json) { return byline::capi::parse_index_options(json); };
  const auto keys = joined(
      check_table<byline::IndexOptions, byline::IndexOptions>("IndexOptions", kIndexTable, parse),
      check_table<byline::AnalyzerSettings, byline::IndexOptions>("AnalyzerSettings",
                                                                  kAnalyzerTable, parse));
  check_same_keys(keys, kIndexOptionKeys);
  check_unknown_key_named(parse);
}

TEST_CASE("every field of IngestOptions has its ingest option key or its function") {
  const auto parse = [](const char* json) { return byline::capi::parse_ingest_options(json); };
  check_same_keys(check_table<byline::IngestOptions, byline::IngestOptions>("IngestOptions",
                                                                            kIngestTable, parse),
                  kIngestOptionKeys);
  check_unknown_key_named(parse);
}

TEST_CASE("every field of Article has its key in a JSON article") {
  check_same_keys(check_table<byline::Article, byline::Article>("Article", kArticleTable, article),
                  kArticleKeys);
  check_unknown_key_named([](const char* json) { (void)article(json); });
}

TEST_CASE("explain and highlight take the options that shape the query and no other") {
  for (const auto use :
       {byline::capi::SearchOptionsUse::explain, byline::capi::SearchOptionsUse::highlight}) {
    for (std::string_view key : kSearchOptionKeys) {
      const bool shapes = std::find(std::begin(kQueryShapeKeys), std::end(kQueryShapeKeys), key) !=
                          std::end(kQueryShapeKeys);
      // This key alone, with the value of the tables' example for it.
      nlohmann::json given = nlohmann::json::object();
      for (const auto* table : {&kSearchTable, &kSnippetTable}) {
        for (const auto& row : *table) {
          for (const auto& k : row.keys) {
            if (k.name == key)
              given[std::string(key)] = nlohmann::json::parse(k.example).at(std::string(key));
          }
        }
      }
      INFO("key \"", key, "\": ", given.dump());
      REQUIRE(given.size() == 1);
      const std::string json = given.dump();
      if (shapes) {
        CHECK_NOTHROW((void)byline::capi::parse_search_options(json.c_str(), use));
      } else {
        CHECK_THROWS_WITH_AS((void)byline::capi::parse_search_options(json.c_str(), use),
                             doctest::Contains("does nothing"), byline::Error);
      }
    }
  }
}

// The ranges the shell's :open marks, through the C API and the C++ API.
TEST_CASE("byline_highlight_json returns what Searcher::highlight finds") {
  const byline::test::TempDir dir;
  const std::string path = (dir / "index").string();
  byline::Article a;
  a.id = "h1";
  a.title = "Ceasefire talks in Geneva";
  a.lang = "en";
  a.body =
      "The ceasefire held overnight. Talks on a lasting ceasefire resume in Geneva; "
      "négociateurs said the ceasefire held.";
  {
    byline::Index index =
        byline::Index::open(path, byline::test::options_for(byline::OpenMode::create_or_open));
    byline::Writer writer(index);
    writer.add(a);
    writer.commit();
  }
  const byline::Index index = byline::Index::open(path);
  byline::Searcher searcher(index);

  byline_index* c_index = nullptr;
  byline_searcher* c_searcher = nullptr;
  REQUIRE(byline_index_open(path.c_str(), BYLINE_OPEN_READ_ONLY, nullptr, &c_index) == BYLINE_OK);
  REQUIRE(byline_searcher_new(c_index, &c_searcher) == BYLINE_OK);
  char* article_json = nullptr;
  REQUIRE(byline_article_json(c_searcher, "h1", &article_json) == BYLINE_OK);

  const auto spans = [](const std::vector<byline::Highlight>& highlights) {
    nlohmann::json out = nlohmann::json::array();
    for (const byline::Highlight& h : highlights)
      out.push_back({h.begin, h.end});
    return out;
  };
  for (const auto& [query, options] : std::vector<std::pair<std::string, std::string>>{
           {"\"ceasefire held\"", "null"},
           {"ceasefire geneva", R"({"default_operator": "any"})"},
           {"title:talks OR ceasefir*", "null"}}) {
    INFO(query, " ", options);
    byline::SearchOptions cpp_options;
    cpp_options.default_operator =
        options == "null" ? byline::DefaultOperator::all : byline::DefaultOperator::any;
    const byline::ArticleHighlights expected = searcher.highlight(query, a, cpp_options);
    char* json = nullptr;
    REQUIRE(byline_highlight_json(c_searcher, query.c_str(), article_json,
                                  options == "null" ? nullptr : options.c_str(),
                                  &json) == BYLINE_OK);
    const nlohmann::json found = nlohmann::json::parse(json);
    byline_free(json);
    CHECK(found ==
          nlohmann::json{{"title", spans(expected.title)}, {"body", spans(expected.body)}});
    CHECK(!expected.body.empty());
  }
  byline_free(article_json);
  byline_searcher_free(c_searcher);
  byline_index_close(c_index);
}
