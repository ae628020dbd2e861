// SQLite FTS5 (Debian's libsqlite3): one fts5 table holding the article,
// the porter stemmer over unicode61 (diacritics folded, as byline does),
// bm25() ordering.
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/engines.hpp"

namespace byline::bench {

namespace {

namespace fs = std::filesystem;

const char* const kDatabaseFile = "articles.sqlite";

class Connection {
 public:
  explicit Connection(const fs::path& file, bool read_only) {
    const int flags =
        read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("sqlite: " + message);
    }
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error("sqlite: " + message + " in: " + sql);
    }
  }

  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return stmt;
  }

  const char* error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
};

class Fts5Session final : public Session {
 public:
  explicit Fts5Session(const fs::path& dir) : connection_(dir / kDatabaseFile, true) {
    select_ = connection_.prepare(
        "SELECT id, title, source, date FROM articles WHERE articles MATCH ?1 "
        "ORDER BY bm25(articles) LIMIT ?2");
    // snippet(): column 4 (body), about 30 tokens (~200 characters).
    select_with_snippets_ = connection_.prepare(
        "SELECT id, title, source, date, snippet(articles, 4, '<mark>', '</mark>', '…', 30) "
        "FROM articles WHERE articles MATCH ?1 ORDER BY bm25(articles) LIMIT ?2");
    count_sources_ = connection_.prepare(
        "SELECT source, count(*) FROM articles WHERE articles MATCH ?1 GROUP BY source");
    count_months_ = connection_.prepare(
        "SELECT substr(date, 1, 7), count(*) FROM articles WHERE articles MATCH ?1 GROUP BY 1");
  }
  ~Fts5Session() override {
    for (sqlite3_stmt* stmt : {select_, select_with_snippets_, count_sources_, count_months_})
      sqlite3_finalize(stmt);
  }

  std::size_t run(const std::string& query, const Request& request) override {
    if (request.extra == Extra::facets) {
      step_all(count_sources_, query, 0, 2);
      step_all(count_months_, query, 0, 2);
    }
    const bool snippets = request.extra == Extra::snippets;
    return step_all(snippets ? select_with_snippets_ : select_, query, request.limit,
                    snippets ? 5 : 4);
  }

 private:
  // Runs `stmt` for the query (and the limit, when not 0) and reads each
  // row's `columns`; returns the number of rows.
  std::size_t step_all(sqlite3_stmt* stmt, const std::string& query, std::size_t limit,
                       int columns) {
    sqlite3_reset(stmt);
    sqlite3_bind_text(stmt, 1, query.data(), static_cast<int>(query.size()), SQLITE_STATIC);
    if (limit != 0)
      sqlite3_bind_int64(stmt, 2, static_cast<sqlite3_int64>(limit));
    std::size_t rows = 0;
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      for (int column = 0; column < columns; ++column)
        (void)sqlite3_column_text(stmt, column);
      ++rows;
    }
    if (rc != SQLITE_DONE)
      throw std::runtime_error(std::string("fts5 query '") + query + "': " + connection_.error());
    return rows;
  }

  Connection connection_;
  sqlite3_stmt* select_ = nullptr;
  sqlite3_stmt* select_with_snippets_ = nullptr;
  sqlite3_stmt* count_sources_ = nullptr;
  sqlite3_stmt* count_months_ = nullptr;
};

class Fts5Engine final : public Engine {
 public:
  std::string name() const override { return "fts5"; }

  std::size_t build(const std::string& corpus, const fs::path& dir,
                    const BuildOptions& options) override {
    fs::create_directories(dir);
    Connection db(dir / kDatabaseFile, false);
    db.exec(std::string("CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, source "
                        "UNINDEXED, date UNINDEXED, body, tokenize = '") +
            (options.stemming ? "porter " : "") + "unicode61 remove_diacritics 2')");
    sqlite3_stmt* insert = db.prepare(
        "INSERT INTO articles (id, title, source, date, body) VALUES (?1, ?2, ?3, ?4, ?5)");
    std::size_t count = 0;
    db.exec("BEGIN");
    read_articles(corpus, 0, [&](Article&& a) {
      const std::string* fields[] = {&a.id, &a.title, &a.source, &a.date, &a.body};
      for (int i = 0; i < 5; ++i) {
        sqlite3_bind_text(insert, i + 1, fields[i]->data(), static_cast<int>(fields[i]->size()),
                          SQLITE_STATIC);
      }
      if (sqlite3_step(insert) != SQLITE_DONE) {
        sqlite3_finalize(insert);
        throw std::runtime_error(std::string("fts5 insert: ") + db.error());
      }
      sqlite3_reset(insert);
      if (++count % options.batch_size == 0)
        db.exec("COMMIT; BEGIN");
      return true;
    });
    sqlite3_finalize(insert);
    db.exec("COMMIT");
    return count;
  }

  void compact(const fs::path& dir, const fs::path& out) override {
    fs::create_directories(out);
    fs::copy_file(dir / kDatabaseFile, out / kDatabaseFile);
    Connection db(out / kDatabaseFile, false);
    db.exec("INSERT INTO articles (articles) VALUES ('optimize')");
    db.exec("VACUUM");
  }

  std::unique_ptr<Session> open(const fs::path& dir) override {
    return std::make_unique<Fts5Session>(dir);
  }
};

}  // namespace

std::unique_ptr<Engine> make_fts5_engine() {
  return std::make_unique<Fts5Engine>();
}

}  // namespace byline::bench
