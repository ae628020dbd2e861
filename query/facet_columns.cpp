#include "query/facet_columns.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "byline/error.hpp"
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

// The slots a facet counts, in the order of ColumnCountSpy's value spies.
constexpr Xapian::valueno kCountedSlots[] = {schema::slot::kSource, schema::slot::kDate,
                                             schema::slot::kAuthor, schema::slot::kLang,
                                             schema::slot::kStory};
constexpr std::size_t kCounted = std::size(kCountedSlots);

// The distinct values of each counted slot among every article, each list
// after a "" for none: counted where the articles are (on the servers,
// for remote shards), so that no value stream crosses the network.
std::array<std::vector<std::string>, kCounted> distinct_values(const Xapian::Database& db) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query::MatchAll);
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
  for (const Xapian::valueno slot : kCountedSlots) {
    spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
    enquire.add_matchspy(spies.back().get());
  }
  (void)enquire.get_mset(0, 0, db.get_doccount());
  std::array<std::vector<std::string>, kCounted> out;
  for (std::size_t k = 0; k < kCounted; ++k) {
    out[k].emplace_back();
    for (auto it = spies[k]->values_begin(); it != spies[k]->values_end(); ++it)
      out[k].push_back(*it);
  }
  return out;
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

FacetColumns::FacetColumns(const Xapian::Database& db, Analyzer& analyzer, std::size_t shards,
                           Reading reading) {
  std::vector<std::string> names;
  std::vector<std::string> fields;
  if (reading == Reading::by_spies) {
    auto values = distinct_values(db);
    names = std::move(values[0]);
    day_keys_ = std::move(values[1]);
    fields = std::move(values[2]);
    langs_ = std::move(values[3]);
    stories_ = std::move(values[4]);
    by_spies_ = true;
  } else {
    read_column(db, schema::slot::kSource, source_of_, names);
    read_column(db, schema::slot::kDate, day_of_, day_keys_);
    read_column(db, schema::slot::kAuthor, author_field_of_, fields);
    read_column(db, schema::slot::kLang, lang_of_, langs_);
    read_old_langs(db, lang_of_, langs_);
    read_column(db, schema::slot::kStory, story_of_, stories_);
  }
  name(analyzer, names, fields);
  if (shards > 1 || by_spies_) {
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

void FacetColumns::name(Analyzer& analyzer, std::vector<std::string>& source_names,
                        const std::vector<std::string>& fields) {
  for (std::size_t i = 1; i < source_names.size(); ++i) {
    Source source{std::move(source_names[i]), {}, {}};
    source.key = source_key(analyzer, source.name);
    source.words = words_of(analyzer, source.name);
    sources_.push_back(std::move(source));
  }
  // Author fields name several authors each: every distinct name once,
  // and for each field the names in it.
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
}

FacetColumns::Ordinal FacetColumns::source_ordinal(const std::string& value) const {
  return ordinal_in(by_value_->source, value);
}
FacetColumns::Ordinal FacetColumns::day_ordinal(const std::string& value) const {
  return ordinal_in(by_value_->day, value);
}
FacetColumns::Ordinal FacetColumns::author_field_ordinal(const std::string& value) const {
  return ordinal_in(by_value_->author_field, value);
}
FacetColumns::Ordinal FacetColumns::lang_ordinal(const std::string& value) const {
  return ordinal_in(by_value_->lang, value);
}
FacetColumns::Ordinal FacetColumns::story_ordinal(const std::string& value) const {
  return ordinal_in(by_value_->story, value);
}

FacetColumns::Ordinals FacetColumns::ordinals_of(const Xapian::Document& doc) const {
  Ordinals out;
  out.source = source_ordinal(doc.get_value(schema::slot::kSource));
  out.day = day_ordinal(doc.get_value(schema::slot::kDate));
  out.author_field = author_field_ordinal(doc.get_value(schema::slot::kAuthor));
  std::string lang = doc.get_value(schema::slot::kLang);
  if (lang.empty()) {
    // Indexed before the language slot: its L term (read_old_langs()).
    const std::string prefix(schema::prefix::kLang);
    Xapian::TermIterator term = doc.termlist_begin();
    term.skip_to(prefix);
    if (term != doc.termlist_end() && (*term).starts_with(prefix))
      lang = (*term).substr(prefix.size());
  }
  out.lang = lang_ordinal(lang);
  out.story = story_ordinal(doc.get_value(schema::slot::kStory));
  return out;
}

ColumnCountSpy::ColumnCountSpy(const FacetColumns& columns)
    : columns_(columns),
      sources_(columns.source_count(), 0),
      days_(columns.day_keys().size(), 0),
      author_fields_(columns.author_field_count(), 0),
      langs_(columns.langs().size(), 0),
      stories_(columns.stories().size(), 0) {}

ColumnCountSpy::~ColumnCountSpy() = default;

void ColumnCountSpy::attach(Xapian::Enquire& enquire) {
  if (!columns_.by_spies()) {
    enquire.add_matchspy(this);
    return;
  }
  for (const Xapian::valueno slot : kCountedSlots) {
    value_spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
    enquire.add_matchspy(value_spies_.back().get());
  }
}

void ColumnCountSpy::collect() {
  if (value_spies_.empty())
    return;
  using OrdinalOf = FacetColumns::Ordinal (FacetColumns::*)(const std::string&) const;
  const std::pair<std::vector<std::uint64_t>*, OrdinalOf> counted[] = {
      {&sources_, &FacetColumns::source_ordinal},
      {&days_, &FacetColumns::day_ordinal},
      {&author_fields_, &FacetColumns::author_field_ordinal},
      {&langs_, &FacetColumns::lang_ordinal},
      {&stories_, &FacetColumns::story_ordinal}};
  for (std::size_t k = 0; k < kCounted; ++k) {
    auto& [counts, ordinal_of] = counted[k];
    const Xapian::ValueCountMatchSpy& spy = *value_spies_[k];
    counts->assign(counts->size(), 0);
    std::uint64_t with_value = 0;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
      const FacetColumns::Ordinal ordinal = (columns_.*ordinal_of)(*it);
      if (ordinal == 0) {
        throw Error(Error::Kind::io,
                    "the index's shards changed while their facets were counted: search again");
      }
      (*counts)[ordinal] += it.get_termfreq();
      with_value += it.get_termfreq();
    }
    // The spy counts the articles with a value; the others have none.
    (*counts)[0] = spy.get_total() - with_value;
  }
}

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
