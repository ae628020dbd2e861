// An index whose shards xapian-tcpsrv serves (Xapian's remote backend, a
// stub file of "remote HOST:PORT" lines): what works over it already, and
// what is refused with a clear error rather than answered wrong
// (docs/plans/scale-out.md). Real servers, on free loopback ports, each in
// a process group of its own: xapian-tcpsrv's SIGTERM handler signals its
// whole group.
#include <doctest/doctest.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "byline/byline.hpp"
#include "tcp_server.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using byline::test::Server;

namespace {

// The seed articles and the multilingual fixture, in one index and in two
// shards, each shard served.
struct Layouts {
  byline::test::TempDir dir;
  fs::path one = dir / "one";
  std::unique_ptr<Server> first;
  std::unique_ptr<Server> second;
  fs::path remote = dir / "remote.stub";

  // `server_options`: xapian-tcpsrv's, for both servers.
  explicit Layouts(const std::vector<std::string>& server_options = {}) {
    {
      auto index = byline::test::create_index(one);
      byline::Writer writer(index);
      (void)byline::ingest(writer, {byline::test::corpus_dir().string(),
                                    (fs::path(BYLINE_SOURCE_DIR) / "tests" / "fixtures" /
                                     "multilingual" / "articles.jsonl")
                                        .string()});
    }
    const fs::path shards = byline::test::split_into_shards(one, dir / "shards", 2);
    first = std::make_unique<Server>(shards / "shard-1", server_options);
    second = std::make_unique<Server>(shards / "shard-2", server_options);
    byline::test::write_file(remote, "remote 127.0.0.1:" + std::to_string(first->port()) +
                                         "\nremote 127.0.0.1:" + std::to_string(second->port()) +
                                         "\n");
  }
};

std::set<std::string> ids_of(const byline::SearchResults& results) {
  std::set<std::string> out;
  for (const auto& hit : results.hits)
    out.insert(hit.id);
  return out;
}

// Each hit's snippets, with where their highlights are, by id.
std::map<std::string, std::string> snippets_of(const byline::SearchResults& results) {
  std::map<std::string, std::string> out;
  for (const auto& hit : results.hits) {
    std::string& text = out[hit.id];
    for (const auto& snippet : hit.snippets) {
      text += snippet.text;
      for (const auto& h : snippet.highlights)
        text += " [" + std::to_string(h.begin) + "," + std::to_string(h.end) + ")";
      text += "\n";
    }
  }
  return out;
}

// The Error a search throws.
byline::Error search_error(byline::Searcher& searcher, const std::string& query) {
  try {
    (void)searcher.search(query);
  } catch (const byline::Error& e) {
    return e;
  }
  FAIL("no error for " << query);
  return byline::Error(byline::Error::Kind::io, "");
}

}  // namespace

