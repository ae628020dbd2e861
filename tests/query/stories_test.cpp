// Near-duplicates, collapsing and stories through the library: the seed
// articles (one event told by five outlets), reprints of one of them made
// as wire copy is reprinted, and other news, indexed in one run, in
// several commits, through shards and after a rebuild.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "test_support.hpp"

using byline::Article;
using byline::Searcher;
using byline::SearchOptions;

namespace {

constexpr std::string_view kSeed = "000_948900f74b3c9d2b";  // Al Jazeera's report

Article news(std::string id, std::string title, std::string body, std::string source,
             std::string date) {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  a.source = std::move(source);
  a.date = std::move(date);
  a.lang = "en";
  return a;
}

// Other news, nothing to do with the seeds' event or each other.
const std::vector<Article> kOtherNews = {
    news("other-floods", "Floods force thousands from their homes in Bangladesh",
         "Heavy monsoon rains have flooded large parts of northern Bangladesh, forcing more than "
         "forty thousand people to leave their homes, disaster management officials said on "
         "Tuesday. Rivers burst their banks in the districts of Sylhet and Sunamganj after three "
         "days of rain, and the army was sent to help move families to shelters in schools. Roads "
         "and railway lines were cut in several places, and the officials said rice fields ready "
         "for harvest had been lost. Aid groups warned that clean water would run short within "
         "days if the rain did not stop.",
         "Dhaka Tribune", "2014-06-20"),
    news(
        "other-election", "Voters in Scotland head to the polls in independence referendum",
        "Polling stations opened across Scotland on Thursday morning as voters decide whether the "
        "country should leave the United Kingdom after more than three hundred years. Turnout was "
        "expected to be the highest in a generation, with almost every adult registered to vote. "
        "The last opinion polls put the No campaign slightly ahead, but both sides said the result "
        "was too close to call. Counting will begin as soon as the polls close at ten in the "
        "evening, and a result is expected early on Friday.",
        "The Scotsman", "2014-09-18"),
    news(
        "other-markets", "Oil prices fall to their lowest level in four years",
        "The price of Brent crude fell below eighty dollars a barrel on Thursday for the first "
        "time "
        "in four years, as supply from the United States kept rising and demand in Europe and Asia "
        "slowed. Traders said the market was waiting for the oil producers' cartel to decide at "
        "its "
        "meeting in Vienna next month whether to cut production. Shares in energy companies fell "
        "sharply in London and New York, while airlines gained on hopes of cheaper fuel.",
        "Financial Times", "2014-11-13"),
};

// The paragraphs of `body`, cut at blank lines.
std::vector<std::string> paragraphs(const std::string& body) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from < body.size()) {
    std::size_t end = body.find("\n\n", from);
    if (end == std::string::npos)
      end = body.size();
    if (end > from)
      out.push_back(body.substr(from, end - from));
    from = end + 2;
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts)
    out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

// Reprints of `original` as other outlets run wire copy: their own
// headline, the last paragraphs cut, an editor's note added.
std::vector<Article> reprints(const Article& original) {
  const std::vector<std::string> parts = paragraphs(original.body);
  REQUIRE(parts.size() >= 4);
  std::vector<Article> out;
  Article retitled = original;
  retitled.id = "reprint-retitled";
  retitled.title = "Dozens of nations promise to help Baghdad";
  retitled.source = "Daily Courier";
  retitled.url.clear();
  out.push_back(retitled);
  Article trimmed = retitled;
  trimmed.id = "reprint-trimmed";
  trimmed.source = "Evening Post";
  trimmed.body =
      joined({parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(parts.size() * 2 / 3)});
  out.push_back(trimmed);
  Article noted = retitled;
  noted.id = "reprint-noted";
  noted.source = "Morning Herald";
  noted.body = "Editor's note: this story was first published by Al Jazeera.\n\n" + original.body;
  out.push_back(noted);
  return out;
}

