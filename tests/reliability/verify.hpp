// What an index must satisfy after the indexing job was interrupted (killed,
// or starved of I/O): it opens, Xapian's checker finds no error, it holds
// exactly the articles of some whole number of batches -- every batch
// reported committed, at most the one in flight besides -- and each of
// those batches is searchable.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "engine/document_codec.hpp"
#include "process.hpp"
#include "workload.hpp"

namespace byline::test {

struct IndexVerdict {
  std::string problem;  // empty when the index is sound
  int batches = 0;      // whole batches it holds
};

// id -> body of every article in the index at `path`.
inline std::map<std::string, std::string> stored_articles(const std::filesystem::path& path) {
  std::map<std::string, std::string> out;
  Xapian::Database db(path.string());
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Article article = detail::decode_article(db.get_document(*it).get_data());
    out[article.id] = article.body;
  }
  return out;
}

// Runs xapian-check on the index: empty when it finds no error, else what it
// said. A separate process, because Xapian::Database::check() itself trips
// AddressSanitizer (a new/delete size mismatch inside libxapian 1.4.22).
inline std::string xapian_check(const std::filesystem::path& path) {
  Child child({"/usr/bin/xapian-check", path.string()}, "/dev/null");
  std::vector<std::string> lines;
  const auto ended = child.finish(&lines);
  std::string said;
  for (const auto& l : lines)
    said += l + "\n";
  if (ended.ok() && said.find("No errors found") != std::string::npos)
    return {};
  return "xapian-check (" + ended.describe() +
         "): " + said.substr(said.size() > 2000 ? said.size() - 2000 : 0);
}

// `reported`: how many batches the indexer said were committed.
inline IndexVerdict verify_index(const std::filesystem::path& path, int reported) {
  namespace workload = byline::test::workload;
  IndexVerdict verdict;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (reported > 0)
      verdict.problem = "the index is gone after " + std::to_string(reported) + " commits";
    return verdict;
  }
  verdict.problem = xapian_check(path);
  if (!verdict.problem.empty())
    return verdict;
  try {
    const Index index = Index::open(path);
    const auto stored = stored_articles(path);
    verdict.batches = -1;
    for (int m = reported; m <= std::min(reported + 1, workload::kBatches); ++m) {
      if (stored == workload::model(m)) {
        verdict.batches = m;
        break;
      }
    }
    if (verdict.batches < 0) {
      verdict.problem = "the index holds " + std::to_string(stored.size()) +
                        " articles, which are not those of " + std::to_string(reported) +
                        " (reported) or one more whole batches";
      return verdict;
    }
    Searcher searcher(index);
    SearchOptions options;
    options.limit = 1000;
    const auto live = workload::model(verdict.batches);
    for (int b = 0; b < verdict.batches; ++b) {
      std::set<std::string> expected;
      const std::string prefix = "b" + std::to_string(b) + "-";
      for (const auto& [id, body] : live) {
        if (id.starts_with(prefix))
          expected.insert(id);
      }
      std::set<std::string> found;
      for (const auto& hit : searcher.search(workload::batch_word(b), options).hits)
        found.insert(hit.id);
      if (found != expected) {
        verdict.problem = "searching " + workload::batch_word(b) + " finds " +
                          std::to_string(found.size()) + " articles, not " +
                          std::to_string(expected.size());
        return verdict;
      }
    }
  } catch (const Error& e) {
    verdict.problem = "reading the index: " + e.to_string();
  } catch (const Xapian::Error& e) {
    verdict.problem = "reading the index: " + e.get_description();
  }
  return verdict;
}

// The answers to a fixed set of queries, for comparing two indexes.
inline std::vector<std::string> query_answers(const std::filesystem::path& path) {
  namespace workload = byline::test::workload;
  const auto& words = workload::vocabulary();
  const std::vector<std::string> queries = {"common",
                                            "batch0",
                                            "batch17",
                                            "batch29",
                                            "rev5",
                                            words[0],
                                            words[7],
                                            words[1] + " " + words[2],
                                            "\"common batch3\"",
                                            "\"" + words[3] + " " + words[4] + "\"",
                                            words[5] + " " + words[6] + " " + words[8]};
  const Index index = Index::open(path);
  Searcher searcher(index);
  std::vector<std::string> answers;
  for (const auto op : {DefaultOperator::all, DefaultOperator::any}) {
    SearchOptions options;
    options.limit = 25;
    options.default_operator = op;
    for (const auto& q : queries) {
      const auto results = searcher.search(q, options);
      std::ostringstream out;
      out.precision(17);
      out << q << " total=" << results.total << ":";
      for (const auto& hit : results.hits)
        out << " " << hit.rank << "/" << hit.id << "/" << hit.score;
      answers.push_back(out.str());
    }
  }
  return answers;
}

}  // namespace byline::test
