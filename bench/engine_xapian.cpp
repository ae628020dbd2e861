// Plain Xapian, as its documentation's examples index and search: the
// TermGenerator (English stemmer), title also under the S prefix, a Q id
// term; the QueryParser; BM25. The floor byline's own layers are measured
// against, in two layouts:
//
// - `xapian`: the default stemming strategy, STEM_SOME at both ends:
//   positions on the words as written, stems (Z terms) without; so its
//   phrases and NEAR match exact forms ("dirty hand" does not find "dirty
//   hands"), the question byline's `="dirty hand"` asks.
// - `xapian-stem`: STEM_ALL at both ends: only stems, with positions; its
//   phrases and NEAR match inflections, as byline's plain phrases do. It
//   keeps no exact forms, and its wildcards expand over stems.
//
// Both flush every 2,000 documents (BuildOptions::flush_threshold), the
// fastest setting measured. The fields a hit shows (id, title, source,
// date) are a value slot of their own and the body is the document data,
// read for snippets only, as byline keeps its fields apart from the body:
// Xapian deflates document data that compresses, and inflating the whole
// article for every hit was two thirds of a single-word query's CPU time.
// (The other way round, fields as data and the body a value, the
// compacted index was 13% larger, values being stored as they are, and
// hits and snippets a little slower.) A date value (YYYYMMDD) serves date
// ranges.
#include <xapian.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/engines.hpp"

namespace byline::bench {

namespace {

// Values: the source and the month ("YYYY-MM") for facet counting, the day
// ("YYYYMMDD") for date ranges, the fields a hit shows.
constexpr Xapian::valueno kSourceSlot = 0;
constexpr Xapian::valueno kMonthSlot = 1;
constexpr Xapian::valueno kDaySlot = 2;
constexpr Xapian::valueno kFieldsSlot = 3;

// "2005-01-31" as the day slot holds it: "20050131".
std::string day_value(const std::string& date) {
  std::string day;
  for (const char c : date) {
    if (c >= '0' && c <= '9')
      day += c;
  }
  return day.size() == 8 ? day : std::string();
}

class XapianSession final : public Session {
 public:
  XapianSession(const std::filesystem::path& dir, Xapian::QueryParser::stem_strategy stemming)
      : db_(dir.string()) {
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(stemming);
    parser_.set_database(db_);
    parser_.add_prefix("title", "S");
  }

  std::size_t run(const std::string& query, const Request& request) override {
    Xapian::Enquire enquire(db_);
    enquire.set_query(parse(query, request));
    // Facets as Xapian's documentation counts them: a ValueCountMatchSpy per
    // field, every match checked.
    Xapian::ValueCountMatchSpy sources(kSourceSlot), months(kMonthSlot);
    Xapian::doccount check_at_least = 0;
    if (request.extra == Extra::facets) {
      enquire.add_matchspy(&sources);
      enquire.add_matchspy(&months);
      check_at_least = db_.get_doccount();
    }
    const Xapian::MSet mset =
        enquire.get_mset(0, static_cast<Xapian::doccount>(request.limit), check_at_least);
    std::size_t fetched = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document document = it.get_document();
      fetched += document.get_value(kFieldsSlot).empty() ? 0 : 1;
      if (request.extra == Extra::snippets)
        snippet_ = mset.snippet(document.get_data(), 200, stemmer_);
    }
    return fetched;
  }

  std::uint64_t count(const std::string& query, const Request& request) override {
    Xapian::Enquire enquire(db_);
    enquire.set_query(parse(query, request));
    // Checking every match makes the estimate exact.
    const Xapian::MSet mset = enquire.get_mset(0, 0, db_.get_doccount());
    if (mset.get_matches_lower_bound() != mset.get_matches_upper_bound())
      throw std::runtime_error("xapian: an inexact count for " + query);
    return mset.get_matches_estimated();
  }

 private:
  Xapian::Query parse(const std::string& query, const Request& request) {
    parser_.set_default_op(request.any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    // The default flags, plus wildcards for the wildcard class.
    Xapian::Query parsed = parser_.parse_query(
        query, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD);
    if (request.dates.empty())
      return parsed;
    // What a RangeProcessor on the day slot would make of "date:A..B".
    const std::string to = request.dates.to.empty() ? "99999999" : day_value(request.dates.to);
    return Xapian::Query(
        Xapian::Query::OP_FILTER, parsed,
        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDaySlot, day_value(request.dates.from), to));
  }

  Xapian::Database db_;
  Xapian::QueryParser parser_;
  Xapian::Stem stemmer_{"english"};
  std::string snippet_;
};

class XapianEngine final : public Engine {
 public:
  XapianEngine(std::string name, Xapian::TermGenerator::stem_strategy index_stemming,
               Xapian::QueryParser::stem_strategy query_stemming)
      : name_(std::move(name)), index_stemming_(index_stemming), query_stemming_(query_stemming) {}

  std::string name() const override { return name_; }

  std::size_t build(const std::string& corpus, const std::filesystem::path& dir,
                    const BuildOptions& options) override {
    if (options.flush_threshold != 0)
      setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(options.flush_threshold).c_str(), 1);
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE);
    Xapian::TermGenerator generator;
    if (options.stemming) {
      generator.set_stemmer(Xapian::Stem("english"));
      generator.set_stemming_strategy(index_stemming_);
    }
    if (options.spelling) {
      generator.set_database(db);
      generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    }
    const auto index = [&](const std::string& text, const std::string& prefix = {}) {
      if (options.positions) {
        generator.index_text(text, 1, prefix);
      } else {
        generator.index_text_without_positions(text, 1, prefix);
      }
    };
    std::size_t count = 0;
    read_articles(corpus, 0, [&](Article&& a) {
      Xapian::Document doc;
      generator.set_document(doc);
      index(a.title, "S");
      index(a.title);
      generator.increase_termpos();
      index(a.body);
      // The fields a hit shows apart from the body, read for snippets only.
      doc.add_value(kFieldsSlot, a.id + '\n' + a.title + '\n' + a.source + '\n' + a.date);
      doc.set_data(a.body);
      doc.add_value(kSourceSlot, a.source);
      doc.add_value(kMonthSlot, a.date.substr(0, 7));
      if (const std::string day = day_value(a.date); !day.empty())
        doc.add_value(kDaySlot, day);
      const std::string id_term = "Q" + a.id;
      doc.add_boolean_term(id_term);
      db.replace_document(id_term, doc);
      ++count;
      return true;
    });
    db.commit();
    return count;
  }

  void compact(const std::filesystem::path& dir, const std::filesystem::path& out) override {
    Xapian::Database(dir.string()).compact(out.string());
  }

  std::unique_ptr<Session> open(const std::filesystem::path& dir) override {
    return std::make_unique<XapianSession>(dir, query_stemming_);
  }

 private:
  std::string name_;
  Xapian::TermGenerator::stem_strategy index_stemming_;
  Xapian::QueryParser::stem_strategy query_stemming_;
};

}  // namespace

std::unique_ptr<Engine> make_xapian_engine() {
  return std::make_unique<XapianEngine>("xapian", Xapian::TermGenerator::STEM_SOME,
                                        Xapian::QueryParser::STEM_SOME);
}

std::unique_ptr<Engine> make_xapian_stem_engine() {
  return std::make_unique<XapianEngine>("xapian-stem", Xapian::TermGenerator::STEM_ALL,
                                        Xapian::QueryParser::STEM_ALL);
}

}  // namespace byline::bench
