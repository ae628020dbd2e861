#include "bench/query_classes.hpp"

namespace byline::bench {

namespace {

// How one class is spelled, engine by engine; an empty template leaves the
// engine out.
struct Spelling {
  std::string byline, xapian, xapian_stem, fts5, lucene;
};

}  // namespace

std::string QueryClass::template_for(std::string_view engine) const {
  // byline over shards reads byline's query language.
  if (engine.starts_with("byline-"))
    engine = "byline";
  const auto it = templates.find(engine);
  return it == templates.end() ? std::string() : it->second;
}

const std::vector<QueryClass>& query_classes() {
  static const std::vector<QueryClass> classes = [] {
    std::vector<QueryClass> c;
    const auto add = [&](std::string name, SampleKind sample, bool any, const Spelling& spelling,
                         std::map<std::string, std::string, std::less<>> differs = {},
                         Extra extra = Extra::none) -> QueryClass& {
      QueryClass q;
      q.name = std::move(name);
      q.sample = sample;
      q.byline_any = any;
      const std::pair<const char*, const std::string*> engines[] = {
          {"byline", &spelling.byline},
          {"xapian", &spelling.xapian},
          {"xapian-stem", &spelling.xapian_stem},
          {"fts5", &spelling.fts5},
          {"lucene", &spelling.lucene}};
      for (const auto& [engine, text] : engines) {
        if (!text->empty())
          q.templates.emplace(engine, *text);
      }
      q.differs = std::move(differs);
      q.extra = extra;
      c.push_back(std::move(q));
      return c.back();
    };
    add("term", SampleKind::one_word, false, {"{a}", "{a}", "{a}", "\"{a}\"", "{a}"});
    add("and", SampleKind::two_words, false,
        {"{a} {b}", "{a} AND {b}", "{a} AND {b}", "\"{a}\" AND \"{b}\"", "{a} AND {b}"});
    add("or", SampleKind::two_words, true,
        {"{a} {b}", "{a} OR {b}", "{a} OR {b}", "\"{a}\" OR \"{b}\"", "{a} OR {b}"});
    // Every form of the words, side by side ("dirty hand" finds "dirty
    // hands"): plain Xapian's default layout keeps positions for the words
    // as written only, so its phrases ask the exact-phrase question instead.
    add("phrase", SampleKind::adjacent, false,
        {"\"{a} {b}\"", "\"{a} {b}\"", "\"{a} {b}\"", "\"{a} {b}\"", "\"{a} {b}\""},
        {{"xapian", "exact forms: its phrases match the words as written"}});
    // The words as written, side by side: byline's `=` against plain
    // Xapian's default phrase, the same question. The stemmed indexes of the
    // other peers cannot ask it.
    add("exact-phrase", SampleKind::adjacent, false, {"=\"{a} {b}\"", "\"{a} {b}\"", "", "", ""});
    // At most 5 words between the two, in either order. Xapian's NEAR/n is a
    // window of n + 1 positions for two words (at most n - 1 words between):
    // NEAR/6 is byline's NEAR/5. FTS5's NEAR(..., 5) and byline's agree.
    // Lucene: a sloppy phrase in each order, as "{a} {b}"~5 alone allows
    // only 3 words between when the order is reversed.
    add("near5", SampleKind::adjacent, false,
        {"{a} NEAR/5 {b}", "{a} NEAR/6 {b}", "{a} NEAR/6 {b}", "NEAR(\"{a}\" \"{b}\", 5)",
         "\"{a} {b}\"~5 OR \"{b} {a}\"~5"},
        {{"xapian", "exact forms: its NEAR matches the words as written"}});
    add("title+term", SampleKind::two_words, false,
        {"title:{a} {b}", "title:{a} AND {b}", "title:{a} AND {b}", "title:\"{a}\" AND \"{b}\"",
         "title:{a} AND {b}"});
    // 2005 to 2010 inclusive; the peers get it as a filter beside the query
    // (Request::dates).
    add("date-range+term", SampleKind::one_word, false,
        {"date:2005..2010 {a}", "{a}", "{a}", "\"{a}\"", "{a}"})
        .dates = DateRange{"2005-01-01", "2010-12-31"};
    // byline expands the prefix over the words as written, then searches
    // every form of each (their stems).
    add("wildcard", SampleKind::prefix, false, {"{a}*", "{a}*", "{a}*", "\"{a}\" *", "{a}*"},
        {{"xapian", "it searches the words the prefix expands to as written, not their stems"},
         {"xapian-stem", "its prefix expands over stems"},
         {"fts5", "its prefix expands over Porter stems"},
         {"lucene", "its prefix expands over Porter stems"}});
    // byline's fuzzy words: the words as written within 0 edits (up to 3
    // characters), 1 (up to 5) or 2, the closest and most used 50, then
    // every form of those. Xapian 1.4 and FTS5 have no fuzzy matching;
    // Lucene's peer asks the same question (LucenePeer.java).
    add("fuzzy", SampleKind::one_word, false, {"{a}~", "", "", "", "{a}~"});
    // The two-word OR of the "or" class, with exact counts per source and
    // month over all its matches (FTS5: two GROUP BY queries besides;
    // Lucene: SortedSetDocValues facets).
    add("facets(source,month)", SampleKind::two_words, true,
        {"{a} {b}", "{a} OR {b}", "{a} OR {b}", "\"{a}\" OR \"{b}\"", "{a} OR {b}"}, {},
        Extra::facets);
    // One word, each of the 10 hits with a highlighted fragment as HTML
    // (Xapian: MSet::snippet; FTS5: snippet(); Lucene: UnifiedHighlighter).
    // Not xapian-stem: MSet::snippet highlights a word only when it, or "Z"
    // and its stem, is a query term, and STEM_ALL's terms are bare stems, so
    // it would mark next to nothing and search the whole body for a fragment.
    add("snippets(top-10)", SampleKind::one_word, false, {"{a}", "{a}", "", "\"{a}\"", "{a}"}, {},
        Extra::snippets);
    return c;
  }();
  return classes;
}

std::string known_differences(std::string_view engine) {
  if (engine == "xapian" || engine == "xapian-stem")
    return "hyphens";
  if (engine == "fts5")
    return "Porter, apostrophes, hyphens";
  if (engine == "lucene")
    return "Porter, hyphens";
  return {};
}

const std::vector<std::string>& known_differences_legend() {
  static const std::vector<std::string> legend = {
      "Porter: FTS5's and Lucene's stemmer is Porter's, not Snowball's English (hourly: hourli, "
      "not hour; one: on, not one)",
      "apostrophes: FTS5's unicode61 splits don't into don and t",
      "hyphens: byline also indexes a hyphenated word joined (re-evaluate as reevaluate)"};
  return legend;
}

std::string render(std::string_view query_template, const Sample& sample) {
  std::string out;
  for (std::size_t i = 0; i < query_template.size(); ++i) {
    if (query_template.substr(i, 3) == "{a}") {
      out += sample.a;
      i += 2;
    } else if (query_template.substr(i, 3) == "{b}") {
      out += sample.b;
      i += 2;
    } else {
      out += query_template[i];
    }
  }
  return out;
}

}  // namespace byline::bench
