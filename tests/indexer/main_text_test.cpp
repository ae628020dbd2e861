// Main-text extraction: the article's paragraphs, in order, without the page
// around them; and pages too deeply nested to parse are refused, not parsed
// for minutes.
#include "indexer/main_text.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "byline/error.hpp"
#include "indexer/html_tree.hpp"
#include "test_support.hpp"

using byline::detail::extract_main_text;
using byline::detail::HtmlTree;
using byline::detail::measure_nesting;

namespace {

std::string main_text(std::string_view html, std::string_view structured_body = {}) {
  const HtmlTree tree(html);
  return extract_main_text(tree, structured_body);
}

bool has(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// `first` occurs in `text`, and before `second`.
bool before(std::string_view text, std::string_view first, std::string_view second) {
  const std::size_t a = text.find(first);
  const std::size_t b = text.find(second);
  return a != std::string_view::npos && b != std::string_view::npos && a < b;
}

// Site chrome most templates share.
constexpr std::string_view kSiteHeader = R"(
<header class="site-header"><a href="/">Daily Planet</a>
  <nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
  <li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="cookie-banner"><p>We use cookies to improve your experience on our website.
  By continuing you agree to our cookie policy and the terms of use of this site.</p>
  <button>Accept all cookies</button></div>)";

constexpr std::string_view kSiteFooter = R"(
<footer><p>Copyright 2024 Daily Planet Media Group. All rights reserved worldwide.</p>
  <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></footer>)";

std::string page(std::string_view body_html) {
  return "<!DOCTYPE html><html><head><title>A page</title><script>var x = 'Script words';"
         "</script><style>p { color: red }</style></head><body>" +
         std::string(kSiteHeader) + std::string(body_html) + std::string(kSiteFooter) +
         "</body></html>";
}

}  // namespace

