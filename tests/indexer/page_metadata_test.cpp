// Metadata from news pages' markup: JSON-LD, Open Graph and other <meta>
// tags, microdata, and the text around the headline.
#include "indexer/page_metadata.hpp"

#include <doctest/doctest.h>

#include <string>

#include "indexer/html_tree.hpp"
#include "indexer/json_ld.hpp"

using byline::detail::extract_page_metadata;
using byline::detail::HtmlTree;
using byline::detail::JsonLdObject;
using byline::detail::PageMetadata;
using byline::detail::parse_json_ld;

namespace {

PageMetadata metadata_of(const std::string& html, std::string_view page_url = {}) {
  const HtmlTree tree(html);
  return extract_page_metadata(tree, page_url);
}

}  // namespace

TEST_CASE("page metadata: a BBC-like page with Open Graph and a byline line") {
  const auto m = metadata_of(R"(<!DOCTYPE html>
<html lang="en-GB"><head>
<title>Scottish independence: Polls show race too close to call - BBC News</title>
<meta property="og:title" content="Scottish independence: Polls show race too close to call">
<meta property="og:site_name" content="BBC News">
<meta property="og:url" content="http://www.bbc.co.uk/news/uk-scotland-29198374">
<meta name="twitter:site" content="@BBCWorld">
<meta property="article:modified_time" content="2014-09-16T08:00:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="story-body">
<h1>Scottish independence: Polls show race too close to call</h1>
<div class="byline">By Jane Doe and John Roe, BBC News</div>
<div class="date">15 September 2014</div>
<p>The BBC says three polls published on Monday put the two sides level.</p>
</div></body></html>)");
  CHECK(m.title == "Scottish independence: Polls show race too close to call");
  CHECK(m.source == "BBC News");
  CHECK(m.author == "Jane Doe, John Roe");
  CHECK(m.date == "2014-09-15");
  CHECK(m.url == "http://www.bbc.co.uk/news/uk-scotland-29198374");
  CHECK(m.lang == "en");
  CHECK(m.article_body.empty());
}

TEST_CASE("page metadata: an Al Jazeera-like page with a JSON-LD graph") {
  const auto m = metadata_of(R"(<html lang="en"><head>
<title>Iraq crisis: US strikes near Baghdad | News | Al Jazeera</title>
<link rel="canonical" href="/news/2014/9/16/iraq-crisis-us-strikes">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","@id":"https://www.aljazeera.com/#website","name":"Al Jazeera"},
 {"@type":"Organization","@id":"https://www.aljazeera.com/#publisher","name":"Al Jazeera"},
 {"@type":["NewsArticle","ReportageNewsArticle"],
  "headline":"Iraq crisis: US strikes near Baghdad",
  "datePublished":"2014-09-15T23:30:00-05:00","dateModified":"2014-09-17T10:00:00Z",
  "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Organization","name":"Al Jazeera"}],
  "publisher":{"@id":"https://www.aljazeera.com/#publisher"},
  "articleBody":"The United States carried out air strikes near Baghdad."}
]}
</script></head><body><h1>Iraq crisis: US strikes near Baghdad</h1></body></html>)",
                             "https://www.aljazeera.com/news/2014/9/16/iraq-crisis-us-strikes?x=1");
  CHECK(m.title == "Iraq crisis: US strikes near Baghdad");
  CHECK(m.source == "Al Jazeera");
  CHECK(m.author == "Jane Doe");
  // The local date as written in the timestamp, not the UTC day (the 16th).
  CHECK(m.date == "2014-09-15");
  CHECK(m.url == "https://www.aljazeera.com/news/2014/9/16/iraq-crisis-us-strikes");
  CHECK(m.article_body == "The United States carried out air strikes near Baghdad.");
  CHECK(m.lang == "en");
}

TEST_CASE("page metadata: a WordPress blog with article:published_time and rel=author") {
  const auto m = metadata_of(R"(<html lang="en-US"><head>
<title>Why local news matters &#8211; The Small Town Blog</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Why local news matters">
<meta property="og:site_name" content="The Small Town Blog">
<meta property="article:published_time" content="2014-09-15T08:12:44+00:00">
<meta property="article:modified_time" content="2015-01-02T10:00:00+00:00">
<meta property="article:author" content="https://www.facebook.com/janedoe">
<link rel="canonical" href="https://smalltown.example.org/2014/09/15/why-local-news-matters/">
</head><body><article class="post">
<header class="entry-header"><h1 class="entry-title">Why local news matters</h1>
<span class="byline">by <a class="url fn n" rel="author" href="/author/jane/">Jane Doe</a></span>
</header><div class="entry-content"><p>Newspapers close every week.</p></div>
</article></body></html>)");
  CHECK(m.title == "Why local news matters");
  CHECK(m.date == "2014-09-15");
  CHECK(m.author == "Jane Doe");
  CHECK(m.source == "The Small Town Blog");
  CHECK(m.url == "https://smalltown.example.org/2014/09/15/why-local-news-matters/");
  CHECK(m.lang == "en");
}

