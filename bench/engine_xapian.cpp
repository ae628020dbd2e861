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

class XapianSession final : public Session {
 public:
  explicit XapianSession(const std::filesystem::path& dir) : db_(dir.string()) {
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_database(db_);
    parser_.add_prefix("title", "S");
  }

  std::size_t run(const std::string& query, bool any, std::size_t limit) override {
    parser_.set_default_op(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    Xapian::Enquire enquire(db_);
    // The default flags, plus wildcards for the wildcard class.
    enquire.set_query(parser_.parse_query(
        query, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD));
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    std::size_t fetched = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      fetched += data.empty() ? 0 : 1;
    }
    return fetched;
  }

 private:
  Xapian::Database db_;
  Xapian::QueryParser parser_;
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
    std::size_t count = 0;
    read_articles(corpus, 0, [&](Article&& a) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(a.title, 1, "S");
      generator.index_text(a.title);
      generator.increase_termpos();
      generator.index_text(a.body);
      // The fields a hit shows, then the text: what byline stores too.
      doc.set_data(a.id + '\n' + a.title + '\n' + a.source + '\n' + a.date + '\n' + a.body);
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