// The seeds, their reprints and other news, indexed in one ingestion of
// the corpus (through shards when the machine has two cores) and commits
// of the rest.
class StoryIndex {
 public:
  StoryIndex() {
    auto index = byline::test::create_index(path());
    byline::Writer writer(index);
    const auto summary = byline::ingest(writer, {byline::test::corpus_dir().string()});
    REQUIRE(summary.indexed == 5);
    CHECK(summary.near_duplicates == 0);
    CHECK(summary.new_stories == 1);
    const Article original = *Searcher(index).article(kSeed);
    for (const Article& a : reprints(original))
      writer.add(a);
    writer.commit();
    for (const Article& a : kOtherNews)
      writer.add(a);
    writer.commit();
  }
  [[nodiscard]] std::filesystem::path path() const { return dir_ / "idx"; }

 private:
  byline::test::TempDir dir_;
};

const StoryIndex& story_index() {
  static const StoryIndex instance;
  return instance;
}

std::map<std::string, byline::Hit> hits_by_id_in(const std::filesystem::path& path,
                                                 std::string_view query,
                                                 SearchOptions options = {}) {
  auto index = byline::Index::open(path);
  Searcher searcher(index);
  options.limit = 100;
  std::map<std::string, byline::Hit> out;
  for (byline::Hit& hit : searcher.search(query, options).hits)
    out.emplace(hit.id, std::move(hit));
  return out;
}

std::map<std::string, byline::Hit> hits_by_id(std::string_view query, SearchOptions options = {}) {
  return hits_by_id_in(story_index().path(), query, std::move(options));
}

// Who is with whom in `index_path`, whatever the group keys or story ids:
// the sets of article ids that share a group (or a story).
std::set<std::set<std::string>> partition(const std::filesystem::path& index_path, bool by_story) {
  auto index = byline::Index::open(index_path);
  Searcher searcher(index);
  SearchOptions options;
  options.limit = 100;
  std::map<std::string, std::set<std::string>> by_key;
  for (const auto& hit : searcher.search("*", options).hits)
    by_key[by_story ? hit.story : hit.duplicate_group].insert(hit.id);
  std::set<std::set<std::string>> out;
  for (auto& [key, ids] : by_key)
    out.insert(ids);
  return out;
}

std::set<std::string> ids_of(const std::map<std::string, byline::Hit>& hits) {
  std::set<std::string> out;
  for (const auto& [id, hit] : hits)
    out.insert(id);
  return out;
}

}  // namespace

TEST_CASE(
    "reprints of an article share its group, and reports of one event by other outlets do not") {
  const auto hits = hits_by_id("*");
  REQUIRE(hits.size() == 11);
  for (const char* reprint : {"reprint-retitled", "reprint-trimmed", "reprint-noted"}) {
    CAPTURE(reprint);
    CHECK(hits.at(reprint).duplicate_group == kSeed);
  }
  std::set<std::string> groups;
  for (const auto& [id, hit] : hits) {
    if (!id.starts_with("reprint-")) {
      CHECK(hit.duplicate_group == id);  // alone, or the first of its group
      groups.insert(hit.duplicate_group);
    }
  }
  CHECK(groups.size() == 8);
}

TEST_CASE("collapse shows one hit per group, counting both articles and hits") {
  auto index = byline::Index::open(story_index().path());
  Searcher searcher(index);
  SearchOptions options;
  options.limit = 100;
  const auto plain = searcher.search("coalition", options);
  options.collapse = true;
  const auto collapsed = searcher.search("coalition", options);
  CHECK(collapsed.total == plain.total);
  CHECK(collapsed.total_exact);
  CHECK(collapsed.collapsed_total + 3 == plain.total);
  CHECK(collapsed.hits.size() == collapsed.collapsed_total);
  std::size_t copies = 0;
  for (const auto& hit : collapsed.hits) {
    copies += hit.copies_collapsed;
    CHECK(hit.copies.empty());  // not asked for
  }
  CHECK(copies == 3);

  // With the copies listed: the group's other articles, with their sources.
  options.list_copies = true;
  const auto listed = searcher.search("coalition", options);
  const auto stands_for = std::find_if(listed.hits.begin(), listed.hits.end(),
                                       [](const auto& h) { return h.copies_collapsed > 0; });
  REQUIRE(stands_for != listed.hits.end());
  CHECK(stands_for->duplicate_group == kSeed);
  std::set<std::string> copy_sources;
  for (const auto& copy : stands_for->copies) {
    CHECK(copy.id != stands_for->id);
    copy_sources.insert(copy.source);
  }
  CHECK(stands_for->copies.size() == 3);
  CHECK(copy_sources.size() == 3);

  // Off, no hit stands for another.
  for (const auto& hit : plain.hits)
    CHECK(hit.copies_collapsed == 0);
  CHECK(plain.collapsed_total == plain.total);
}

