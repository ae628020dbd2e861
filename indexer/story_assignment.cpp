#include "indexer/story_assignment.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/fnv.hpp"
#include "engine/schema.hpp"
#include "indexer/near_duplicates.hpp"
#include "indexer/story_clustering.hpp"
#include "indexer/story_features.hpp"

namespace byline::detail {

namespace {

// The most resembling earlier near-duplicate found so far.
struct Best {
  double jaccard = -1;
  std::string group;

  void consider(const TextFingerprint& print, const TextFingerprint& other,
                const std::function<std::string()>& group_of) {
    if (!near_duplicates(print, other))
      return;
    const double j = resemblance(print, other).jaccard;
    if (j > jaccard) {
      jaccard = j;
      group = group_of();
    }
  }
};

}  // namespace

struct StoryAssigner::Impl {
  const Xapian::Database* db;
  AliasCanonicals aliases;
  std::optional<IndexWeights> index_weights;
  RunningWeights running_weights;
  StoryClusterer clusterer;
  std::uint64_t next_story = 1;
  std::size_t duplicates = 0;
  std::size_t new_stories = 0;

  // Near-duplicate candidates: the band keys (hashed) of the index's
  // articles, read from the fingerprint slot once, on first use (kept as
  // terms, 32 an article, they cost a fifth of indexing: measured), with
  // their document ids; and those of the articles grouped here, with their
  // handles in `seen`, whose fingerprints stay in memory.
  std::vector<std::pair<std::uint64_t, Xapian::docid>> indexed_bands;  // sorted
  bool bands_read = false;
  std::unordered_multimap<std::uint64_t, std::uint32_t> new_bands;
  struct Seen {
    TextFingerprint print;
    std::string group;
  };
  std::vector<Seen> seen;

  // With a database: the documents assigned here (the clusterer has them),
  // and the days whose articles were loaded into the clusterer.
  std::unordered_set<Xapian::docid> written;
  std::set<std::int32_t> loaded_days;
  std::vector<std::uint64_t> last_bands;  // of the article being assigned

  Impl(const Xapian::Database* database, AliasCanonicals canonicals)
      : db(database), aliases(std::move(canonicals)), clusterer([this](std::string_view key) {
          return index_weights ? (*index_weights)(key) : running_weights(key);
        }) {
    if (db != nullptr) {
      index_weights.emplace(*db);
      const std::string stored = db->get_metadata(std::string(schema::metadata::kNextStory));
      if (!stored.empty())
        next_story = std::max<std::uint64_t>(1, std::strtoull(stored.c_str(), nullptr, 10));
    }
  }

  std::function<std::optional<std::string>(std::string_view)> alias() const {
    return [this](std::string_view key) { return aliases(key); };
  }

  static std::vector<std::uint64_t> hashed_bands(const TextFingerprint& print) {
    std::vector<std::uint64_t> out;
    for (const std::string& key : band_keys(print))
      out.push_back(fnv1a(key));
    return out;
  }

  void read_index_bands() {
    bands_read = true;
    const Xapian::valueno slot = schema::slot::kFingerprint;
    for (auto it = db->valuestream_begin(slot); it != db->valuestream_end(slot); ++it) {
      if (const auto print = decode_fingerprint(*it)) {
        for (const std::uint64_t band : hashed_bands(*print))
          indexed_bands.emplace_back(band, it.get_docid());
      }
    }
    std::sort(indexed_bands.begin(), indexed_bands.end());
  }

