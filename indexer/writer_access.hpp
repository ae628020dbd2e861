// How ingest() splits Writer::add() in two: analysing an article into a
// Xapian document (the costly, self-contained half, which may run on another
// thread) and adding that document to the Writer's batch.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>

#include "byline/article.hpp"
#include "byline/writer.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/story_regroup.hpp"

namespace byline::detail {

// An article made into a document, ready to add. A document belongs to one
// thread at a time: hand it over by moving it, never share it.
struct PreparedArticle {
  std::string id;
  std::string id_term;
  Xapian::Document document;
};

// Throws Error(invalid_argument) for what Writer::add() refuses (see
// DocumentBuilder::build); nothing else.
[[nodiscard]] PreparedArticle prepare_article(DocumentBuilder& builder, const Article& article);

struct WriterAccess {
  // Writer::add() after the preparation: the same outcome and errors.
  static AddOutcome add(Writer& writer, PreparedArticle prepared);
  // What articles for this Writer are analysed with (the index's settings).
  static const AnalyzerSettings& analyzer_settings(const Writer& writer);
  // The Writer's index, for reading its committed state.
  static Index& index(Writer& writer);
  // No articles, committed or not, and no uncommitted change either.
  static bool empty_and_clean(Writer& writer);
  // IndexAccess::swap_in(), then a new batch begun on the swapped-in index.
  static bool swap_in(Writer& writer, const std::filesystem::path& built);
  // What the Writer's commits have assigned so far.
  static StoryOutcome stories_assigned(const Writer& writer);
};

}  // namespace byline::detail
