#include "query/story_list.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "engine/document_codec.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

// The titles read to label a story: its first articles, enough to see what
// they share without reading every article of a story of thousands.
constexpr std::size_t kTitlesRead = 40;
constexpr std::size_t kKeywords = 5;

using Ordinal = FacetColumns::Ordinal;

struct Tally {
  std::uint64_t size = 0;
  std::string first_day;  // "YYYYMMDD"
  std::string last_day;
  std::map<Ordinal, std::uint64_t> sources;
  std::vector<Xapian::docid> members;  // the first kTitlesRead, for the page listed
};

std::string dashed(const std::string& day) {
  if (day.size() != 8)
    return day;
  return day.substr(0, 4) + "-" + day.substr(4, 2) + "-" + day.substr(6, 2);
}

std::string title_of(const Xapian::Document& doc) {
  const std::string fields = doc.get_value(schema::slot::kFields);
  return fields.empty() ? decode_fields(doc.get_data()).title : decode_fields_line(fields).title;
}

// The label, the central article and the keywords of one story, from its
// members' titles: each title stem counts once per title, weighted by how
// rare it is in the index; the central title holds the most of that weight
// for its length.
void describe(const Xapian::Database& db, Analyzer& analyzer, const Tally& tally,
              StorySummary& out) {
  struct Member {
    Xapian::docid id = 0;
    std::string title;
    std::vector<std::string> stems;  // distinct
  };
  std::vector<Member> members;
  std::unordered_map<std::string, std::uint64_t> titles_with;  // by stem
  // The spelling most titles use, per stem.
  std::unordered_map<std::string, std::map<std::string, std::uint64_t>> spellings;
  for (const Xapian::docid id : tally.members) {
    Member m{id, title_of(db.get_document(id)), {}};
    std::unordered_set<std::string> seen;
    for (const Token& token : analyzer.analyze(m.title)) {
      if (token.joined || !seen.insert(token.stem).second)
        continue;
      m.stems.push_back(token.stem);
      ++titles_with[token.stem];
      ++spellings[token.stem][token.term];
    }
    members.push_back(std::move(m));
  }
  const double n = std::max<double>(1, db.get_doccount());
  std::unordered_map<std::string, double> rarity;
  for (const auto& [stem, count] : titles_with) {
    const double df =
        std::max<double>(1, db.get_termfreq(std::string(schema::prefix::kStem) + stem));
    rarity[stem] = std::log(n / df);
  }
  const auto telling = [&](const std::string& stem) {
    return static_cast<double>(titles_with[stem]) * rarity[stem];
  };
  const Member* central = nullptr;
  double best = -1;
  for (const Member& m : members) {
    double sum = 0;
    for (const std::string& stem : m.stems)
      sum += telling(stem);
    const double score = m.stems.empty() ? 0 : sum / std::sqrt(static_cast<double>(m.stems.size()));
    if (score > best) {
      best = score;
      central = &m;
    }
  }
  if (central != nullptr) {
    out.label = central->title;
    out.central_id =
        decode_fields_line(db.get_document(central->id).get_value(schema::slot::kFields)).id;
    if (out.central_id.empty())
      out.central_id = decode_fields(db.get_document(central->id).get_data()).id;
  }
  std::vector<std::string> stems;
  for (const auto& [stem, count] : titles_with) {
    // In a story of several articles, a word of one title alone tells
    // nothing of the story.
    if (rarity[stem] > 0 && (count > 1 || members.size() == 1))
      stems.push_back(stem);
  }
  std::sort(stems.begin(), stems.end(), [&](const std::string& a, const std::string& b) {
    const double ta = telling(a), tb = telling(b);
    return ta > tb || (ta == tb && a < b);
  });
  for (const std::string& stem : stems) {
    if (out.keywords.size() == kKeywords)
      break;
    const auto& forms = spellings[stem];
    const auto most =
        std::max_element(forms.begin(), forms.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    out.keywords.push_back(most->first);
  }
}

}  // namespace

StoryList list_stories(const Xapian::Database& db, Analyzer& analyzer, const FacetColumns& columns,
                       const std::vector<std::uint64_t>& matching, const StoryListOptions& options,
                       const Interrupt& interrupt) {
  const auto& ids = columns.stories();
  std::vector<Tally> tallies(ids.size());
  const Xapian::docid last = db.get_lastdocid();
  InterruptPoll poll(&interrupt);
  for (Xapian::docid id = 1; id <= last && id != 0; ++id) {
    poll();
    const Ordinal story = columns.story_of(id);
    if (story == 0 || story >= matching.size() || matching[story] == 0)
      continue;
    Tally& t = tallies[story];
    ++t.size;
    if (const Ordinal day = columns.day_of(id); day != 0) {
      const std::string& key = columns.day_keys()[day];
      if (t.first_day.empty() || key < t.first_day)
        t.first_day = key;
      if (key > t.last_day)
        t.last_day = key;
    }
    if (const Ordinal source = columns.source_of(id); source != 0)
      ++t.sources[source];
  }

  std::vector<Ordinal> listed;
  for (Ordinal story = 1; story < tallies.size(); ++story) {
    if (tallies[story].size > 0)
      listed.push_back(story);
  }
  StoryList out;
  out.total = listed.size();
  // Newest first; undated last; then the later story (the higher id).
  std::sort(listed.begin(), listed.end(), [&](Ordinal a, Ordinal b) {
    const Tally& ta = tallies[a];
    const Tally& tb = tallies[b];
    if (ta.last_day.empty() != tb.last_day.empty())
      return tb.last_day.empty();
    if (ta.last_day != tb.last_day)
      return ta.last_day > tb.last_day;
    return std::strtoull(ids[a].c_str(), nullptr, 10) > std::strtoull(ids[b].c_str(), nullptr, 10);
  });
  const std::size_t from = std::min(options.offset, listed.size());
  const std::size_t to = from + std::min(options.limit, listed.size() - from);
  listed = std::vector<Ordinal>(listed.begin() + static_cast<std::ptrdiff_t>(from),
                                listed.begin() + static_cast<std::ptrdiff_t>(to));
  if (listed.empty())
    return out;

  // The page's members, for their titles: a second pass, for those alone.
  std::unordered_map<Ordinal, Tally*> on_page;
  for (const Ordinal story : listed)
    on_page.emplace(story, &tallies[story]);
  for (Xapian::docid id = 1; id <= last && id != 0; ++id) {
    poll();
    const auto found = on_page.find(columns.story_of(id));
    if (found != on_page.end() && found->second->members.size() < kTitlesRead)
      found->second->members.push_back(id);
  }

  for (const Ordinal story : listed) {
    interrupt.check();
    const Tally& t = tallies[story];
    StorySummary summary;
    summary.id = ids[story];
    summary.first_date = dashed(t.first_day);
    summary.last_date = dashed(t.last_day);
    summary.size = t.size;
    summary.matching = matching[story];
    for (const auto& [source, count] : t.sources)
      summary.sources.push_back({columns.source(source).name, count, false});
    std::stable_sort(summary.sources.begin(), summary.sources.end(),
                     [](const FacetValue& a, const FacetValue& b) {
                       return a.count > b.count || (a.count == b.count && a.value < b.value);
                     });
    describe(db, analyzer, t, summary);
    out.stories.push_back(std::move(summary));
  }
  return out;
}

}  // namespace byline::detail