  // The handles (or document ids) filed under any of `bands`, each once;
  // a band filed under more than kMaxBandArticles is left out.
  template <typename Id, typename Lookup>
  static std::vector<Id> filed_under(const std::vector<std::uint64_t>& bands, Lookup lookup) {
    std::vector<Id> out;
    for (const std::uint64_t band : bands) {
      const auto [from, to] = lookup(band);
      if (static_cast<std::size_t>(std::distance(from, to)) > kMaxBandArticles)
        continue;
      for (auto it = from; it != to; ++it)
        out.push_back(it->second);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // The group the article joins: its most resembling earlier near-duplicate's.
  std::optional<std::string> group_of(const TextFingerprint& print,
                                      const std::vector<std::uint64_t>& bands) {
    Best best;
    for (const std::uint32_t handle : filed_under<std::uint32_t>(
             bands, [&](std::uint64_t band) { return new_bands.equal_range(band); })) {
      best.consider(print, seen[handle].print, [&] { return seen[handle].group; });
    }
    if (db != nullptr) {
      if (!bands_read)
        read_index_bands();
      const auto lookup = [&](std::uint64_t band) {
        return std::equal_range(indexed_bands.begin(), indexed_bands.end(),
                                std::pair<std::uint64_t, Xapian::docid>{band, 0},
                                [](const auto& x, const auto& y) { return x.first < y.first; });
      };
      for (const Xapian::docid id : filed_under<Xapian::docid>(bands, lookup)) {
        if (written.contains(id))
          continue;  // grouped here: among the handles
        Xapian::Document other;
        try {
          other = db->get_document(id);
        } catch (const Xapian::DocNotFoundError&) {
          continue;  // removed since
        }
        if (const auto other_print =
                decode_fingerprint(other.get_value(schema::slot::kFingerprint))) {
          best.consider(print, *other_print, [&] {
            std::string group = other.get_value(schema::slot::kDuplicateGroup);
            return group.empty() ? article_id(other) : group;
          });
        }
      }
    }
    if (best.group.empty())
      return std::nullopt;
    return best.group;
  }

  // The stories of the index's articles on the days within reach of `day`
  // (a story spans max_span_days, and a member joins window_days past it),
  // into the clusterer: one pass over the date slot for the days not
  // loaded yet.
  void load_context(std::int32_t day) {
    const StoryParams params;
    const std::int32_t reach = params.window_days + params.max_span_days;
    std::set<std::int32_t> missing;
    for (std::int32_t d = day - reach; d <= day + reach; ++d) {
      if (!loaded_days.contains(d))
        missing.insert(d);
    }
    if (missing.empty())
      return;
    loaded_days.insert(missing.begin(), missing.end());
    const Xapian::valueno slot = schema::slot::kDate;
    for (auto it = db->valuestream_begin(slot); it != db->valuestream_end(slot); ++it) {
      const Xapian::docid id = it.get_docid();
      const auto article_day = day_number(*it);
      if (!article_day || !missing.contains(*article_day) || written.contains(id))
        continue;
      const Xapian::Document doc = db->get_document(id);
      const std::string story = doc.get_value(schema::slot::kStory);
      const auto features = decode_story_features(doc.get_value(schema::slot::kStoryFeatures));
      if (story.empty() || !features)
        continue;
      clusterer.add_member(StoryArticle{id, article_day, canonical_terms(*features, alias())},
                           std::strtoull(story.c_str(), nullptr, 10));
    }
  }

  void assign(Xapian::Document& doc, std::string_view id) {
    const auto print = decode_fingerprint(doc.get_value(schema::slot::kFingerprint));
    std::optional<std::string> group;
    last_bands.clear();
    if (print) {
      last_bands = hashed_bands(*print);
      group = group_of(*print, last_bands);
    }
    if (group)
      ++duplicates;
    const std::string shown = group ? *group : std::string(id);
    doc.add_value(schema::slot::kDuplicateGroup, shown);
    if (group)
      doc.add_boolean_term(std::string(schema::prefix::kCopy));
    if (print) {
      const auto handle = static_cast<std::uint32_t>(seen.size());
      seen.push_back({*print, shown});
      for (const std::uint64_t band : last_bands)
        new_bands.emplace(band, handle);
    }

    const auto features = decode_story_features(doc.get_value(schema::slot::kStoryFeatures));
    if (!features)
      return;
    const auto day = day_number(doc.get_value(schema::slot::kDate));
    if (day && db != nullptr)
      load_context(*day);
    StoryArticle article{0, day, canonical_terms(*features, alias())};
    if (db == nullptr) {
      running_weights.article();
      for (const StoryTerm& term : article.terms)
        running_weights.seen(term.key);
    }
    const std::uint64_t before = next_story;
    const std::uint64_t story = clusterer.assign(article, next_story);
    new_stories += next_story != before ? 1 : 0;
    const std::string id_text = std::to_string(story);
    doc.add_value(schema::slot::kStory, id_text);
    doc.add_boolean_term(std::string(schema::prefix::kStory) + id_text);
  }
};

StoryAssigner::StoryAssigner(const Xapian::Database* db, AliasCanonicals aliases)
    : impl_(std::make_unique<Impl>(db, std::move(aliases))) {}
StoryAssigner::~StoryAssigner() = default;

void StoryAssigner::assign(Xapian::Document& doc, std::string_view id) {
  impl_->assign(doc, id);
}

void StoryAssigner::written(Xapian::docid docid) {
  impl_->written.insert(docid);
}

std::uint64_t StoryAssigner::next_story() const noexcept {
  return impl_->next_story;
}
std::size_t StoryAssigner::duplicates() const noexcept {
  return impl_->duplicates;
}
std::size_t StoryAssigner::new_stories() const noexcept {
  return impl_->new_stories;
}

}  // namespace byline::detail
