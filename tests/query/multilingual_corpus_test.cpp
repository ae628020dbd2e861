// The mixed-language corpus (tests/fixtures/multilingual/): fifty short articles in
// thirteen languages, half with their language given and half left to
// detection, searched with the queries of queries.tsv, each with the exact
// set of articles a reader of that language expects it to find.
#include <doctest/doctest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

namespace {

using IdSet = std::set<std::string>;

std::filesystem::path corpus_file(std::string_view name) {
  return std::filesystem::path(BYLINE_SOURCE_DIR) / "tests" / "fixtures" / "multilingual" / name;
}

// One line of a TSV file, split at tabs, with its 1-based line number.
struct Row {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// The rows of a TSV file; blank lines and "#" comments left out.
std::vector<Row> read_tsv(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot read " << path);
  std::vector<Row> rows;
  std::size_t number = 0;
  for (std::string text; std::getline(in, text);) {
    ++number;
    if (text.empty() || text.front() == '#')
      continue;
    Row row{number, {}};
    std::size_t start = 0;
    for (std::size_t tab; (tab = text.find('\t', start)) != std::string::npos; start = tab + 1)
      row.fields.push_back(text.substr(start, tab - start));
    row.fields.push_back(text.substr(start));
    rows.push_back(std::move(row));
  }
  return rows;
}

IdSet split_ids(const std::string& text) {
  IdSet ids;
  std::istringstream in(text);
  for (std::string id; in >> id;)
    ids.insert(id);
  return ids;
}

std::string joined(const IdSet& ids) {
  std::string out;
  for (const std::string& id : ids)
    out += (out.empty() ? "" : " ") + id;
  return out.empty() ? "(none)" : out;
}

// The articles of articles.jsonl: id -> whether the line gives its "lang".
std::map<std::string, bool> corpus_articles() {
  std::ifstream in(corpus_file("articles.jsonl"));
  REQUIRE(in);
  std::map<std::string, bool> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty())
      continue;
    const auto object = nlohmann::json::parse(line);
    out[object.at("id").get<std::string>()] = object.contains("lang");
  }
  return out;
}

// An index of the corpus, built once for all the cases here.
class MultilingualIndex {
 public:
  MultilingualIndex() {
    auto index = byline::test::create_index(path());
    byline::Writer writer(index);
    const auto summary = byline::ingest(writer, {corpus_file("articles.jsonl").string()});
    std::string problems;
    for (const auto& d : summary.diagnostics)
      problems += "line " + std::to_string(d.line) + ": " + d.message + "\n";
    // No warnings either: every field of the corpus is one the reader knows.
    REQUIRE_MESSAGE(summary.diagnostics.empty(), problems);
    REQUIRE(summary.indexed == corpus_articles().size());
  }
  [[nodiscard]] std::filesystem::path path() const { return dir_ / "idx"; }

 private:
  byline::test::TempDir dir_;
};

const MultilingualIndex& corpus_index() {
  static const MultilingualIndex instance;
  return instance;
}

byline::SearchResults search(std::string_view query) {
  auto index = byline::Index::open(corpus_index().path());
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 1000;
  options.exact_total = true;
  return searcher.search(query, options);
}

}  // namespace

// Each row: the query, the articles a reader wants (sorted ids), and, for a
// query byline is known to answer otherwise, byline's answer and why (a
// limit of Snowball's stemmers or of one stem space for all languages:
// docs/indexing.md, "Text analysis"). Those rows are checked against byline's answer,
// so that any change to it shows here; all rows count in the precision and
// recall printed against what readers want.
TEST_CASE("multilingual corpus: every query of the table finds exactly the articles it lists") {
  const auto rows = read_tsv(corpus_file("queries.tsv"));
  REQUIRE(rows.size() >= 40);
  std::size_t ideal = 0;
  std::size_t wanted = 0, found_total = 0, found_wanted = 0;
  for (const Row& row : rows) {
    INFO("queries.tsv:" << row.line << ": " << row.fields.front());
    REQUIRE((row.fields.size() == 2 || row.fields.size() == 4));
    const IdSet expected = split_ids(row.fields[1]);
    const bool known_difference = row.fields.size() == 4;
    byline::SearchResults results;
    try {
      results = search(row.fields[0]);
    } catch (const byline::Error& e) {
      FAIL_CHECK("error: " << e.what());
      continue;
    }
    IdSet found;
    for (const auto& hit : results.hits)
      found.insert(hit.id);
    CHECK(results.total_exact);
    CHECK_MESSAGE(results.total == found.size(), "total " << results.total);
    const IdSet answer = known_difference ? split_ids(row.fields[2]) : expected;
    CHECK(joined(found) == joined(answer));
    ideal += found == expected;
    wanted += expected.size();
    found_total += found.size();
    for (const std::string& id : found)
      found_wanted += expected.count(id);
  }
  const double precision = found_total == 0 ? 1.0 : double(found_wanted) / double(found_total);
  const double recall = wanted == 0 ? 1.0 : double(found_wanted) / double(wanted);
  const double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  MESSAGE(ideal << " of " << rows.size() << " queries find exactly what readers want; hits: "
                << "precision " << precision << ", recall " << recall << ", F1 " << f1);
}

TEST_CASE("multilingual corpus: articles without a lang field are detected (95% at least)") {
  const auto given = corpus_articles();
  std::map<std::string, std::string> truth;
  for (const Row& row : read_tsv(corpus_file("languages.tsv"))) {
    REQUIRE(row.fields.size() == 2);
    truth[row.fields[0]] = row.fields[1];
  }
  std::map<std::string, std::string> stored;
  for (const auto& hit : search("*").hits)
    stored[hit.id] = hit.lang;
  REQUIRE(stored.size() == given.size());

  // Per language, over the detected articles: right, detected as another
  // (or as none), and others detected as this one.
  struct Counts {
    std::size_t right = 0, missed = 0, wrong = 0;
  };
  std::map<std::string, Counts> counts;
  std::size_t detected = 0;
  std::size_t right = 0;
  std::string misses;
  for (const auto& [id, has_lang] : given) {
    INFO("article " << id);
    REQUIRE(truth.contains(id));
    const std::string& language = truth.at(id);
    const std::string& found = stored.at(id);
    if (has_lang) {
      CHECK(found == language);  // a given language is stored as given
      continue;
    }
    ++detected;
    if (found == language) {
      ++right;
      ++counts[language].right;
    } else {
      ++counts[language].missed;
      if (!found.empty())
        ++counts[found].wrong;
      misses += " " + id + " as " + (found.empty() ? "(none)" : found) + ";";
    }
  }
  REQUIRE(detected >= given.size() / 3);

  std::ostringstream table;
  table << "language detection of the " << detected << " articles without a lang field:\n";
  for (const auto& [language, c] : counts) {
    const std::size_t said = c.right + c.wrong;
    const std::size_t real = c.right + c.missed;
    table << "  " << language << "  precision " << c.right << "/" << said << "  recall " << c.right
          << "/" << real << "\n";
  }
  const double accuracy = static_cast<double>(right) / static_cast<double>(detected);
  table << "  accuracy " << right << "/" << detected << " = " << accuracy * 100 << "%";
  if (!misses.empty())
    table << "; missed:" << misses;
  MESSAGE(table.str());
  CHECK(accuracy >= 0.95);
}
