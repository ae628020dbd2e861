// What the index knows of a hit's body, for its snippets: where the words
// the query looks for stand (Xapian's positional data) and where the body's
// analysis may resume midway (engine/resume_points.hpp). With both, the
// highlighter analyses only the stretches of the body around the matches
// instead of all of it, and checks that it finds the words where the index
// has them (query/highlighter.hpp).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "byline/analyzer.hpp"
#include "engine/resume_points.hpp"
#include "query/compiler.hpp"

namespace byline::detail {

struct IndexedBody {
  std::vector<ResumePoint> resume;
  // The body's sentence boundaries, from indexes of format 3 on.
  std::optional<std::vector<std::uint32_t>> sentences;
  // Each stem the query looks for in the body, with its word positions in
  // the body's analysis, sorted; empty when the body lacks it.
  std::unordered_map<std::string, std::vector<std::uint32_t>> positions;
};

class IndexedBodyReader {
 public:
  // The stems of `patterns` that apply to the body.
  explicit IndexedBodyReader(const std::vector<MatchPattern>& patterns);

  // For each of `docids` (the hits, in their order): what the index knows
  // of its body, or nullopt when the whole body must be analysed: the query
  // looks for exact forms in the body (they have no positions), the document
  // has no resume points (a short body, or an index made before them), or a
  // stem the query looks for occurs as the joined form of a compound
  // ("e-mail" for "email"), which has no position. `body_resumes`: each
  // hit's, as stored with its article (StoredArticle::body_resume); where
  // nullopt, an article stored before index format 3, read from its value.
  [[nodiscard]] std::vector<std::optional<IndexedBody>> read(
      const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
      const std::vector<std::optional<std::string>>& body_resumes) const;

 private:
  [[nodiscard]] std::vector<std::optional<IndexedBody>> read_positions(
      const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
      const std::vector<std::optional<std::string>>& body_resumes) const;

  std::vector<std::string> terms_;  // prefixed, sorted
  bool usable_ = true;
};

// The tokens of the stretches of `text` (the body as stored) between resume
// points that hold a position of `indexed`, as the whole analysis has them
// there; nullopt when they do not hold the query's stems exactly where
// `indexed` says, and nowhere else: then the whole body must be analysed.
// `language` is the article's (Analyzer::analyze()).
[[nodiscard]] std::optional<std::vector<Token>> tokens_around_matches(
    Analyzer& analyzer, std::string_view text, const IndexedBody& indexed,
    std::string_view language = {});

}  // namespace byline::detail