// The group of each of a query's matches, from its uncollapsed hits.
std::map<std::string, std::string> groups_of(const std::filesystem::path& index_path,
                                             const std::string& query) {
  auto index = byline::Index::open(index_path);
  SearchOptions options;
  options.limit = 100;
  std::map<std::string, std::string> out;
  for (const auto& hit : Searcher(index).search(query, options).hits)
    out[hit.id] = hit.duplicate_group;
  return out;
}

// A collapsed search of one word none of whose matches is a copy does not
// collapse (query/searcher.cpp); others do, as Xapian does: both must count
// what the hits show, whichever articles of a group match.
void check_collapsed_counts(const std::filesystem::path& index_path) {
  auto index = byline::Index::open(index_path);
  Searcher searcher(index);
  SearchOptions options;
  options.collapse = true;
  options.limit = 100;
  // The first article and its copies; the first and two copies ("ayatollah"
  // is in the part the trimmed copy lost); copies only ("editor", in the
  // note, "nations" in the reprints' headline); no copy; everything;
  // phrases and combinations, counted by Xapian.
  for (const std::string query :
       {"coalition", "ayatollah", "editor", "nations", "monsoon", "*", "\"islamic state\"",
        "coalition AND editor", "editor OR monsoon", "nations NOT editor"}) {
    CAPTURE(query);
    const auto groups = groups_of(index_path, query);
    std::map<std::string, std::size_t> members;
    for (const auto& [id, group] : groups)
      ++members[group];
    const std::size_t expected = members.size();
    const auto collapsed = searcher.search(query, options);
    CHECK(collapsed.collapsed_total == expected);
    for (const auto& hit : collapsed.hits) {
      CAPTURE(hit.id);
      CHECK(hit.copies_collapsed + 1 == members[hit.duplicate_group]);
    }
    CHECK(collapsed.total == searcher.search(query).total);
    CHECK(collapsed.total_exact);
    CHECK(collapsed.hits.size() == expected);
    SearchOptions estimated = options;
    estimated.exact_total = false;
    CHECK(searcher.search(query, estimated).collapsed_total == expected);
  }
}

TEST_CASE("a collapsed count is the number of groups among the matches, whichever match") {
  const auto path = story_index().path();
  // The words the cases need are where the cases need them.
  CHECK(hits_by_id("editor").size() == 1);
  CHECK(hits_by_id("editor").contains("reprint-noted"));
  CHECK(hits_by_id("nations").size() >= 3);
  CHECK(!hits_by_id("nations").contains(std::string(kSeed)));
  CHECK(!hits_by_id("ayatollah").contains("reprint-trimmed"));
  CHECK(hits_by_id("ayatollah").contains(std::string(kSeed)));
  check_collapsed_counts(path);
}

TEST_CASE("collapse pages and sorts like an ordinary search") {
  auto index = byline::Index::open(story_index().path());
  Searcher searcher(index);
  SearchOptions options;
  options.collapse = true;
  options.limit = 100;
  std::vector<std::string> all;
  for (const auto& hit : searcher.search("iraq", options).hits)
    all.push_back(hit.id);
  std::vector<std::string> paged;
  options.limit = 2;
  for (options.offset = 0; options.offset < all.size(); options.offset += 2) {
    for (const auto& hit : searcher.search("iraq", options).hits)
      paged.push_back(hit.id);
  }
  CHECK(paged == all);
  for (const auto sort : {byline::SortOrder::newest, byline::SortOrder::oldest}) {
    options.sort = sort;
    options.offset = 0;
    options.limit = 100;
    const auto sorted = searcher.search("iraq", options);
    CHECK(sorted.hits.size() == all.size());
    std::set<std::string> groups;
    for (const auto& hit : sorted.hits)
      groups.insert(hit.duplicate_group);
    CHECK(groups.size() == sorted.hits.size());  // one hit per group
  }
}

