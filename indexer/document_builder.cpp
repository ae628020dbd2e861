#include "indexer/document_builder.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "byline/error.hpp"
#include "engine/document_codec.hpp"
#include "engine/field_keys.hpp"
#include "engine/resume_points.hpp"
#include "engine/schema.hpp"
#include "engine/sentences.hpp"
#include "indexer/language_detection.hpp"
#include "indexer/near_duplicates.hpp"
#include "indexer/page_metadata.hpp"
#include "indexer/story_features.hpp"

namespace byline::detail {

namespace {

std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  term += value;
  return term;
}

void check_id(std::string_view id) {
  if (id.empty())
    throw Error(Error::Kind::invalid_argument, "article has an empty id");
  if (id.size() > schema::kMaxIdBytes) {
    throw Error(Error::Kind::invalid_argument, "article id is " + std::to_string(id.size()) +
                                                   " bytes long; the limit is " +
                                                   std::to_string(schema::kMaxIdBytes));
  }
  if (std::any_of(id.begin(), id.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    throw Error(Error::Kind::invalid_argument, "article id holds control characters");
  }
}

// Xapian refuses terms over 245 bytes, and counts each NUL byte twice.
constexpr std::size_t kMaxTermBytes = 245;

std::size_t xapian_term_length(const std::string& term) {
  std::size_t length = term.size();
  for (const char c : term)
    length += c == '\0' ? 1 : 0;
  return length;
}

// Refused here, before a Writer's batch is touched: Xapian would throw in
// the middle of replace_document().
void check_term_lengths(const Xapian::Document& doc, const std::string& id) {
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    if (xapian_term_length(*term) > kMaxTermBytes) {
      throw Error(Error::Kind::invalid_argument,
                  "article " + id + " has a field that makes a term of " +
                      std::to_string((*term).size()) + " bytes; Xapian's limit is " +
                      std::to_string(kMaxTermBytes));
    }
  }
}

// The article's language: as given ("en-GB" read as "en"; a value that is
// no language tag kept as written, lower case), else as detected from its
// text, else none (then it is stemmed in the index's language).
std::string article_language(const Article& article) {
  if (!article.lang.empty()) {
    if (std::string code = language_code(article.lang); !code.empty())
      return code;
    std::string lang = article.lang;
    std::transform(lang.begin(), lang.end(), lang.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lang;
  }
  // The title too: a body that opens with names and acronyms (CLD2 calls
  // such a stretch unreliable) is told by its headline. The body's first
  // 2 KiB are plenty for CLD2 (it wants a few hundred bytes) and cost a
  // quarter of what a whole 3 KB article does (measured: ~60 against
  // ~250 µs).
  constexpr std::size_t kEnoughBody = 2 * 1024;
  std::string text = article.title;
  text += "\n";
  text.append(article.body, 0, std::min(article.body.size(), kEnoughBody));
  return detect_language(text);
}

}  // namespace

std::string id_term(std::string_view id) {
  return prefixed(schema::prefix::kId, id);
}

std::string not_indexed_message(std::string_view id, std::string_view reason) {
  return "article \"" + std::string(id) + "\" not indexed: " + std::string(reason);
}

const std::string& DocumentBuilder::prefixed_term(std::string_view prefix,
                                                  const std::string& value) {
  term_.assign(prefix);
  term_ += value;
  return term_;
}

void DocumentBuilder::find_shared_stems(const std::vector<Token>& title,
                                        const std::vector<Token>& body) {
  shared_stems_.clear();
  for (const auto* tokens : {&title, &body}) {
    for (const Token& token : *tokens) {
      if (token.stem != token.term)
        shared_stems_.insert(token.stem);
      if (!token.accented_stem.empty() && token.accented_stem != token.term)
        shared_stems_.insert(token.accented_stem);
    }
  }
}

Xapian::termpos DocumentBuilder::index_text(Xapian::Document& doc, std::vector<Token>& tokens,
                                            std::string_view text, Xapian::termpos first_position,
                                            bool is_title) {
  const Xapian::termcount wdf = is_title ? 1 + schema::kTitleWdfBoost : 1;
  Xapian::termpos used = 0;
  if (!is_title) {
    BodyResume resume{static_cast<std::uint32_t>(first_position),
                      choose_resume_points(tokens, text), std::nullopt};
    // A short body (no point) is analysed whole, and quickly.
    if (!resume.points.empty()) {
      resume.sentences = sentence_boundaries(*sentences_, text);
      body_resume_ = encode_body_resume(resume);
    }
  }
  for (Token& token : tokens) {
    if (token.joined) {
      // The exact form of a compound's joined form exists as a term but
      // counts no occurrence: the exact form's wdf is then its number of
      // positioned occurrences, which an exact phrase's check relies on
      // (query/positional_filter.cpp).
      exact_wdf_.try_emplace(token.term, 0);
      // A compound's joined form ("alqaeda") matches as a word, not inside
      // phrases: it has no position of its own.
      doc.add_term(prefixed_term(schema::prefix::kStem, token.stem), wdf);
      if (is_title)
        doc.add_term(prefixed_term(schema::prefix::kTitle, token.stem));
      if (!token.accented_stem.empty()) {
        doc.add_term(prefixed_term(schema::prefix::kStem, token.accented_stem), wdf);
        if (is_title)
          doc.add_term(prefixed_term(schema::prefix::kTitle, token.accented_stem));
      }
      continue;
    }
    const Xapian::termpos pos = first_position + token.position;
    used = token.position + 1;
    // The exact form has positions where it differs from the stem
    // ("officials", stem "offici"), or where other words of the article
    // share its stem ("run" beside "running"); elsewhere ("said") the
    // stem's positions are all its own. Exact phrases are then matched on
    // positions, for a fifth more index rather than the double that
    // positions for both forms of every word cost.
    if (token.term != token.stem || shared_stems_.contains(token.term))
      doc.add_posting(prefixed_term(schema::prefix::kExact, token.term), pos);
    else
      ++exact_wdf_[token.term];  // no positions: added with its count in build()
    doc.add_posting(prefixed_term(schema::prefix::kStem, token.stem), pos, wdf);
    if (is_title)
      doc.add_posting(prefixed_term(schema::prefix::kTitle, token.stem), pos);
    // The stem of the word with its accents, where it differs (Token):
    // at the same position, so that phrases find either.
    if (!token.accented_stem.empty()) {
      doc.add_posting(prefixed_term(schema::prefix::kStem, token.accented_stem), pos, wdf);
      if (is_title)
        doc.add_posting(prefixed_term(schema::prefix::kTitle, token.accented_stem), pos);
    }
  }
  return used;
}

void DocumentBuilder::index_authors(Xapian::Document& doc, std::string_view authors) {
  Xapian::termpos next = 1;
  for (const std::string_view name : author_names(authors)) {
    const std::string key = author_key(analyzer_, name);
    if (!key.empty())
      doc.add_boolean_term(prefixed(schema::prefix::kAuthor, key));
    Xapian::termpos used = 0;
    for (const Token& word : analyzer_.analyze(name)) {
      // A compound's joined form ("jeanluc" of "Jean-Luc") matches as a
      // word, without a position; no wdf either way (see schema.hpp).
      if (word.joined) {
        doc.add_boolean_term(prefixed(schema::prefix::kAuthorWord, word.term));
        continue;
      }
      doc.add_posting(prefixed_term(schema::prefix::kAuthorWord, word.term), next + word.position,
                      0);
      used = word.position + 1;
    }
    next += used + schema::kAuthorNameGap;
  }
  doc.add_value(schema::slot::kAuthor, std::string(authors));
}

Xapian::Document DocumentBuilder::build(const Article& article) {
  check_id(article.id);
  std::optional<DateKeys> date;
  if (!article.date.empty()) {
    date = date_keys(article.date);
    if (!date) {
      throw Error(Error::Kind::invalid_argument, "article " + article.id + " has date '" +
                                                     article.date +
                                                     "', which is not a valid YYYY-MM-DD date");
    }
  }

  const std::string lang = article_language(article);

  Xapian::Document doc;
  doc.add_boolean_term(id_term(article.id));

  exact_wdf_.clear();
  body_resume_.clear();
  std::vector<Token> title = analyzer_.analyze(article.title, lang);
  std::vector<Token> body = analyzer_.analyze(article.body, lang);
  find_shared_stems(title, body);
  // What near-duplicates and stories compare (docs/stories.md); the group
  // and the story themselves are given at commit (indexer/story_assignment.hpp),
  // against the rest of the index. Until then the article is a group of its
  // own.
  if (const TextFingerprint print = fingerprint(body); print.shingles > 0)
    doc.add_value(schema::slot::kFingerprint, encode_fingerprint(print));
  doc.add_value(schema::slot::kDuplicateGroup, article.id);
  const Xapian::termpos title_positions = index_text(doc, title, article.title, 1, true);
  // Body positions start well after the title's, so no phrase spans the two.
  const Xapian::termpos body_start = 1 + title_positions + schema::kBodyPositionGap;
  index_text(doc, body, article.body, body_start, false);
  doc.add_value(schema::slot::kBodyStart, std::to_string(body_start));
  // Exact forms count 1 per occurrence, in the title as in the body.
  for (const auto& [term, count] : exact_wdf_) {
    doc.add_term(
        schema::prefix::kExact.empty() ? term : prefixed_term(schema::prefix::kExact, term), count);
  }

  if (!article.source.empty()) {
    const std::string key = source_key(analyzer_, article.source);
    if (!key.empty())
      doc.add_boolean_term(prefixed(schema::prefix::kSource, key));
    for (const Token& word : analyzer_.analyze(article.source)) {
      if (!word.joined)
        doc.add_boolean_term(prefixed(schema::prefix::kSourceWord, word.term));
    }
    doc.add_value(schema::slot::kSource, article.source);
  }
  if (!article.author.empty())
    index_authors(doc, article.author);
  if (date) {
    doc.add_boolean_term(prefixed(schema::prefix::kDay, date->day));
    doc.add_boolean_term(prefixed(schema::prefix::kMonth, date->month));
    doc.add_boolean_term(prefixed(schema::prefix::kYear, date->year));
    doc.add_value(schema::slot::kDate, date->day);
  }
  if (!lang.empty()) {
    doc.add_boolean_term(prefixed(schema::prefix::kLang, lang));
    doc.add_value(schema::slot::kLang, lang);  // the lang facet
  }

  const auto store = [&](const Article& stored) {
    doc.set_data(encode_article(stored, body_resume_));
    doc.add_value(schema::slot::kFields, encode_fields(stored));
    doc.add_value(schema::slot::kStoryFeatures,
                  encode_story_features(story_features(analyzer_, stored)));
  };
  if (lang != article.lang) {
    Article stored = article;
    stored.lang = lang;
    store(stored);
  } else {
    store(article);
  }
  check_term_lengths(doc, article.id);
  return doc;
}

}  // namespace byline::detail
