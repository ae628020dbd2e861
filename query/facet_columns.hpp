// FacetColumns: the source, the day, the author field and the language of
// every article, held in memory by document id, so that counting a match
// is four array reads rather than four value lookups in the index (Xapian's
// ValueCountMatchSpy reads each value through the document and counts it in
// a std::map keyed by the string).
//
// Built from the index's value streams for one revision (10-15 ms for
// 100,000 articles, measured); a Searcher keeps it until it sees a new
// revision (of any of the index's shards).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/analyzer.hpp"

namespace byline::detail {

class FacetColumns {
 public:
  // Ordinal 0 stands for "none" (an article without a source or a date).
  using Ordinal = std::uint32_t;

  // How the columns are read. by_streams: from the value streams, by
  // document id. by_spies: over remote shards, where a value stream costs
  // a round trip per document, only the distinct values are read, counted
  // on the servers by Xapian's own ValueCountMatchSpy (the one match spy
  // xapian-tcpsrv runs), and matches are counted so too (ColumnCountSpy).
  enum class Reading { by_streams, by_spies };

  // No articles.
  FacetColumns() = default;
  // Reads the source, day, author and language value streams of `db` as it
  // is now, and analyses each distinct source and author with `analyzer`
  // (the index's). Articles indexed before the language slot have their
  // language read from their L terms instead. Xapian errors propagate
  // (DatabaseModifiedError: reopen and build again).
  //
  // `shards`: how many databases `db` is made of. With more than one, the
  // columns are by Xapian's combined document ids, which its value streams
  // give, but a match spy is given each document with its id in its own
  // shard: the columns then also keep each value's ordinal, for
  // ordinals_of() to count by.
  FacetColumns(const Xapian::Database& db, Analyzer& analyzer, std::size_t shards = 1,
               Reading reading = Reading::by_streams);

  // Whether a match spy must count a document by its values
  // (ordinals_of()) rather than by its id (source_of() and the others).
  [[nodiscard]] bool by_value() const noexcept { return by_value_.has_value(); }
  // Whether matches are counted by ValueCountMatchSpy (Reading::by_spies).
  [[nodiscard]] bool by_spies() const noexcept { return by_spies_; }

  // The ordinals of values counted by ValueCountMatchSpy, by slot
  // (by_value() only); 0 for a value the columns do not know.
  [[nodiscard]] Ordinal source_ordinal(const std::string& value) const;
  [[nodiscard]] Ordinal day_ordinal(const std::string& value) const;
  [[nodiscard]] Ordinal author_field_ordinal(const std::string& value) const;
  [[nodiscard]] Ordinal lang_ordinal(const std::string& value) const;
  [[nodiscard]] Ordinal story_ordinal(const std::string& value) const;

  // A matching document's ordinals, from its values (by_value() only).
  struct Ordinals {
    Ordinal source = 0;
    Ordinal day = 0;
    Ordinal author_field = 0;
    Ordinal lang = 0;
    Ordinal story = 0;
  };
  [[nodiscard]] Ordinals ordinals_of(const Xapian::Document& doc) const;

  [[nodiscard]] Ordinal source_of(Xapian::docid id) const noexcept {
    return id < source_of_.size() ? source_of_[id] : 0;
  }
  [[nodiscard]] Ordinal day_of(Xapian::docid id) const noexcept {
    return id < day_of_.size() ? day_of_[id] : 0;
  }
  // The ordinal of the article's author field as written ("Jane Doe, John
  // Roe"); authors_in() lists the authors it names.
  [[nodiscard]] Ordinal author_field_of(Xapian::docid id) const noexcept {
    return id < author_field_of_.size() ? author_field_of_[id] : 0;
  }
  [[nodiscard]] Ordinal lang_of(Xapian::docid id) const noexcept {
    return id < lang_of_.size() ? lang_of_[id] : 0;
  }
  [[nodiscard]] Ordinal story_of(Xapian::docid id) const noexcept {
    return id < story_of_.size() ? story_of_[id] : 0;
  }

  // A source as written, and as the source: filter matches it.
  struct Source {
    std::string name;
    std::string key;                 // source_key(): case and spacing folded
    std::vector<std::string> words;  // its words, analysed
  };