TEST_CASE("the seed articles and their reprints make one story, and the other news others") {
  const auto hits = hits_by_id("*");
  const std::string story = hits.at(std::string(kSeed)).story;
  REQUIRE(!story.empty());
  std::set<std::string> in_story;
  for (const auto& [id, hit] : hits) {
    CAPTURE(id);
    CHECK(!hit.story.empty());
    if (hit.story == story)
      in_story.insert(id);
  }
  CHECK(in_story.size() == 8);
  for (const auto& other : kOtherNews)
    CHECK(!in_story.contains(other.id));

  // story:ID finds them, and only them.
  CHECK(ids_of(hits_by_id("story:" + story)) == in_story);
  CHECK(ids_of(hits_by_id("story:" + story + " pledge")).size() >= 5);
  CHECK(hits_by_id("story:999999").empty());
}

TEST_CASE("story: takes a number") {
  auto index = byline::Index::open(story_index().path());
  Searcher searcher(index);
  CHECK_THROWS_AS((void)searcher.search("story:iraq"), byline::Error);
  try {
    (void)searcher.search("story:iraq");
  } catch (const byline::Error& e) {
    CHECK(e.kind() == byline::Error::Kind::invalid_query);
    CHECK(std::string(e.what()).find("story") != std::string::npos);
  }
}

TEST_CASE("the story facet counts articles per story, and marks the story selected") {
  auto index = byline::Index::open(story_index().path());
  Searcher searcher(index);
  SearchOptions options;
  byline::FacetRequest request;
  request.field = byline::FacetField::story;
  request.top = 0;
  options.facets = {request};
  const auto results = searcher.search("*", options);
  REQUIRE(results.facets.size() == 1);
  const auto& facet = results.facets.front();
  std::uint64_t sum = facet.missing + facet.other;
  std::uint64_t largest = 0;
  for (const auto& v : facet.values) {
    sum += v.count;
    largest = std::max(largest, v.count);
    CHECK(!v.selected);
  }
  CHECK(sum == results.total);
  CHECK(largest == 8);
  CHECK(facet.values.size() == 4);

  const std::string story = facet.values.front().value;
  const auto selected = searcher.search("story:" + story, options);
  CHECK(selected.total == 8);
  CHECK(std::count_if(selected.facets.front().values.begin(), selected.facets.front().values.end(),
                      [](const auto& v) { return v.selected; }) == 1);
}

TEST_CASE("stories lists each story newest first, with its dates, size, sources and label") {
  auto index = byline::Index::open(story_index().path());
  Searcher searcher(index);
  const byline::StoryList all = searcher.stories();
  CHECK(all.total == 4);
  REQUIRE(all.stories.size() == 4);
  for (std::size_t i = 1; i < all.stories.size(); ++i)
    CHECK(all.stories[i - 1].last_date >= all.stories[i].last_date);
  const auto seeds = std::find_if(all.stories.begin(), all.stories.end(),
                                  [](const auto& s) { return s.size == 8; });
  REQUIRE(seeds != all.stories.end());
  CHECK(seeds->matching == 8);
  CHECK(seeds->first_date == "2014-09-15");
  CHECK(!seeds->label.empty());
  CHECK(!seeds->central_id.empty());
  CHECK(!seeds->keywords.empty());
  std::set<std::string> sources;
  for (const auto& s : seeds->sources)
    sources.insert(s.value);
  CHECK(sources.contains("Al Jazeera"));
  CHECK(sources.contains("Haaretz"));
  CHECK(sources.contains("Daily Courier"));
  CHECK(sources.size() == 8);

  // A query lists the stories of its matches, counting those.
  const byline::StoryList floods = searcher.stories("monsoon");
  REQUIRE(floods.stories.size() == 1);
  CHECK(floods.stories.front().size == 1);
  CHECK(floods.stories.front().label == "Floods force thousands from their homes in Bangladesh");
  const byline::StoryList pledge = searcher.stories("pledge");
  REQUIRE(pledge.total == 1);
  CHECK(pledge.stories.front().size == 8);
  CHECK(pledge.stories.front().matching == 8);
  // The editor's note is in one reprint: the story is listed whole, one
  // article matching.
  const byline::StoryList noted = searcher.stories("editor");
  REQUIRE(noted.total == 1);
  CHECK(noted.stories.front().size == 8);
  CHECK(noted.stories.front().matching == 1);

  // Paging.
  byline::StoryListOptions page;
  page.offset = 1;
  page.limit = 2;
  const byline::StoryList second = searcher.stories("*", page);
  CHECK(second.total == 4);
  REQUIRE(second.stories.size() == 2);
  CHECK(second.stories[0].id == all.stories[1].id);
  CHECK(second.stories[1].id == all.stories[2].id);
}