TEST_CASE("remote shards: plain searches find what one index finds") {
  Layouts layouts;
  byline::Searcher one(byline::Index::open(layouts.one));
  const byline::Index remote_index = byline::Index::open(layouts.remote);
  CHECK(remote_index.article_count() == 55);
  const byline::IndexStats stats = remote_index.stats();
  CHECK(stats.shards == 2);
  CHECK(stats.remote_shards == 2);
  CHECK(stats.bytes_on_disk == 0);
  CHECK(remote_index.remote_shards() == 2);
  CHECK(byline::Index::open(layouts.one).remote_shards() == 0);
  byline::Searcher remote(remote_index);

  byline::SearchOptions options;
  options.limit = 100;
  for (const char* query : {"iraq", "\"islamic state\"", "kerry OR paris", "pledge -iran",
                            "date:2014-09-15", "source:\"al jazeera\"", "coalit*", "title:iraq",
                            // Aliases: the remote backend serves no synonym table, so they
                            // reach the client as metadata (alias_table.hpp).
                            "daesh", "isil", "Islamic State militants", "\"fuad masum\"", "US"}) {
    CAPTURE(query);
    const auto expected = one.search(query, options);
    const auto found = remote.search(query, options);
    CHECK(found.total == expected.total);
    CHECK(ids_of(found) == ids_of(expected));
  }
  byline::SearchOptions no_aliases = options;
  no_aliases.aliases = false;
  CHECK(remote.search("daesh", options).total > remote.search("daesh", no_aliases).total);

  // Snippets: over remote shards made from the bodies alone (the positions
  // would cost a round trip each), the same as one index makes.
  byline::SearchOptions snipped = options;
  snipped.snippets.count = 2;
  for (const char* query : {"iraq", "\"islamic state\"", "daesh", "pledg* NEAR/5 support"}) {
    CAPTURE(query);
    const auto expected = snippets_of(one.search(query, snipped));
    CHECK(!expected.empty());
    CHECK(snippets_of(remote.search(query, snipped)) == expected);
  }

  // What xapian-tcpsrv cannot run (a posting source of byline's) is
  // refused where the query says it, never answered wrong. An exact word
  // is a term of its own, and runs.
  const std::string exact_form = "=officials";
  CHECK(remote.search(exact_form, options).total == one.search(exact_form, options).total);
  for (const auto& [query, position] :
       std::vector<std::pair<std::string, std::size_t>>{{"iraq body:kerry", 5},
                                                        {"=\"officials said\"", 0},
                                                        {"kerry title:=\"iraq\"", 6},
                                                        {"\"islamic state\" NEAR/5 iraq", 16}}) {
    CAPTURE(query);
    const byline::Error e = search_error(remote, query);
    CHECK(e.kind() == byline::Error::Kind::invalid_query);
    CHECK(e.position() == position);
    CHECK(std::string(e.what()).find("not available over remote shards") != std::string::npos);
    CHECK(one.search(query, options).total > 0);
  }

  // A search that can be stopped (the shell's always can) sends the
  // servers no match spy of byline's, which they could not run: it is
  // stopped between its steps.
  std::atomic<bool> stop{false};
  byline::SearchOptions stoppable = options;
  stoppable.cancel = &stop;
  stoppable.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  CHECK(remote.search("iraq OR paris", stoppable).total ==
        one.search("iraq OR paris", options).total);
  stop = true;
  CHECK_THROWS_WITH_AS((void)remote.search("iraq", stoppable), "the search was interrupted",
                       byline::Error);

  // Story listings are refused with an error, never answered wrong.
  try {
    (void)remote.stories("iraq");
    FAIL("stories over remote shards were listed");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::invalid_argument);
    CHECK(std::string(e.what()).find("remote shards") != std::string::npos);
  }
}

TEST_CASE("remote shards: facets count what the same shards count locally") {
  Layouts layouts;
  // The shards, not one index: shards indexed apart number their stories
  // each, so only they have the same story ids (docs/cli.md). The other
  // facets of local shards equal one index's (facet_test.cpp).
  byline::Searcher one(byline::Index::open(layouts.dir / "shards"));
  byline::Searcher remote(byline::Index::open(layouts.remote));
  byline::SearchOptions options;
  options.limit = 5;
  for (const byline::FacetField field :
       {byline::FacetField::source, byline::FacetField::year, byline::FacetField::month,
        byline::FacetField::day, byline::FacetField::author, byline::FacetField::lang,
        byline::FacetField::story}) {
    byline::FacetRequest request;
    request.field = field;
    request.top = 0;
    options.facets.push_back(request);
  }
  byline::FacetRequest histogram;
  histogram.field = byline::FacetField::month;
  histogram.empty_buckets = true;
  histogram.from = "2014-06";
  histogram.to = "2014-12";
  options.facets.push_back(histogram);
  // A stoppable search, as the shell's: no spy of byline's reaches the
  // servers.
  std::atomic<bool> stop{false};
  options.cancel = &stop;
  // Plain, and with selections, which disjunctive facets count without.
  for (const char* query : {"*", "iraq", "kerry OR paris -iran", "iraq source:\"al jazeera\"",
                            "coalition date:2014-09 lang:en", "daesh OR isil"}) {
    CAPTURE(query);
    const auto expected = one.search(query, options);
    const auto found = remote.search(query, options);
    CHECK(found.total == expected.total);
    REQUIRE(found.facets.size() == expected.facets.size());
    for (std::size_t f = 0; f < expected.facets.size(); ++f) {
      CAPTURE(f);
      const auto& want = expected.facets[f];
      const auto& got = found.facets[f];
      REQUIRE(got.values.size() == want.values.size());
      for (std::size_t v = 0; v < want.values.size(); ++v) {
        CHECK(got.values[v].value == want.values[v].value);
        CHECK(got.values[v].count == want.values[v].count);
        CHECK(got.values[v].selected == want.values[v].selected);
      }
      CHECK(got.missing == want.missing);
      CHECK(got.other == want.other);
    }
  }
}