TEST_CASE("main text of a BBC-like page leaves out image sources and captions and the byline") {
  const std::string html = page(R"(
<main id="main-content"><article>
  <header><h1>Floods sweep through northern valleys</h1></header>
  <div data-component="byline-block"><span>By Jane Doe</span><span>BBC News</span>
    <time datetime="2024-03-01">Published 3 hours ago</time></div>
  <div data-component="image-block"><figure><div><img src="a.jpg" alt="">
    <span role="text"><span class="visually-hidden">Image source, </span>Reuters</span></div>
    <figcaption><span class="visually-hidden">Image caption, </span>Rescuers wade through
    water in the town centre</figcaption></figure></div>
  <div data-component="text-block"><p><b>Heavy rain has flooded hundreds of homes across the
    northern valleys, forcing thousands of residents to leave overnight.</b></p></div>
  <div data-component="text-block"><p>The Environment Agency said river levels were the
    highest on record at several gauges, and more rain is forecast for the weekend.</p></div>
  <div data-component="subheadline-block"><h2>Residents count the cost</h2></div>
  <div data-component="text-block"><p>Shop owners on the high street said the water rose
    faster than anyone had expected, ruining stock worth thousands of pounds.</p></div>
  <div data-component="links-block"><h2>More on this story</h2><ul>
    <li><a href="/1">Why are floods becoming more common?</a></li>
    <li><a href="/2">How to protect your home from flooding</a></li></ul></div>
  <div data-component="tag-list"><ul><li><a href="/t/weather">Weather</a></li>
    <li><a href="/t/floods">Floods</a></li></ul></div>
</article></main>
<section class="related-stories"><h2>Related</h2><a href="/x">Storm warnings issued for
  the whole coast as winds rise to 80 miles per hour</a></section>)");
  const std::string text = main_text(html);
  CHECK(has(text, "Heavy rain has flooded hundreds of homes"));
  CHECK(has(text, "highest on record at several gauges"));
  CHECK(has(text, "ruining stock worth thousands of pounds."));
  CHECK(has(text, "Residents count the cost"));
  CHECK(before(text, "Heavy rain", "Environment Agency"));
  CHECK(before(text, "Residents count the cost", "Shop owners"));
  CHECK(has(text, "weekend.\n\nResidents count the cost\n\nShop owners"));
  for (const char* chrome :
       {"Image source", "Reuters", "Image caption", "Rescuers wade", "By Jane Doe",
        "Published 3 hours ago", "More on this story", "Why are floods", "Weather",
        "Storm warnings", "cookies", "World", "Copyright", "Script words", "color: red",
        "Daily Planet", "Floods sweep through"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text of a Haaretz-like page leaves out share buttons and the comments") {
  const std::string html = page(R"(
<div class="page"><div class="article-wrapper">
  <h1 class="headline">Cabinet approves new budget after all-night session</h1>
  <ul class="share-bar"><li><a href="mailto:?">Send in e-mail</a></li>
    <li><a href="https://twitter.com/share">Tweet</a></li><li><a href="#">Zen</a></li></ul>
  <section class="article-body" itemprop="articleBody">
    <p>The cabinet approved the state budget early on Friday after a session that lasted
      through the night, ministers said.</p>
    <div class="share-buttons-wrapper"><div class="inline-share"><a href="#">Send in e-mail</a>
      <a href="#">Share on Facebook</a></div></div>
    <p>The budget includes a rise in defense spending and cuts to several ministries,
      according to a draft seen by reporters.</p>
    <p>Opposition leaders called the plan reckless and vowed to fight it in the Knesset.</p>
  </section>
  <section class="comments" id="comments"><h3>Comments</h3>
    <article class="comment"><p>This budget is a disgrace and everyone who voted for it should
      resign immediately, in my humble opinion as a long time reader.</p></article>
    <article class="comment"><p>Finally someone is doing something about defense, it took them
      long enough and the country paid the price for years.</p></article>
  </section>
</div></div>)");
  const std::string text = main_text(html);
  CHECK(has(text, "The cabinet approved the state budget"));
  CHECK(has(text, "rise in defense spending"));
  CHECK(has(text, "vowed to fight it in the Knesset."));
  CHECK(before(text, "cabinet approved", "Opposition leaders"));
  for (const char* chrome : {"Send in e-mail", "Tweet", "Facebook", "Comments", "disgrace",
                             "it took them long enough", "Zen"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text of a WordPress blog post keeps its lists and quotes in order") {
  const std::string html = page(R"(
<div id="page" class="site"><div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-42" class="post-42 post type-post status-publish hentry category-news tag-gardens">
  <header class="entry-header"><h1 class="entry-title">Ten things I learned about tomatoes</h1>
    <div class="entry-meta"><span class="posted-on">Posted on <a href="/2024/05/01/">May 1, 2024</a></span>
    <span class="byline"> by <a href="/author/ann">Ann</a></span></div></header>
  <div class="entry-content">
    <p>Growing tomatoes on a small balcony is easier than most people think, if you pick the
      right varieties and water them often.</p>
    <ul><li>Cherry tomatoes ripen first</li><li>Plum tomatoes need more sun</li></ul>
    <blockquote><p>The best fertilizer is the gardener's shadow.</p></blockquote>
    <p>By the end of the summer, the plants had produced more fruit than we could eat.</p>
    <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>
      <ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>
    <div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3>
      <p><a href="/peppers">Peppers on the windowsill</a></p></div>
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in <a href="/news">News</a></span></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on this</h2>
  <ol class="comment-list"><li><article class="comment-body"><p>Lovely post, my tomatoes
  never ripen before September though, any advice for a cold climate?</p></article></li></ol>
  <div id="respond"><form><p>Leave a Reply</p><textarea>x</textarea></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Recent Posts</h2>
  <ul><li><a href="/a">Planting garlic in autumn</a></li></ul></section></aside>
</div></div>)");
  const std::string text = main_text(html);
  CHECK(has(text, "Growing tomatoes on a small balcony"));
  CHECK(has(text, "\n\nCherry tomatoes ripen first\n\nPlum tomatoes need more sun\n\n"));
  CHECK(has(text, "The best fertilizer is the gardener's shadow."));
  CHECK(before(text, "Plum tomatoes", "gardener's shadow"));
  CHECK(before(text, "gardener's shadow", "By the end of the summer"));
  for (const char* chrome : {"Ten things I learned", "Posted on", "May 1, 2024", "Share this",
                             "Peppers on the windowsill", "Related", "Posted in", "thoughts",
                             "Lovely post", "Leave a Reply", "Recent Posts", "garlic"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text of div soup without article markup is found by its paragraphs") {
  const std::string html = R"(<html><body>
<div class="top"><div class="links"><a href="/">Home</a> | <a href="/news">News</a> |
  <a href="/sport">Sport</a> | <a href="/weather">Weather</a></div></div>
<div class="wrap"><div class="left"><div><a href="/a">Mayor opens new bridge</a></div>
  <div><a href="/b">School results out today</a></div><div><a href="/c">Council tax to rise</a></div></div>
<div class="center"><div class="story">
  <div class="hdl">Harbour reopens after storm repairs</div>
  <div class="txt">The harbour reopened to fishing boats on Monday after three months of
    repairs to the sea wall damaged in the January storm.<br><br>Fishermen said the closure
    had cost them most of the winter season, and some had moved their boats to other ports.
    <br><br>The council said the final bill would be published next month.</div>
</div></div>
<div class="right">Advertisement</div></div>
<div class="bottom">Contact the newsroom | Terms | Privacy</div>
</body></html>)";
  const std::string text = main_text(html);
  CHECK(has(text, "The harbour reopened to fishing boats on Monday"));
  CHECK(has(text, "January storm.\n\nFishermen said the closure"));
  CHECK(has(text, "other ports.\n\nThe council said the final bill"));
  for (const char* chrome : {"Home", "Mayor opens", "School results", "Advertisement",
                             "Contact the newsroom", "Privacy"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text of a live blog keeps every entry") {
  std::string entries;
  for (int i = 1; i <= 8; ++i) {
    const std::string n = std::to_string(i);
    entries += "<article class=\"live-post\"><time>1" + n + ":0" + n + "</time><h3>Update number " +
               n + " from the summit</h3><p>Entry " + n +
               " reports that the delegates, meeting for the " + n +
               "th hour, have still not agreed on the final text of the declaration.</p>" +
               "<div class=\"post-share\"><a href=\"#\">Share entry</a></div></article>";
  }
  const std::string html = page(
      "<main><h1>Climate summit: live updates</h1><div class=\"live-blog\">"
      "<div class=\"key-points\"><h2>Key points</h2><ul><li>Delegates are working through "
      "the night on the declaration</li></ul></div><div class=\"entries\">" +
      entries + "</div></div></main>");
  const std::string text = main_text(html);
  for (int i = 1; i <= 8; ++i) {
    const std::string n = std::to_string(i);
    CAPTURE(i);
    CHECK(has(text, "Entry " + n + " reports that the delegates"));
    CHECK(has(text, "Update number " + n + " from the summit"));
  }
  CHECK(before(text, "Entry 1 reports", "Entry 8 reports"));
  CHECK_FALSE(has(text, "Share entry"));
  CHECK_FALSE(has(text, "cookies"));
}

TEST_CASE("main text of a German page") {
  const std::string html = page(R"(
<article class="artikel"><h1>Bahn streicht Verbindungen im Winter</h1>
  <p class="autor">Von Klaus Müller</p>
  <div class="artikel-text">
  <p>Die Deutsche Bahn streicht im kommenden Winter zahlreiche Fernverbindungen, weil
    Personal und Fahrzeuge fehlen, wie ein Sprecher am Dienstag in Berlin mitteilte.</p>
  <p>Fahrgastverbände kritisierten die Entscheidung scharf und forderten Entschädigungen
    für Pendler, die auf die Verbindungen angewiesen sind.</p>
  <div class="teilen social-leiste"><a href="#">Teilen</a><a href="#">Drucken</a></div>
  <p>Die Bahn kündigte an, die Fahrpläne im Frühjahr erneut zu überprüfen.</p></div>
  <div class="newsletter-box"><p>Abonnieren Sie unseren Newsletter und verpassen Sie keine
    Nachricht mehr aus Ihrer Region.</p></div>
</article>)");
  const std::string text = main_text(html);
  CHECK(has(text, "Die Deutsche Bahn streicht im kommenden Winter"));
  CHECK(has(text, "Fahrgastverbände kritisierten"));
  CHECK(has(text, "im Frühjahr erneut zu überprüfen."));
  for (const char* chrome : {"Von Klaus Müller", "Teilen", "Drucken", "Newsletter",
                             "Bahn streicht Verbindungen im Winter"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text of a Japanese page counts characters not words") {
  const std::string html = page(R"(
<div class="container"><div class="side-menu"><ul><li><a href="/a">国内</a></li>
  <li><a href="/b">国際</a></li><li><a href="/c">経済</a></li></ul></div>
<div id="article-body-area"><h1>東京で記録的な大雪</h1>
  <p>東京都心では二十日朝、記録的な大雪となり、交通機関に大きな乱れが出た。</p>
  <p>気象庁によると、積雪は午前九時までに十五センチに達した。</p>
  <p>鉄道各社は運転の見合わせや遅れを発表している。</p>
  <div class="related-articles"><h2>関連記事</h2><ul><li><a href="/d">雪道の歩き方</a></li>
    <li><a href="/e">大雪への備え</a></li></ul></div>
</div></div>)");
  const std::string text = main_text(html);
  CHECK(has(text, "東京都心では二十日朝、記録的な大雪となり"));
  CHECK(has(text, "積雪は午前九時までに十五センチに達した。\n\n鉄道各社"));
  for (const char* chrome : {"国内", "関連記事", "雪道の歩き方", "東京で記録的な大雪"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text of a paywalled page keeps the teaser and drops the notice") {
  const std::string html = page(R"(
<article><h1>Inside the deal that saved the steelworks</h1>
  <div class="article-body">
    <p>For three weeks, negotiators met in secret in a hotel near the plant, trying to find a
      buyer before the money ran out.</p>
    <p>What they agreed, and what it cost, is only now becoming clear.</p>
  </div>
  <div class="paywall-notice"><h2>Subscribe to continue reading</h2><p>Get unlimited access to
    award-winning journalism for just 1 dollar a week. Cancel anytime.</p>
    <a class="btn" href="/subscribe">Subscribe now</a></div>
</article>)");
  const std::string text = main_text(html);
  CHECK(has(text, "negotiators met in secret in a hotel"));
  CHECK(has(text, "is only now becoming clear."));
  for (const char* chrome : {"Subscribe", "unlimited access", "Cancel anytime"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text drops related link lists inside the article element") {
  const std::string html = page(R"(
<article>
  <p>The museum will reopen its east wing next spring after a renovation that took four years
    and cost more than it was first meant to.</p>
  <p><strong>Read more:</strong> <a href="/other">Museum director steps down after row over
    funding</a></p>
  <p>Visitors will be able to see the collection of maps again, most of which has been in
    storage since the work began.</p>
  <h3>You may also like</h3>
  <ul><li><a href="/1">Ten museums to visit this winter</a></li>
    <li><a href="/2">The art of restoring old maps</a></li>
    <li><a href="/3">Why city museums are struggling</a></li></ul>
</article>)");
  const std::string text = main_text(html);
  CHECK(has(text, "The museum will reopen its east wing"));
  CHECK(has(text, "Visitors will be able to see the collection"));
  for (const char* chrome : {"Read more", "Museum director steps down", "You may also like",
                             "Ten museums", "restoring old maps"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text keeps the main article and not the teaser cards of other stories") {
  const std::string html = page(R"(
<div class="layout">
<article class="story">
  <h1>Wildfire forces evacuation of mountain villages</h1>
  <p>Firefighters battled a wildfire on Sunday that forced the evacuation of five mountain
    villages, as strong winds pushed the flames towards the valley.</p>
  <p>Officials said no one had been hurt, but dozens of houses had been damaged and the main
    road through the area would stay closed for several days.</p>
</article>
<div class="more">
  <article class="card"><a href="/s1"><h3>Drought hits farmers hard</h3></a>
    <p>Farmers say this summer is the driest in decades.</p></article>
  <article class="card"><a href="/s2"><h3>Heatwave to continue</h3></a>
    <p>Temperatures will stay high until Friday.</p></article>
  <article class="card"><a href="/s3"><h3>Water use limited in the south</h3></a>
    <p>A hosepipe ban starts next week.</p></article>
</div></div>)");
  const std::string text = main_text(html);
  CHECK(has(text, "Firefighters battled a wildfire on Sunday"));
  CHECK(has(text, "would stay closed for several days."));
  for (const char* chrome :
       {"Drought hits farmers", "driest in decades", "Heatwave", "hosepipe ban"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text leaves out share widgets nested among the paragraphs' containers") {
  const std::string html = page(R"(
<div class="story-body">
  <div class="row"><div class="col"><p>The central bank raised interest rates by a quarter
    of a point on Thursday, its fourth rise this year.</p></div></div>
  <div class="row"><div class="col"><div class="tools"><div class="social-share">
    <a href="#">Share on WhatsApp</a><span>Copy link</span></div></div>
    <p>Economists had expected the move, which the bank said was needed to bring inflation
      back towards its target.</p></div></div>
  <div class="row"><div class="col"><p>Mortgage lenders are expected to pass the rise on to
    borrowers within weeks.</p><div aria-hidden="true">Hidden teaser text</div>
    <span style="display: none">Invisible words</span></div></div>
</div>)");
  const std::string text = main_text(html);
  CHECK(has(text, "The central bank raised interest rates"));
  CHECK(has(text, "bring inflation back towards its target."));
  CHECK(has(text, "pass the rise on to borrowers within weeks."));
  CHECK(before(text, "central bank raised", "Mortgage lenders"));
  for (const char* chrome : {"WhatsApp", "Copy link", "Hidden teaser", "Invisible words"}) {
    CAPTURE(chrome);
    CHECK_FALSE(has(text, chrome));
  }
}

TEST_CASE("main text of a gallery keeps what text there is and no captions") {
  const std::string html = page(R"(
<article class="gallery"><h1>In pictures: the spring festival</h1>
  <p>Thousands gathered in the old town for the festival.</p>
  <figure><img src="1.jpg"><figcaption>Dancers in the main square</figcaption></figure>
  <figure><img src="2.jpg"><figcaption>A lantern parade at dusk</figcaption></figure>
  <div class="photo-credit">Photographs: John Smith</div>
</article>)");
  const std::string text = main_text(html);
  CHECK(text == "Thousands gathered in the old town for the festival.");
}

TEST_CASE("main text normalizes whitespace and joins inline elements into their paragraph") {
  const std::string html = page(
      "<article><p>  One\n  <em>emphatic</em>\t<a href=\"/x\">linked</a><strong>word</strong>"
      "<span>s</span> and a&nbsp;line<br>break in a sentence that is long enough.  </p>"
      "<p>Second paragraph.</p></article>");
  CHECK(main_text(html) ==
        "One emphatic linkedwords and a line break in a sentence that is long enough.\n\n"
        "Second paragraph.");
}

TEST_CASE("main text falls back to the structured body when the markup yields less") {
  const std::string html = page("<article><p>Only a short teaser of the story.</p></article>");
  const std::string body =
      "Only a short teaser of the story.\nThe rest of the story, as the page's JSON-LD states "
      "it, is much longer than the teaser the markup shows.";
  CHECK(main_text(html, body) ==
        "Only a short teaser of the story.\n\nThe rest of the story, as the page's JSON-LD "
        "states it, is much longer than the teaser the markup shows.");
  // When the markup holds the text, the markup's paragraphs win.
  CHECK(main_text(html, "Only a short teaser.") == "Only a short teaser of the story.");
}

TEST_CASE("main text of a page that is all script is empty") {
  std::string html = "<html><head></head><body>";
  for (int i = 0; i < 200; ++i)
    html += "<script>document.write('<p>Not article text at all, just a script.</p>');</script>";
  html += "</body></html>";
  CHECK(main_text(html).empty());
  CHECK(main_text("").empty());
  CHECK(main_text("<frameset><frame src=\"a.html\"></frameset>").empty());
}

TEST_CASE("measure_nesting counts open elements as a browser would") {
  CHECK(measure_nesting("<div><div><span>x</span></div></div>").max_depth == 3);
  // Void and implicitly closed elements, comments and script contents do not nest.
  CHECK(measure_nesting("<p>a<p>b<br><img src=x><li>c<li>d<!-- <div><div><div> -->").max_depth ==
        0);
  CHECK(measure_nesting("<script>if (a<b) document.write('<div><div>')</script><div>").max_depth ==
        1);
  // </div> closes the spans left open inside it.
  CHECK(measure_nesting("<div><span><span></div><div>").max_depth == 3);
  // A stray end tag closes nothing, and a "/>" in HTML does not close a div.
  CHECK(measure_nesting("</div></div><div/><div/>").max_depth == 2);
  CHECK(measure_nesting("<svg><path/><path/></svg>").max_depth == 1);
  // Quoted '>' in attributes do not end the tag.
  CHECK(measure_nesting("<div title=\"a>b\"><div class='<x>'>").max_depth == 2);
}

TEST_CASE("html tree refuses markup nested too deep to parse in reasonable time") {
  std::string deep;
  for (int i = 0; i < 50'000; ++i)
    deep += "<div>";
  const double start = byline::test::thread_cpu_seconds();
  try {
    const HtmlTree tree(deep);
    FAIL("parsed markup nested 50000 deep");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::bad_input);
    CHECK(std::string(e.what()) == "markup nested 50000 elements deep (the limit is 5000)");
  }
  // Unclosed formatting elements inside blocks nest too.
  std::string mixed;
  for (int i = 0; i < 20'000; ++i)
    mixed += "<span><div></span>";
  CHECK_THROWS_AS(HtmlTree{mixed}, byline::Error);
  const double elapsed = byline::test::thread_cpu_seconds() - start;
  CHECK(elapsed < 2.0);
}

TEST_CASE("html tree parses a large page of ordinary markup quickly") {
  std::string html = "<html><body><main>";
  int n = 0;
  while (html.size() < 1'000'000) {
    html += "<article><div class=\"row\"><div class=\"col\"><h2>Headline " + std::to_string(n++) +
            "</h2><p>Some text with <a href=\"/x\">a link</a> and <b>bold</b> words.<br>"
            "More text</p><ul><li>one<li>two</ul><table><tr><td>a<td>b</table></div></div>"
            "</article>";
  }
  html += "</main></body></html>";
  const auto nesting = measure_nesting(html);
  CHECK(nesting.max_depth < 10);
  const double start = byline::test::thread_cpu_seconds();
  const HtmlTree tree(html);
  const std::string text = extract_main_text(tree);
  const double elapsed = byline::test::thread_cpu_seconds() - start;
  CHECK(has(text, "Some text with a link and bold words. More text"));
  // gumbo reads about 3 MB/s in an optimized build (50 MB take it 15 s);
  // the limit, in CPU seconds, leaves room for sanitizers, and is still
  // far below what a quadratic walk over 1 MB would take.
  CHECK(elapsed < 10.0);
}
