#include "bench/query_classes.hpp"

namespace byline::bench {

const std::vector<QueryClass>& query_classes() {
  static const std::vector<QueryClass> classes = [] {
    std::vector<QueryClass> c;
    const auto add = [&](std::string name, SampleKind sample, std::string byline, bool any,
                         std::string xapian, std::string fts5, std::string lucene,
                         Extra extra = Extra::none) {
      QueryClass q;
      q.name = std::move(name);
      q.sample = sample;
      q.byline = std::move(byline);
      q.byline_any = any;
      q.xapian = std::move(xapian);
      q.fts5 = std::move(fts5);
      q.lucene = std::move(lucene);
      q.extra = extra;
      c.push_back(std::move(q));
    };
    add("term", SampleKind::one_word, "{a}", false, "{a}", "\"{a}\"", "{a}");
    add("and", SampleKind::two_words, "{a} {b}", false, "{a} AND {b}", "\"{a}\" AND \"{b}\"",
        "{a} AND {b}");
    add("or", SampleKind::two_words, "{a} {b}", true, "{a} OR {b}", "\"{a}\" OR \"{b}\"",
        "{a} OR {b}");
    add("phrase", SampleKind::adjacent, "\"{a} {b}\"", false, "\"{a} {b}\"", "\"{a} {b}\"",
        "\"{a} {b}\"");
    // Lucene: a sloppy phrase, the words at most 5 position moves apart.
    add("near5", SampleKind::adjacent, "{a} NEAR/5 {b}", false, "{a} NEAR/5 {b}",
        "NEAR(\"{a}\" \"{b}\", 5)", "\"{a} {b}\"~5");
    add("title+term", SampleKind::two_words, "title:{a} {b}", false, "title:{a} AND {b}",
        "title:\"{a}\" AND \"{b}\"", "title:{a} AND {b}");
    // The peers as set up here have no date field: byline only.
    add("date-range+term", SampleKind::one_word, "date:2005..2010 {a}", false, "", "", "");
    add("wildcard", SampleKind::prefix, "{a}*", false, "{a}*", "\"{a}\" *", "{a}*");
    // Neither Xapian 1.4 nor FTS5 has fuzzy matching; Lucene's is up to two
    // edits, as byline's for longer words.
    add("fuzzy", SampleKind::one_word, "{a}~", false, "", "", "{a}~");
    // The two-word OR of the "or" class, with exact counts per source and
    // month over all its matches (FTS5: two GROUP BY queries besides;
    // Lucene: SortedSetDocValues facets).
    add("facets(source,month)", SampleKind::two_words, "{a} {b}", true, "{a} OR {b}",
        "\"{a}\" OR \"{b}\"", "{a} OR {b}", Extra::facets);
    // One word, each of the 10 hits with a highlighted fragment as HTML
    // (Xapian: MSet::snippet; FTS5: snippet(); Lucene: UnifiedHighlighter).
    add("snippets(top-10)", SampleKind::one_word, "{a}", false, "{a}", "\"{a}\"", "{a}",
        Extra::snippets);
    return c;
  }();
  return classes;
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
