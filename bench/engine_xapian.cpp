// Plain Xapian, as its documentation's examples index and search: the
// TermGenerator with its defaults (English stemmer, STEM_SOME: positions on
// unstemmed terms, stemmed Z terms without), title also under the S prefix,
// a Q id term; the QueryParser with its defaults; BM25. The floor byline's
// own layers are measured against.
#include <xapian.h>

#include <cstdlib>
#include <string>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/engines.hpp"

namespace byline::bench {

namespace {

// Values for facet counting: the source, and the month as "YYYY-MM".
constexpr Xapian::valueno kSourceSlot = 0;
constexpr Xapian::valueno kMonthSlot = 1;

class XapianSession final : public Session {
 public:
  explicit XapianSession(const std::filesystem::path& dir) : db_(dir.string()) {
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_database(db_);
    parser_.add_prefix("title", "S");
  }

  std::size_t run(const std::string& query, const Request& request) override {
    parser_.set_default_op(request.any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    Xapian::Enquire enquire(db_);
    // The default flags, plus wildcards for the wildcard class.
    enquire.set_query(parser_.parse_query(
        query, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD));
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
      const std::string data = it.get_document().get_data();
      fetched += data.empty() ? 0 : 1;
      if (request.extra == Extra::snippets) {
        // The body follows the four field lines.
        std::size_t body = 0;
        for (int line = 0; line < 4 && body != std::string::npos; ++line)
          body = data.find('\n', body == 0 ? 0 : body + 1);
        snippet_ = mset.snippet(body == std::string::npos ? std::string() : data.substr(body + 1),
                                200, stemmer_);
      }
    }
    return fetched;
  }

 private:
  Xapian::Database db_;
  Xapian::QueryParser parser_;
  Xapian::Stem stemmer_{"english"};
  std::string snippet_;
};

class XapianEngine final : public Engine {
 public:
  std::string name() const override { return "xapian"; }

  std::size_t build(const std::string& corpus, const std::filesystem::path& dir,
                    const BuildOptions& options) override {
    if (options.flush_threshold != 0)
      setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(options.flush_threshold).c_str(), 1);
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE);
    Xapian::TermGenerator generator;
    if (options.stemming)
      generator.set_stemmer(Xapian::Stem("english"));
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
      // The fields a hit shows, then the text: what byline stores too.
      doc.set_data(a.id + '\n' + a.title + '\n' + a.source + '\n' + a.date + '\n' + a.body);
      doc.add_value(kSourceSlot, a.source);
      doc.add_value(kMonthSlot, a.date.substr(0, 7));
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
    return std::make_unique<XapianSession>(dir);
  }
};

}  // namespace

std::unique_ptr<Engine> make_xapian_engine() {
  return std::make_unique<XapianEngine>();
}

}  // namespace byline::bench
