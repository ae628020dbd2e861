// ingest() of news as it arrives: web pages (files, gzip, JSON Lines
// "html", standard input) and crawls (WARC), end to end into a real index:
// clean bodies, metadata from the markup (the manifest still wins), and bad
// pages and records reported by file and record, the rest indexed.
#include <doctest/doctest.h>
#include <xapian.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "byline/index.hpp"
#include "byline/ingest.hpp"
#include "byline/search.hpp"
#include "byline/writer.hpp"
#include "engine/document_codec.hpp"
#include "indexer/document_builder.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using byline::Diagnostic;
using byline::IngestOptions;
using byline::IngestSummary;

namespace {

struct Fixture {
  byline::test::TempDir dir;
  byline::Index index = byline::test::create_index(dir / "idx");
  byline::Writer writer{index};

  [[nodiscard]] std::optional<byline::Article> stored(std::string_view id) const {
    Xapian::Database db((dir / "idx").string());
    const std::string term = byline::detail::id_term(id);
    const auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term))
      return std::nullopt;
    return byline::detail::decode_article(db.get_document(*it).get_data());
  }

  // Ids of the articles a query finds.
  [[nodiscard]] std::vector<std::string> found(const std::string& query) const {
    auto index = byline::Index::open(dir / "idx");
    byline::Searcher searcher(index);
    byline::SearchOptions options;
    options.limit = 100;
    std::vector<std::string> ids;
    for (const auto& hit : searcher.search(query, options).hits)
      ids.push_back(hit.id);
    return ids;
  }
};