TEST_CASE("page metadata: a German page whose date is only in the text") {
  const auto m = metadata_of(R"(<html lang="de"><head>
<meta charset="utf-8"><title>Regierung senkt Steuern | Beispiel Zeitung</title>
<meta property="og:site_name" content="Beispiel Zeitung">
</head><body><main>
<h1>Regierung senkt Steuern</h1>
<p class="meta">Von Hans Müller und Erika Mustermann</p>
<p class="meta">15. September 2014, 10:33 Uhr</p>
<p>Die Bundesregierung hat am Montag beschlossen, die Steuern zu senken.</p>
</main></body></html>)",
                             "https://www.beispiel-zeitung.de/politik/regierung-senkt-steuern");
  CHECK(m.title == "Regierung senkt Steuern");
  CHECK(m.date == "2014-09-15");
  CHECK(m.author == "Hans Müller, Erika Mustermann");
  CHECK(m.source == "Beispiel Zeitung");
  CHECK(m.lang == "de");
}

TEST_CASE("page metadata: a French page with a time element and a Par line") {
  const auto m = metadata_of(R"(<html lang="fr-FR"><head>
<title>Le Journal : La réforme des retraites adoptée</title>
<meta property="og:site_name" content="Le Journal">
<meta name="author" content="Le Journal">
</head><body><article>
<header><h1>La réforme des retraites adoptée</h1>
<p>Par Jean Dupont</p>
<p>Publié le <time datetime="2014-09-15T10:00:00+02:00">15 septembre 2014</time>,
mis à jour le <time datetime="2014-09-16T09:00:00+02:00">16 septembre 2014</time></p>
</header><p>L'Assemblée a adopté le texte.</p></article></body></html>)");
  CHECK(m.title == "La réforme des retraites adoptée");
  CHECK(m.date == "2014-09-15");
  CHECK(m.author == "Jean Dupont");  // the meta author is the site's own name
  CHECK(m.source == "Le Journal");
  CHECK(m.lang == "fr");
}

TEST_CASE("page metadata: a Japanese page with the date written in the text") {
  const auto m = metadata_of(R"(<html lang="ja"><head>
<title>東京で新たに感染者確認 - 例示新聞</title>
<meta property="og:site_name" content="例示新聞">
</head><body><article><h1>東京で新たに感染者確認</h1>
<div class="date">2014年9月15日 10時33分</div>
<p>東京都は15日、新たに感染者が確認されたと発表した。</p></article></body></html>)");
  CHECK(m.title == "東京で新たに感染者確認");
  CHECK(m.date == "2014-09-15");
  CHECK(m.source == "例示新聞");
  CHECK(m.lang == "ja");
}

TEST_CASE("page metadata: a modification date alone is not a publication date") {
  const auto m = metadata_of(R"(<html><head><title>Council budget approved</title>
<script type="application/ld+json">{"@context":"http://schema.org","@type":"NewsArticle",
"headline":"Council budget approved","dateModified":"2014-09-16T10:00:00Z"}</script>
<meta property="article:modified_time" content="2014-09-16T10:00:00Z">
<meta property="og:updated_time" content="2014-09-16T10:00:00Z">
</head><body><h1>Council budget approved</h1>
<p>Last updated: 16 September 2014</p><p>Generated 2020-01-01 by the archive.</p>
<p>The council approved its budget.</p></body></html>)",
                             "https://news.example.com/story/12345");
  CHECK(m.title == "Council budget approved");
  CHECK(m.date.empty());
}

TEST_CASE("page metadata: a date found only in the URL") {
  const auto m = metadata_of(R"(<html><head><title>Storm hits coast</title></head>
<body><h1>Storm hits coast</h1><p>Winds reached 100 km/h.</p></body></html>)",
                             "https://www.example-news.com/2014/09/15/storm-hits-coast.html");
  CHECK(m.date == "2014-09-15");
  CHECK(m.title == "Storm hits coast");
  CHECK(m.url == "https://www.example-news.com/2014/09/15/storm-hits-coast.html");
  // No name stated anywhere: the bare domain.
  CHECK(m.source == "example-news.com");
  CHECK(metadata_of("<title>x</title>", "https://example.com/news/20140915/item").date ==
        "2014-09-15");
  CHECK(metadata_of("<title>x</title>", "https://example.com/2014-09-15-storm").date ==
        "2014-09-15");
  CHECK(metadata_of("<title>x</title>", "https://example.com/id/2014/99/15/").date.empty());
}