TEST_CASE("remote shards: sort, paging, fuzzy words, did you mean, collapse, similar and show") {
  Layouts layouts;
  byline::Searcher one(byline::Index::open(layouts.one));
  byline::Searcher remote(byline::Index::open(layouts.remote));
  // Ranked ids: newest and oldest first are total orders on the hits of
  // these queries only up to ties, so compared as sets; pages as totals.
  for (const byline::SortOrder sort : {byline::SortOrder::newest, byline::SortOrder::oldest}) {
    byline::SearchOptions options;
    options.sort = sort;
    options.limit = 100;
    CHECK(ids_of(remote.search("iraq", options)) == ids_of(one.search("iraq", options)));
    options.offset = 3;
    options.limit = 4;
    CHECK(remote.search("iraq", options).hits.size() == one.search("iraq", options).hits.size());
  }
  byline::SearchOptions options;
  options.limit = 100;
  for (const char* query : {"Massoum~1", "pledg*", "*ington"}) {
    CAPTURE(query);
    CHECK(ids_of(remote.search(query, options)) == ids_of(one.search(query, options)));
    CHECK(remote.explain(query).expansions == one.explain(query).expansions);
  }
  options.suggest_below = 1;
  CHECK(remote.search("Steinmeyer", options).suggestion ==
        one.search("Steinmeyer", options).suggestion);
  CHECK(!one.search("Steinmeyer", options).suggestion.empty());
  options.suggest_below = 0;
  options.collapse = true;
  CHECK(remote.search("iraq", options).collapsed_total ==
        one.search("iraq", options).collapsed_total);
  options.collapse = false;

  const std::string id = one.search("kerry", options).hits.front().id;
  const auto shown = remote.article(id);
  REQUIRE(shown.has_value());
  CHECK(shown->title == one.article(id)->title);
  const auto like_remote = remote.similar({id}, options);
  const auto like_one = one.similar({id}, options);
  const auto words = [](const byline::SimilarResults& r) {
    std::vector<std::string> out;
    for (const auto& term : r.terms)
      out.push_back(term.word);
    return out;
  };
  CHECK(words(like_remote) == words(like_one));
  CHECK(ids_of(like_remote.results) == ids_of(like_one.results));
}

TEST_CASE("remote shards whose aliases an older byline kept are refused, never searched without") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "one");
    byline::Writer writer(index);
    (void)byline::ingest(writer, {byline::test::corpus_dir().string()});
  }
  const fs::path shards = byline::test::split_into_shards(dir / "one", dir / "shards", 2);
  // What an index made before the metadata form holds: the synonym table
  // alone, which xapian-tcpsrv does not serve.
  for (const char* shard : {"shard-1", "shard-2"}) {
    Xapian::WritableDatabase db((shards / shard).string());
    db.set_metadata("byline.aliases", "");
    db.set_metadata("byline.aliases.digest", "");
    db.commit();
  }
  Server first(shards / "shard-1");
  Server second(shards / "shard-2");
  byline::test::write_file(dir / "remote.stub",
                           "remote 127.0.0.1:" + std::to_string(first.port()) +
                               "\nremote 127.0.0.1:" + std::to_string(second.port()) + "\n");
  byline::Searcher remote(byline::Index::open(dir / "remote.stub"));
  try {
    (void)remote.search("daesh");
    FAIL("a search over remote shards went on without their aliases");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::version_mismatch);
    CHECK(std::string(e.what()).find("--no-aliases") != std::string::npos);
  }
  byline::SearchOptions no_aliases;
  no_aliases.aliases = false;
  CHECK(remote.search("daesh", no_aliases).total ==
        byline::Searcher(byline::Index::open(dir / "one")).search("daesh", no_aliases).total);
  // The same shards read locally still expand them, from the synonym table.
  CHECK(byline::Searcher(byline::Index::open(shards)).search("daesh").total ==
        byline::Searcher(byline::Index::open(dir / "one")).search("daesh").total);
}