fs::path fixtures() {
  return fs::path(BYLINE_SOURCE_DIR) / "tests" / "fixtures";
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string gzip(std::string_view data) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

bool mentions(const IngestSummary& summary, std::string_view text) {
  for (const auto& d : summary.diagnostics) {
    if (d.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

std::string messages(const IngestSummary& summary) {
  std::string out;
  for (const auto& d : summary.diagnostics)
    out += d.path + ": " + d.message + "\n";
  return out;
}

const std::string kPage = R"(<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Ferry strike halts island crossings | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2023-06-02T07:45:00+01:00">
<meta name="author" content="Morag Lindsay">
<link rel="canonical" href="https://harbour-times.example/news/ferry-strike">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Ferry strike halts island crossings</h1>
<p class="byline">By Morag Lindsay</p>
<p>Crossings to the northern islands were cancelled on Friday after deckhands walked out over
rotas, leaving hundreds of travellers stranded at the quayside in Kirkwall.</p>
<figure><img src="q.jpg"><figcaption>Image caption, Passengers waited at the terminal</figcaption></figure>
<p>The operator said it hoped talks with the union would resume early next week, and that
freight sailings carrying fuel and medicine would continue throughout the dispute.</p>
<div class="share">Share this article on Facebook Share on Twitter</div>
</article>
<footer>Cookie settings. Subscribe to our newsletter.</footer>
</body></html>)";

}  // namespace

TEST_CASE("a web page file becomes an article with its main text and its metadata") {
  Fixture f;
  byline::test::write_file(f.dir / "in" / "ferry.html", kPage);
  const auto summary = byline::ingest(f.writer, {(f.dir / "in").string()});
  CHECK_MESSAGE(summary.diagnostics.empty(), messages(summary));
  REQUIRE(summary.indexed == 1);
  const auto article = f.stored("ferry");
  REQUIRE(article);
  CHECK(article->title == "Ferry strike halts island crossings");
  CHECK(article->source == "Harbour Times");
  CHECK(article->date == "2023-06-02");
  CHECK(article->author == "Morag Lindsay");
  CHECK(article->url == "https://harbour-times.example/news/ferry-strike");
  CHECK(article->lang == "en");
  CHECK(article->body.starts_with("Crossings to the northern islands were cancelled"));
  CHECK(article->body.find("\n\nThe operator said") != std::string::npos);
  for (const char* chrome :
       {"Image caption", "Share this", "Cookie", "newsletter", "Sport", "By Morag", "halts island"})
    CHECK_MESSAGE(article->body.find(chrome) == std::string::npos, chrome);
  CHECK(f.found("deckhands") == std::vector<std::string>{"ferry"});
  CHECK(f.found("Facebook").empty());
  CHECK(f.found("\"image caption\"").empty());
}

TEST_CASE("the manifest and explicit JSON fields win over what the page says") {
  Fixture f;
  byline::test::write_file(f.dir / "in" / "ferry.htm", kPage);
  byline::test::write_file(f.dir / "in" / "manifest.jsonl",
                           R"({"file": "ferry.htm", "source": "Orkney Wire", "date": "2023-06-03"})"
                           "\n");
  const auto summary = byline::ingest(f.writer, {(f.dir / "in").string()});
  REQUIRE(summary.indexed == 1);
  const auto article = f.stored("ferry");
  REQUIRE(article);
  CHECK(article->source == "Orkney Wire");
  CHECK(article->date == "2023-06-03");
  CHECK(article->author == "Morag Lindsay");  // the page's, as the manifest says nothing
}

TEST_CASE("gzip-compressed pages and pages in a JSON Lines html field are read too") {
  Fixture f;
  byline::test::write_file(f.dir / "in" / "saved" / "ferry.html.gz", gzip(kPage));
  nlohmann::json line = {{"url", "https://harbour-times.example/news/ferry-strike?ref=rss"},
                         {"html", kPage},
                         {"source", "Scraped Feed"}};
  nlohmann::json again = line;
  again["url"] = "https://harbour-times.example/news/ferry-strike?ref=twitter";
  byline::test::write_file(f.dir / "in" / "scrape.jsonl", line.dump() + "\n" + again.dump() + "\n");
  const auto summary = byline::ingest(f.writer, {(f.dir / "in").string()});
  CHECK_MESSAGE(summary.skipped == 0, messages(summary));
  CHECK(summary.indexed == 2);
  // The same page reached by two URLs is one article: its canonical URL names it.
  CHECK(summary.replaced == 1);
  const auto from_gzip = f.stored("saved/ferry");
  REQUIRE(from_gzip);
  CHECK(from_gzip->author == "Morag Lindsay");
  CHECK(from_gzip->body.starts_with("Crossings to the northern islands"));
  // No "id" in the line: the page's canonical URL names the article.
  const auto articles = f.found("deckhands");
  REQUIRE(articles.size() == 2);
  const std::string scraped_id = articles[0] == "saved/ferry" ? articles[1] : articles[0];
  CHECK(scraped_id.starts_with("url-"));
  const auto scraped = f.stored(scraped_id);
  REQUIRE(scraped);
  CHECK(scraped->source == "Scraped Feed");
  CHECK(scraped->url == "https://harbour-times.example/news/ferry-strike?ref=twitter");  // given
}

TEST_CASE("standard input is told by its content: a page or a crawl") {
  Fixture f;
  std::istringstream page("\n  " + kPage);
  IngestOptions options;
  options.standard_input = &page;
  auto summary = byline::ingest(f.writer, {"-"}, options);
  CHECK_MESSAGE(summary.indexed == 1, messages(summary));
  CHECK(f.found("deckhands").size() == 1);

  std::istringstream crawl(slurp(fixtures() / "warc" / "sample.warc.gz"));
  options.standard_input = &crawl;
  summary = byline::ingest(f.writer, {"-"}, options);
  CHECK(summary.indexed == 3);
  REQUIRE(summary.crawls.size() == 1);
  CHECK(summary.crawls[0].path == "-");
  CHECK(f.found("lighthouse").size() == 1);
}

TEST_CASE("a crawl: one article per HTML response and the other records counted") {
  for (const char* name : {"sample.warc", "sample.warc.gz"}) {
    CAPTURE(name);
    Fixture f;
    const std::string path = (fixtures() / "warc" / name).string();
    const auto summary = byline::ingest(f.writer, {path});
    CHECK(summary.indexed == 3);
    CHECK(summary.skipped == 1);  // the record whose length lies
    REQUIRE(summary.crawls.size() == 1);
    const auto& crawl = summary.crawls[0];
    CHECK(crawl.path == path);
    CHECK(crawl.records == 8);
    CHECK(crawl.pages == 3);
    CHECK(crawl.non_html == 1);
    CHECK(crawl.revisits == 1);
    CHECK(crawl.other == 2);
    CHECK(crawl.broken == 1);
    CHECK(crawl.description == "3 pages, 1 non-HTML, 1 revisit, 2 other records, 1 broken record");
    REQUIRE(summary.diagnostics.size() >= 1);
    CHECK(mentions(summary, "record 7 (offset "));
    for (const auto& d : summary.diagnostics)
      CHECK(d.path == path);

    // Chunked, gzip-encoded and windows-1252 pages all read; each found by its words.
    const auto english = f.found("lighthouse");
    REQUIRE(english.size() == 1);
    CHECK(english[0].starts_with("url-"));
    const auto article = f.stored(english[0]);
    REQUIRE(article);
    CHECK(article->url.find("harborgazette.example") != std::string::npos);
    CHECK(f.found("Windkraftanlage").size() == 1);
    CHECK(f.found("goélands").size() == 1);
  }
}

TEST_CASE("a crawl with a truncated gzip member loses that record only") {
  Fixture f;
  const std::string whole = slurp(fixtures() / "warc" / "sample.warc.gz");
  // Cut the file in the middle of its last member: the record before it and
  // everything earlier still read.
  const std::string cut = whole.substr(0, whole.size() - 200);
  byline::test::write_file(f.dir / "cut.warc.gz", cut);
  const auto summary = byline::ingest(f.writer, {(f.dir / "cut.warc.gz").string()});
  CHECK(summary.indexed == 2);
  CHECK(mentions(summary, "truncated gzip member"));
  CHECK(f.found("lighthouse").size() == 1);
  CHECK(f.found("Windkraftanlage").size() == 1);
}

TEST_CASE("bad pages are named and skipped and the good ones indexed") {
  Fixture f;
  const fs::path in = f.dir / "in";
  // Malformed markup is repaired as browsers repair it.
  byline::test::write_file(in / "a_malformed.html",
                           "<html><body><div><p>Unclosed paragraphs about the <b>harbour "
                           "<i>dredging</b> plan</i> that the council approved on Monday after "
                           "a long debate<p>and a second paragraph about the cost of it all, "
                           "which rose by a third since the plan was first put forward.</table>");
  byline::test::write_file(in / "b_all_script.html",
                           "<html><head><script>var a = 'nothing to read here';</script></head>"
                           "<body><script>document.write('x')</script></body></html>");
  std::string deep = "<html><body>";
  for (int i = 0; i < 20000; ++i)
    deep += "<div>";
  byline::test::write_file(in / "c_deep.html", deep + "words</body></html>");
  byline::test::write_file(in / "d_truncated.html.gz", gzip(kPage).substr(0, 300));
  byline::test::write_file(in / "e_good.html", kPage);
  const auto summary = byline::ingest(f.writer, {in.string()});
  CHECK(summary.indexed == 2);
  CHECK(summary.skipped == 3);
  CHECK(f.found("dredging") == std::vector<std::string>{"a_malformed"});
  CHECK(f.found("deckhands") == std::vector<std::string>{"e_good"});
  const auto described = messages(summary);
  CHECK_MESSAGE(
      described.find("b_all_script.html: no article text found in the page") != std::string::npos,
      described);
  CHECK_MESSAGE(
      described.find("c_deep.html: markup nested 20000 elements deep") != std::string::npos,
      described);
  CHECK_MESSAGE(described.find("d_truncated.html.gz: cannot decompress: truncated gzip member") !=
                    std::string::npos,
                described);
}

TEST_CASE("the seed scrapes: words only in their chrome find nothing and snippets start in text") {
  Fixture f;
  const auto summary = byline::ingest(f.writer, {byline::test::corpus_dir().string()});
  REQUIRE(summary.indexed == 5);
  // What a user searching the seeds met before: chrome only (share buttons,
  // captions and credits, comment policies, site widgets).
  for (const char* chrome :
       {"Reuters", "\"comments policy\"", "Facebook", "homepage", "\"image caption\"",
        "\"live box\"", "\"send in e-mail\"", "\"real time analytics\"", "\"traffic alerts\""}) {
    CAPTURE(chrome);
    CHECK(f.found(chrome).empty());
  }
  // The articles' own words still are.
  CHECK(f.found("Masum").size() == 5);
  CHECK(f.found("Steinmeier").size() == 1);
  CHECK(f.found("\"all means necessary\"").size() >= 1);

  auto index = byline::Index::open(f.dir / "idx");
  byline::Searcher searcher(index);
  byline::SearchOptions options;
  options.limit = 10;
  options.snippets.count = 2;
  for (const char* query : {"Masum", "Kerry", "Iraq", "coalition"}) {
    for (const auto& hit : searcher.search(query, options).hits) {
      for (const auto& snippet : hit.snippets) {
        CAPTURE(query);
        CAPTURE(snippet.text);
        for (const char* chrome :
             {"Send in e-mail", "Image source", "Image caption", "Media caption", "Like Us",
              "Read more on", "Live Box", "Join the conversation", "Make CT Your Homepage"})
          CHECK(snippet.text.find(chrome) == std::string::npos);
      }
    }
  }
}
