#include "query/facet_columns.hpp"

#include <string_view>
#include <unordered_map>

#include "engine/field_keys.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

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

}  // namespace

FacetColumns::FacetColumns(const Xapian::Database& db, Analyzer& analyzer)
    : revision_(db.get_revision()) {
  std::vector<std::string> names;
  read_column(db, schema::slot::kSource, source_of_, names);
  read_column(db, schema::slot::kDate, day_of_, day_keys_);
  for (std::size_t i = 1; i < names.size(); ++i) {
    Source source{std::move(names[i]), {}, {}};
    source.key = source_key(analyzer, source.name);
    for (const Token& t : analyzer.analyze(source.name)) {
      if (!t.joined)
        source.words.push_back(t.term);
    }
    sources_.push_back(std::move(source));
  }
}

ColumnCountSpy::ColumnCountSpy(const FacetColumns& columns)
    : columns_(columns), sources_(columns.source_count(), 0), days_(columns.day_keys().size(), 0) {}

void ColumnCountSpy::operator()(const Xapian::Document& doc, double) {
  // The document is fetched lazily: asking its id reads nothing.
  const Xapian::docid id = doc.get_docid();
  ++sources_[columns_.source_of(id)];
  ++days_[columns_.day_of(id)];
}

}  // namespace byline::detail