TEST_CASE("page metadata: an outlet quoted in the text is not the source") {
  const auto m = metadata_of(R"(<html><head>
<title>Poll: Scots split on independence — The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
</head><body><h1>Poll: Scots split on independence</h1>
<p>The BBC says the poll was commissioned by the BBC News channel. Source: BBC</p>
</body></html>)",
                             "https://dailyexample.com/poll");
  CHECK(m.source == "The Daily Example");
  CHECK(m.title == "Poll: Scots split on independence");
}

TEST_CASE("page metadata: broken JSON-LD is skipped and the rest still read") {
  const auto m = metadata_of(R"(<html lang="en"><head><title>Markets rally - Example Times</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Wrong", "datePublished":</script>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Markets rally",
 "datePublished":"2014-09-15","author":"Jane Doe","publisher":{"@type":"Organization","name":"Example Times"}}
</script></head><body><h1>Markets rally</h1></body></html>)");
  CHECK(m.title == "Markets rally");
  CHECK(m.date == "2014-09-15");
  CHECK(m.author == "Jane Doe");
  CHECK(m.source == "Example Times");
}

TEST_CASE("page metadata: title by agreement and site names from the domain") {
  // No og:site_name: the <title> part that spells the domain is the site.
  const auto m = metadata_of(R"(<html><head><title>Al Jazeera - Gaza ceasefire holds</title>
</head><body><p>text</p></body></html>)",
                             "https://www.aljazeera.com/news/gaza");
  CHECK(m.title == "Gaza ceasefire holds");
  CHECK(m.source == "Al Jazeera");
  // A hyphen inside a headline is not a site suffix.
  const auto k =
      metadata_of(R"(<title>Obama - the man behind the myth</title>)", "https://example.org/obama");
  CHECK(k.title == "Obama - the man behind the myth");
  // A headline cut short for search engines gives way to the whole <h1>.
  const auto t = metadata_of(R"(<html><head>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"A very long headline that..."}</script>
</head><body><article><h1>A very long headline that goes on and on</h1></article></body></html>)");
  CHECK(t.title == "A very long headline that goes on and on");
  // The site's logo in an <h1> outside the article is not the headline.
  const auto l = metadata_of(R"(<html><head><meta property="og:site_name" content="Example Post">
</head><body><h1>Example Post</h1><article><h1>Bridge reopens</h1></article></body></html>)");
  CHECK(l.title == "Bridge reopens");
}

TEST_CASE("page metadata: JSON-LD arrays of objects and type arrays") {
  const auto m = metadata_of(R"(<script type="application/ld+json">
[{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[]},
 {"@context":"https://schema.org","@type":["BlogPosting"],"headline":"Garden notes",
  "datePublished":"1790-07-04","author":[{"name":"Jane Doe"},{"name":"John Roe"}],
  "publisher":[{"@type":"Organization","name":"Garden Weekly"}],"inLanguage":"en-US"}]
</script>)");
  CHECK(m.title == "Garden notes");
  CHECK(m.date == "1790-07-04");  // a structured date keeps any year
  CHECK(m.author == "Jane Doe, John Roe");
  CHECK(m.source == "Garden Weekly");
  CHECK(m.lang == "en");
}

TEST_CASE("page metadata: microdata and meta dates of many kinds") {
  const auto m = metadata_of(R"(<html><body>
<div itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">Election results</h1>
<span itemprop="author" itemscope itemtype="https://schema.org/Person">
  <a href="/people/jane"><span itemprop="name">Jane Doe</span></a>, Chief Correspondent</span>
<meta itemprop="datePublished" content="2014-09-15">
</div></body></html>)");
  CHECK(m.title == "Election results");
  CHECK(m.author == "Jane Doe");
  CHECK(m.date == "2014-09-15");
  CHECK(metadata_of(R"(<meta name="DC.date.issued" content="2014-09-15">)").date == "2014-09-15");
  CHECK(metadata_of(R"(<meta name="sailthru.date" content="2014-09-15 10:00:00">)").date ==
        "2014-09-15");
  CHECK(metadata_of(R"(<meta name="parsely-pub-date" content="2014-09-15T10:00:00Z">)").date ==
        "2014-09-15");
  CHECK(metadata_of(R"(<meta name="pubdate" content="20140915">)").date == "2014-09-15");
  CHECK(metadata_of(R"(<meta name="date" content="September 15, 2014">)").date == "2014-09-15");
  CHECK(metadata_of(R"(<body><time pubdate datetime="2014-09-15">Monday</time></body>)").date ==
        "2014-09-15");
  // The site's name in a byline is not an author, whichever way it is known.
  CHECK(metadata_of(R"(<body><h1>Storm hits coast</h1><p>By Jane Doe, Al Jazeera</p></body>)",
                    "https://www.aljazeera.com/news/storm")
            .author == "Jane Doe");
  // A masthead's <time> (today's date) outside the article is not the date.
  CHECK(metadata_of(R"(<body><header><time datetime="2020-01-01">Wednesday</time></header>
<article><h1>Storm hits coast</h1><p>Winds reached 100 km/h.</p></article></body>)")
            .date.empty());
  // A <time> in a sidebar or one outside any article says nothing.
  CHECK(metadata_of(R"(<body><aside><time datetime="2014-09-15">x</time></aside></body>)")
            .date.empty());
}