  // The values behind the ordinals (index 0: none): sources, and days as
  // "YYYYMMDD".
  [[nodiscard]] const Source& source(Ordinal ordinal) const noexcept { return sources_[ordinal]; }
  [[nodiscard]] std::size_t source_count() const noexcept { return sources_.size(); }

  // One author's name as written, its key (author_key()) and its words,
  // analysed: as the author: filter matches it. Same shape as a source.
  using Author = Source;
  [[nodiscard]] const Author& author(Ordinal ordinal) const noexcept { return authors_[ordinal]; }
  [[nodiscard]] std::size_t author_count() const noexcept { return authors_.size(); }
  [[nodiscard]] std::size_t author_field_count() const noexcept { return author_fields_.size(); }
  // The authors an author field names (by ordinal, each key once).
  [[nodiscard]] const std::vector<Ordinal>& authors_in(Ordinal field) const noexcept {
    return author_fields_[field];
  }
  [[nodiscard]] const std::vector<std::string>& day_keys() const noexcept { return day_keys_; }
  // Language codes, as the L terms hold them ("en").
  [[nodiscard]] const std::vector<std::string>& langs() const noexcept { return langs_; }
  // Story ids, decimal, as the XST terms hold them.
  [[nodiscard]] const std::vector<std::string>& stories() const noexcept { return stories_; }

 private:
  std::vector<Ordinal> source_of_;  // by document id
  std::vector<Ordinal> day_of_;
  std::vector<Ordinal> author_field_of_;
  std::vector<Ordinal> lang_of_;
  std::vector<Ordinal> story_of_;
  std::vector<Source> sources_{Source{}};
  std::vector<std::string> day_keys_{std::string()};
  std::vector<std::vector<Ordinal>> author_fields_{std::vector<Ordinal>()};
  std::vector<Author> authors_{Author{}};
  std::vector<std::string> langs_{std::string()};
  std::vector<std::string> stories_{std::string()};
  // For by_value(): each column's ordinal by the value it is read from.
  struct ByValue {
    std::unordered_map<std::string, Ordinal> source, day, author_field, lang, story;
  };
  std::optional<ByValue> by_value_;
  bool by_spies_ = false;

  // Sets the sources, authors and author fields from the distinct values
  // of their slots (index 0: none).
  void name(Analyzer& analyzer, std::vector<std::string>& source_names,
            const std::vector<std::string>& author_fields);
};

// Counts the matches of one search per source, per day, per author field,
// per language and per story, from the columns.
class ColumnCountSpy : public Xapian::MatchSpy {
 public:
  // `columns` must outlive the spy.
  explicit ColumnCountSpy(const FacetColumns& columns);
  ~ColumnCountSpy() override;

  void operator()(const Xapian::Document& doc, double weight) override;

  // Counts the matches of `enquire`: as a spy of its own, or with
  // columns.by_spies(), through Xapian's ValueCountMatchSpy, whose counts
  // collect() then reads. Once per spy.
  void attach(Xapian::Enquire& enquire);
  // After the match: the counts of the ValueCountMatchSpy (nothing to do
  // otherwise). Throws Error(io) if a value is one the columns do not
  // know: the shards changed since, which a search again reads anew.
  void collect();

  // Matches per ordinal (see FacetColumns).
  [[nodiscard]] const std::vector<std::uint64_t>& per_source() const noexcept { return sources_; }
  [[nodiscard]] const std::vector<std::uint64_t>& per_day() const noexcept { return days_; }
  [[nodiscard]] const std::vector<std::uint64_t>& per_author_field() const noexcept {
    return author_fields_;
  }
  [[nodiscard]] const std::vector<std::uint64_t>& per_lang() const noexcept { return langs_; }
  [[nodiscard]] const std::vector<std::uint64_t>& per_story() const noexcept { return stories_; }

 private:
  const FacetColumns& columns_;
  std::vector<std::uint64_t> sources_;
  std::vector<std::uint64_t> days_;
  std::vector<std::uint64_t> author_fields_;
  std::vector<std::uint64_t> langs_;
  std::vector<std::uint64_t> stories_;
  // With columns.by_spies(): source, date, author, language and story.
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> value_spies_;
};

}  // namespace byline::detail