TEST_CASE("remote shards: a server that is gone is named at once, never waited for") {
  Layouts layouts;
  const std::string port = std::to_string(layouts.second->port());
  layouts.second->kill();
  const auto started = std::chrono::steady_clock::now();
  try {
    (void)byline::Index::open(layouts.remote);
    FAIL("an index with a shard gone opened");
  } catch (const byline::Error& e) {
    const std::string message = e.what();
    CHECK(message.find("shard 2 (remote 127.0.0.1:" + port + ", line 2 of ") != std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("remote shards: a connection the server closed is opened again, a dead one named") {
  // xapian-tcpsrv closes a connection idle for longer than --idle-timeout
  // (a minute by default): a shell left open over lunch meets it.
  Layouts layouts({"--idle-timeout", "300"});
  const byline::Index index = byline::Index::open(layouts.remote);
  byline::Searcher searcher(index);
  const std::size_t iraq = searcher.search("iraq").total;
  CHECK(iraq > 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  CHECK(searcher.search("iraq").total == iraq);
  CHECK(searcher.article(searcher.search("iraq").hits.front().id).has_value());

  // A server killed while the searcher holds its connection: the next
  // search names the shard at once.
  const std::string port = std::to_string(layouts.second->port());
  layouts.second->kill();
  const auto started = std::chrono::steady_clock::now();
  try {
    (void)searcher.search("iraq");
    FAIL("a search over a dead shard answered");
  } catch (const byline::Error& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(std::string(e.what()).find("shard 2 (remote 127.0.0.1:" + port + ", line 2 of ") !=
          std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("remote shards: a server that stops answering fails the search within the timeout") {
  Layouts layouts;
  byline::IndexOptions options;
  options.remote_timeout = std::chrono::milliseconds(500);
  byline::Searcher searcher(byline::Index::open(layouts.remote, options));
  CHECK(searcher.search("iraq").total > 0);
  const std::string port = std::to_string(layouts.first->port());
  layouts.first->signal(SIGSTOP);  // the server and its connection's process
  const auto started = std::chrono::steady_clock::now();
  try {
    (void)searcher.search("paris");
    FAIL("a search over a stopped shard answered");
  } catch (const byline::Error& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(std::string(e.what()).find("shard 1 (remote 127.0.0.1:" + port + ", line 1 of ") !=
          std::string::npos);
  }
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(waited >= std::chrono::milliseconds(400));
  CHECK(waited < std::chrono::milliseconds(2500));
  layouts.first->signal(SIGCONT);
}

TEST_CASE("remote shards: with allow_partial, a dead shard is left out and named, not fatal") {
  Layouts layouts;
  byline::IndexOptions partial;
  partial.allow_partial = true;
  // The first shard alone, served: what is left when the second is gone.
  byline::test::write_file(layouts.dir / "first.stub",
                           "remote 127.0.0.1:" + std::to_string(layouts.first->port()) + "\n");
  byline::Searcher first_only(byline::Index::open(layouts.dir / "first.stub"));
  byline::Searcher searcher(byline::Index::open(layouts.remote, partial));
  byline::SearchOptions options;
  options.limit = 100;
  byline::FacetRequest by_source;
  by_source.field = byline::FacetField::source;
  options.facets.push_back(by_source);
  const auto whole = searcher.search("iraq", options);
  CHECK(whole.unavailable_shards.empty());

  const std::string port = std::to_string(layouts.second->port());
  layouts.second->kill();
  // Mid-session: the search goes on over the first shard, and says so.
  const auto left = searcher.search("iraq", options);
  const auto expected = first_only.search("iraq", options);
  CHECK(left.total == expected.total);
  CHECK(left.total < whole.total);
  CHECK(ids_of(left) == ids_of(expected));
  REQUIRE(left.unavailable_shards.size() == 1);
  CHECK(left.unavailable_shards[0].find("shard 2 (remote 127.0.0.1:" + port + ", line 2 of ") == 0);
  CHECK(left.facets.front().values.size() == expected.facets.front().values.size());

  // At open too; and without allow_partial, the same is an error.
  byline::Searcher opened_partial(byline::Index::open(layouts.remote, partial));
  CHECK(opened_partial.search("iraq", options).total == expected.total);
  CHECK_THROWS_AS((void)byline::Index::open(layouts.remote), byline::Error);

  // Not one shard left: an error, never an empty answer.
  layouts.first->kill();
  CHECK_THROWS_AS((void)searcher.search("iraq", options), byline::Error);
}
