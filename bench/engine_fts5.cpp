// SQLite FTS5 (Debian's libsqlite3): one fts5 table holding the article,
// the porter stemmer over unicode61 (diacritics folded, as byline does),
// bm25() ordering; id, source and date UNINDEXED (stored, not searched),
// the date filtered in SQL.
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

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
  explicit Fts5Session(const fs::path& dir) : connection_(dir / kDatabaseFile, true) {}
  ~Fts5Session() override {
    for (const auto& [sql, stmt] : statements_)
      sqlite3_finalize(stmt);
  }

  std::size_t run(const std::string& query, const Request& request) override {
    if (request.extra == Extra::facets) {
      step_all(statement(Sql::count_sources, request), query, request, 0, 2);
      step_all(statement(Sql::count_months, request), query, request, 0, 2);
    }
    const bool snippets = request.extra == Extra::snippets;
    return step_all(statement(snippets ? Sql::select_with_snippets : Sql::select, request), query,
                    request, request.limit, snippets ? 5 : 4);
  }

  std::uint64_t count(const std::string& query, const Request& request) override {
    sqlite3_stmt* stmt = statement(Sql::count, request);
    bind(stmt, query, request, 0);
    std::uint64_t total = 0;
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      total = static_cast<std::uint64_t>(sqlite3_column_int64(stmt, 0));
    if (rc != SQLITE_DONE)
      throw std::runtime_error(std::string("fts5 query '") + query + "': " + connection_.error());
    return total;
  }

 private:
  enum class Sql { select, select_with_snippets, count_sources, count_months, count };

  // The statement of that kind with the date conditions `request` needs,
  // prepared on first use.
  sqlite3_stmt* statement(Sql kind, const Request& request) {
    const bool from = !request.dates.from.empty(), to = !request.dates.to.empty();
    sqlite3_stmt*& stmt = statements_[{kind, (from ? 2 : 0) + (to ? 1 : 0)}];
    if (stmt != nullptr)
      return stmt;
    // The match, and the date filter on the UNINDEXED date column: SQLite
    // checks it on each matching row, as FTS5 has no range index.
    std::string where = " FROM articles WHERE articles MATCH ?1";
    if (from)
      where += " AND date >= ?3";
    if (to)
      where += " AND date <= ?4";
    switch (kind) {
      case Sql::select:
        stmt = connection_.prepare("SELECT id, title, source, date" + where +
                                   " ORDER BY bm25(articles) LIMIT ?2");
        break;
      case Sql::select_with_snippets:
        // snippet(): column 4 (body), about 30 tokens (~200 characters).
        stmt = connection_.prepare(
            "SELECT id, title, source, date, snippet(articles, 4, '<mark>', '</mark>', '…', 30)" +
            where + " ORDER BY bm25(articles) LIMIT ?2");
        break;
      case Sql::count_sources:
        stmt = connection_.prepare("SELECT source, count(*)" + where + " GROUP BY source");
        break;
      case Sql::count_months:
        stmt = connection_.prepare("SELECT substr(date, 1, 7), count(*)" + where + " GROUP BY 1");
        break;
      case Sql::count:
        stmt = connection_.prepare("SELECT count(*)" + where);
        break;
    }
    return stmt;
  }

  // Binds the query (?1), the limit (?2, when not 0) and the dates (?3, ?4)
  // that `stmt` has parameters for.
  static void bind(sqlite3_stmt* stmt, const std::string& query, const Request& request,
                   std::size_t limit) {
    sqlite3_reset(stmt);
    sqlite3_bind_text(stmt, 1, query.data(), static_cast<int>(query.size()), SQLITE_STATIC);
    if (limit != 0)
      sqlite3_bind_int64(stmt, 2, static_cast<sqlite3_int64>(limit));
    const std::string* dates[] = {&request.dates.from, &request.dates.to};
    for (int i = 0; i < 2; ++i) {
      const char* name = i == 0 ? "?3" : "?4";
      if (const int index = sqlite3_bind_parameter_index(stmt, name); index > 0) {
        sqlite3_bind_text(stmt, index, dates[i]->data(), static_cast<int>(dates[i]->size()),
                          SQLITE_STATIC);
      }
    }
  }

  // Runs `stmt` for the query and reads each row's `columns`; returns the
  // number of rows.
  std::size_t step_all(sqlite3_stmt* stmt, const std::string& query, const Request& request,
                       std::size_t limit, int columns) {
    bind(stmt, query, request, limit);
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
  std::map<std::pair<Sql, int>, sqlite3_stmt*> statements_;
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
