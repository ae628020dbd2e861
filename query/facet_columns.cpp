#include "query/facet_columns.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "engine/field_keys.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

// Each name's ordinal (its index in `names`, of which the first is none).
std::unordered_map<std::string, FacetColumns::Ordinal> ordinals_by_name(
    const std::vector<std::string>& names) {
  std::unordered_map<std::string, FacetColumns::Ordinal> out;
  for (std::size_t i = 1; i < names.size(); ++i)
    out.emplace(names[i], static_cast<FacetColumns::Ordinal>(i));
  return out;
}

FacetColumns::Ordinal ordinal_in(const std::unordered_map<std::string, FacetColumns::Ordinal>& map,
                                 const std::string& value) {
  if (value.empty())
    return 0;
  const auto found = map.find(value);
  return found == map.end() ? 0 : found->second;
}

// Fills `column` (by document id) with the ordinal of each document's value
// in `slot`, numbering distinct values from 1 in `names`.
void read_column(const Xapian::Database& db, Xapian::valueno slot,
                 std::vector<FacetColumns::Ordinal>& column, std::vector<std::string>& names) {
  column.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
  names.assign(1, std::string());
  std::unordered_map<std::string, FacetColumns::Ordinal> ordinals;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    std::string value = *it;
    auto [found, added] =
        ordinals.try_emplace(value, static_cast<FacetColumns::Ordinal>(names.size()));
    if (added)
      names.push_back(std::move(value));
    const Xapian::docid id = it.get_docid();
    if (id < column.size())
      column[id] = found->second;
  }
}

// Adds to `column` the languages of the articles that have an L term but
// no value in the language slot: those indexed before the slot was
// written. Costs a walk of the few L terms when there are none, so that
// an index made since pays nothing more.
void read_old_langs(const Xapian::Database& db, std::vector<FacetColumns::Ordinal>& column,
                    std::vector<std::string>& names) {
  const std::string prefix(schema::prefix::kLang);
  Xapian::doccount with_term = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
    with_term += t.get_termfreq();
  if (with_term <= db.get_value_freq(schema::slot::kLang))
    return;
  std::unordered_map<std::string, FacetColumns::Ordinal> ordinals;
  for (std::size_t i = 1; i < names.size(); ++i)
    ordinals.emplace(names[i], static_cast<FacetColumns::Ordinal>(i));
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::string code = (*t).substr(prefix.size());
    auto [found, added] =
        ordinals.try_emplace(code, static_cast<FacetColumns::Ordinal>(names.size()));
    if (added)
      names.push_back(std::move(code));
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      const Xapian::docid id = *p;
      if (id < column.size() && column[id] == 0)
        column[id] = found->second;
    }
  }
}

std::vector<std::string> words_of(Analyzer& analyzer, std::string_view text) {
  std::vector<std::string> words;
  for (Token& t : analyzer.analyze(text)) {
    if (!t.joined)
      words.push_back(std::move(t.term));
  }
  return words;
}

}  // namespace

FacetColumns::FacetColumns(const Xapian::Database& db, Analyzer& analyzer, std::size_t shards) {
  std::vector<std::string> names;
  read_column(db, schema::slot::kSource, source_of_, names);
  read_column(db, schema::slot::kDate, day_of_, day_keys_);
  for (std::size_t i = 1; i < names.size(); ++i) {
    Source source{std::move(names[i]), {}, {}};
    source.key = source_key(analyzer, source.name);
    source.words = words_of(analyzer, source.name);
    sources_.push_back(std::move(source));
  }
  // Author fields name several authors each: every distinct name once,
  // and for each field the names in it.
  std::vector<std::string> fields;
  read_column(db, schema::slot::kAuthor, author_field_of_, fields);
  std::unordered_map<std::string, Ordinal> by_name;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    std::vector<Ordinal> in_field;
    for (const std::string_view name : author_names(fields[i])) {
      auto [found, added] =
          by_name.try_emplace(std::string(name), static_cast<Ordinal>(authors_.size()));
      if (added) {
        Author author{std::string(name), author_key(analyzer, name), words_of(analyzer, name)};
        authors_.push_back(std::move(author));
      }
      // "Jane Doe, JANE DOE" counts once.
      const std::string& key = authors_[found->second].key;
      if (!key.empty() && std::none_of(in_field.begin(), in_field.end(),
                                       [&](Ordinal o) { return authors_[o].key == key; })) {
        in_field.push_back(found->second);
      }
    }
    author_fields_.push_back(std::move(in_field));
  }
  read_column(db, schema::slot::kLang, lang_of_, langs_);
  read_old_langs(db, lang_of_, langs_);
  read_column(db, schema::slot::kStory, story_of_, stories_);
  if (shards > 1) {
    ByValue maps;
    for (std::size_t i = 1; i < sources_.size(); ++i)
      maps.source.emplace(sources_[i].name, static_cast<Ordinal>(i));
    maps.day = ordinals_by_name(day_keys_);
    maps.author_field = ordinals_by_name(fields);
    maps.lang = ordinals_by_name(langs_);
    maps.story = ordinals_by_name(stories_);
    by_value_ = std::move(maps);
  }
}

FacetColumns::Ordinals FacetColumns::ordinals_of(const Xapian::Document& doc) const {
  const ByValue& maps = *by_value_;
  Ordinals out;
  out.source = ordinal_in(maps.source, doc.get_value(schema::slot::kSource));
  out.day = ordinal_in(maps.day, doc.get_value(schema::slot::kDate));
  out.author_field = ordinal_in(maps.author_field, doc.get_value(schema::slot::kAuthor));
  std::string lang = doc.get_value(schema::slot::kLang);
  if (lang.empty()) {
    // Indexed before the language slot: its L term (read_old_langs()).
    const std::string prefix(schema::prefix::kLang);
    Xapian::TermIterator term = doc.termlist_begin();
    term.skip_to(prefix);
    if (term != doc.termlist_end() && (*term).starts_with(prefix))
      lang = (*term).substr(prefix.size());
  }
  out.lang = ordinal_in(maps.lang, lang);
  out.story = ordinal_in(maps.story, doc.get_value(schema::slot::kStory));
  return out;
}

ColumnCountSpy::ColumnCountSpy(const FacetColumns& columns)
    : columns_(columns),
      sources_(columns.source_count(), 0),
      days_(columns.day_keys().size(), 0),
      author_fields_(columns.author_field_count(), 0),
      langs_(columns.langs().size(), 0),
      stories_(columns.stories().size(), 0) {}

void ColumnCountSpy::operator()(const Xapian::Document& doc, double) {
  if (columns_.by_value()) {
    const FacetColumns::Ordinals o = columns_.ordinals_of(doc);
    ++sources_[o.source];
    ++days_[o.day];
    ++author_fields_[o.author_field];
    ++langs_[o.lang];
    ++stories_[o.story];
    return;
  }
  // The document is fetched lazily: asking its id reads nothing.
  const Xapian::docid id = doc.get_docid();
  ++sources_[columns_.source_of(id)];
  ++days_[columns_.day_of(id)];
  ++author_fields_[columns_.author_field_of(id)];
  ++langs_[columns_.lang_of(id)];
  ++stories_[columns_.story_of(id)];
}

}  // namespace byline::detail