TEST_CASE("page metadata: url and lang fall back in order") {
  CHECK(metadata_of(R"(<meta property="og:url" content="https://example.com/a">)",
                    "https://example.com/a?utm=1")
            .url == "https://example.com/a");
  CHECK(metadata_of("<p>x</p>", "https://example.com/b").url == "https://example.com/b");
  CHECK(metadata_of(R"x(<link rel="canonical" href="javascript:alert(1)">)x", "ftp://x/y")
            .url.empty());
  CHECK(metadata_of(R"(<link rel="canonical" href="c.html">)", "https://example.com/news/b.html")
            .url == "https://example.com/news/c.html");
  CHECK(metadata_of(R"(<meta http-equiv="Content-Language" content="pt-BR">)").lang == "pt");
  CHECK(metadata_of(R"(<meta property="og:locale" content="es_ES">)").lang == "es");
  CHECK(metadata_of(R"(<html lang="x-default"><p>x</p></html>)").lang.empty());
  CHECK(metadata_of(R"(<html lang="iw"><p>x</p></html>)").lang == "he");
  // The twitter handle names the source only when nothing else does.
  CHECK(metadata_of(R"(<meta name="twitter:site" content="@BBCWorld">)").source == "BBCWorld");
}

TEST_CASE("page metadata: hostile pages") {
  // Nesting as deep as HtmlTree parses (deeper pages it refuses itself).
  std::string deep = "<html><body><h1>Deep page</h1>";
  for (std::size_t i = 0; i + 10 < byline::detail::kMaxDepth; ++i)
    deep += "<div>";
  deep += "15 September 2014";
  const auto m = metadata_of(deep);
  CHECK(m.title == "Deep page");
  CHECK(m.date == "2014-09-15");
  // Deeply nested JSON-LD and odd attributes do not throw.
  std::string json =
      R"(<script type="application/ld+json">{"@type":"NewsArticle","headline":"Deep","x":)";
  for (int i = 0; i < 100000; ++i)
    json += "[";
  json += "</script>";
  CHECK_NOTHROW((void)metadata_of(json));
  std::string nested =
      R"(<script type="application/ld+json">{"@type":"NewsArticle","headline":"Nested","x":)";
  for (int i = 0; i < 5000; ++i)
    nested += "[";
  for (int i = 0; i < 5000; ++i)
    nested += "]";
  nested += "}</script>";
  CHECK(metadata_of(nested).title == "Nested");
  CHECK_NOTHROW((void)metadata_of(R"(<meta property="article:published_time" content="9999-99-99">
<link rel="canonical"><time datetime></time><html lang="">)"));
}

TEST_CASE("json-ld: objects found in graphs arrays and nested pages") {
  const auto objects = parse_json_ld(R"({"@context":"https://schema.org","@graph":[
    {"@type":"WebPage","name":"Page","mainEntity":{"@type":"http://schema.org/NewsArticle",
      "headline":"Inner","datePublished":"2014-09-15"}},
    {"@type":"WebSite","name":"Example"}]})");
  REQUIRE(objects.size() == 3);
  CHECK(objects[0].kind == JsonLdObject::Kind::web_page);
  CHECK(objects[1].kind == JsonLdObject::Kind::article);
  CHECK(objects[1].headline == "Inner");
  CHECK(objects[1].depth == 1);
  CHECK(objects[2].kind == JsonLdObject::Kind::web_site);
  CHECK(objects[2].name == "Example");
  CHECK(parse_json_ld("{not json").empty());
  CHECK(parse_json_ld("").empty());
  CHECK(parse_json_ld("<!-- {\"@type\":\"Article\",\"headline\":\"H\"} -->").size() == 1);
}