TEST_CASE("listing stories stops at a cancel flag or a deadline, and the next listing runs") {
  auto index = byline::Index::open(story_index().path());
  Searcher searcher(index);
  const auto message_of = [&](const byline::StoryListOptions& options) -> std::string {
    try {
      (void)searcher.stories("*", options);
    } catch (const byline::Error& e) {
      CHECK(e.kind() == byline::Error::Kind::interrupted);
      return e.what();
    }
    return "not interrupted";
  };
  std::atomic<bool> cancel{true};
  byline::StoryListOptions cancelled;
  cancelled.cancel = &cancel;
  CHECK(message_of(cancelled) == "the search was interrupted");
  byline::StoryListOptions late;
  late.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  CHECK(message_of(late) == "the search ran past its deadline");
  cancel = false;
  CHECK(searcher.stories("*", cancelled).total == 4);
}

TEST_CASE("a rebuild gives the same groups and stories, and a batch joins earlier stories") {
  byline::test::TempDir dir;
  // One article at a time, a commit each, without shards.
  auto index = byline::test::create_index(dir / "idx");
  {
    byline::Writer writer(index);
    byline::IngestOptions options;
    options.threads = 1;
    options.batch_size = 1;
    const auto summary = byline::ingest(writer, {byline::test::corpus_dir().string()}, options);
    REQUIRE(summary.indexed == 5);
    CHECK(summary.new_stories == 1);
    const Article original = *Searcher(index).article(kSeed);
    for (const Article& a : reprints(original)) {
      writer.add(a);
      writer.commit();
    }
    for (const Article& a : kOtherNews) {
      writer.add(a);
      writer.commit();
    }
  }
  // Who is with whom: as when the seeds were indexed at once, through
  // shards, and the others in two batches.
  const auto groups = partition(dir / "idx", false);
  const auto stories = partition(dir / "idx", true);
  CHECK(groups == partition(story_index().path(), false));
  CHECK(stories == partition(story_index().path(), true));
  CHECK(stories.size() == 4);
  {
    byline::Writer writer(index);
    writer.rebuild_stories();
    writer.commit();
  }
  CHECK(partition(dir / "idx", false) == groups);
  CHECK(partition(dir / "idx", true) == stories);
  check_collapsed_counts(dir / "idx");

  // The reprints' first article replaced by other news: they keep its key
  // until a rebuild, which makes the first reprint their group's first.
  {
    byline::Writer writer(index);
    Article replaced = kOtherNews.front();
    replaced.id = std::string(kSeed);
    replaced.body += " The replacement text says nothing of the coalition.";
    writer.add(replaced);
    writer.commit();
    check_collapsed_counts(dir / "idx");
    writer.rebuild_stories();
    writer.commit();
  }
  const auto rebuilt = hits_by_id_in(dir / "idx", "*");
  CHECK(rebuilt.at("reprint-retitled").duplicate_group == "reprint-retitled");
  CHECK(rebuilt.at("reprint-noted").duplicate_group == "reprint-retitled");
  CHECK(rebuilt.at(std::string(kSeed)).duplicate_group != "reprint-retitled");
  check_collapsed_counts(dir / "idx");
}
