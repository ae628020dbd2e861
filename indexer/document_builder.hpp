// DocumentBuilder: an Article becomes a Xapian document laid out as
// engine/schema.hpp describes.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "byline/analyzer.hpp"
#include "byline/article.hpp"
#include "engine/sentences.hpp"

namespace byline::detail {

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const AnalyzerSettings& settings)
      : analyzer_(settings), sentences_(make_sentence_iterator()) {}

  // Throws Error(invalid_argument) for an id that is empty, longer than
  // schema::kMaxIdBytes or holds control characters, for a date that is
  // neither empty nor a valid "YYYY-MM-DD", and for a field that makes a term
  // longer than Xapian's 245-byte limit. An article without a language gets
  // the one detected from its text (stored with it), when detection is sure.
  [[nodiscard]] Xapian::Document build(const Article& article);

  // The analyzer documents are built with (the index's settings).
  [[nodiscard]] Analyzer& analyzer() noexcept { return analyzer_; }

 private:
  // Adds the terms of `tokens` (the analysis of `text`) from position
  // `first_position` on, and for the body keeps its resume points and
  // sentences (engine/resume_points.hpp) in body_resume_; returns the
  // number of positions used.
  Xapian::termpos index_text(Xapian::Document& doc, std::vector<Token>& tokens,
                             std::string_view text, Xapian::termpos first_position, bool is_title);

  // The stems that, in this article, stand for words other than themselves
  // ("run" of "running"), from the analysis of its title and body.
  void find_shared_stems(const std::vector<Token>& title, const std::vector<Token>& body);

  // The author field's terms and value (engine/schema.hpp).
  void index_authors(Xapian::Document& doc, std::string_view authors);

  // `prefix` + `value` in term_ (valid until the next call).
  const std::string& prefixed_term(std::string_view prefix, const std::string& value);

  Analyzer analyzer_;
  std::unique_ptr<icu::BreakIterator> sentences_;
  // Reused between documents (their allocations, that is): the wdf of each
  // exact term of the document being built, added to it once per distinct
  // term rather than once per occurrence; and a buffer for prefixed terms.
  std::unordered_map<std::string, Xapian::termcount> exact_wdf_;
  // The article's stems that other words share (find_shared_stems()): a
  // word that is its own stem gets positions of its own when its stem is
  // one of them, so that its stem's positions are never taken for its own.
  std::unordered_set<std::string> shared_stems_;
  std::string term_;
  // The body's resume points and sentences, stored with the article.
  std::string body_resume_;
};

// The unique id term of an article.
[[nodiscard]] std::string id_term(std::string_view id);

// How an article that build() refused is reported.
[[nodiscard]] std::string not_indexed_message(std::string_view id, std::string_view reason);

}  // namespace byline::detail
