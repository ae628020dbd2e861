#include "indexer/story_regroup.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "byline/article.hpp"
#include "engine/document_codec.hpp"
#include "engine/schema.hpp"
#include "indexer/near_duplicates.hpp"
#include "indexer/story_clustering.hpp"
#include "indexer/story_features.hpp"
#include "indexer/story_support.hpp"

namespace byline::detail {

namespace {

// What assign() decided for one article.
struct Decision {
  Xapian::Document doc;
  std::string group;       // as it should be
  std::string story;       // likewise; empty: none
  bool duplicate = false;  // joined another article's group
  bool upgraded = false;   // given its fingerprint and features here
};

class Assigner {
 public:
  Assigner(Xapian::WritableDatabase& db, Analyzer& analyzer) : db_(db), analyzer_(analyzer) {}

  StoryOutcome run() {
    StoryOutcome outcome;
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it)
      decisions_.emplace(*it, Decision{db_.get_document(*it), {}, {}, false, false});
    if (decisions_.empty())
      return outcome;
    upgrade();
    group();
    const std::uint64_t first_new = assign_stories();
    outcome.new_stories = static_cast<std::size_t>(next_story_ - first_new);
    for (auto& [id, decision] : decisions_) {
      ++outcome.articles;
      outcome.duplicates += decision.duplicate ? 1 : 0;
      write(id, decision);
    }
    db_.set_metadata(std::string(schema::metadata::kNextStory), std::to_string(next_story_));
    return outcome;
  }

 private:
  // Articles indexed before stories have no fingerprint and no features:
  // made here from the stored article, as the builder makes them.
  void upgrade() {
    for (auto& [id, decision] : decisions_) {
      Xapian::Document& doc = decision.doc;
      if (!doc.get_value(schema::slot::kStoryFeatures).empty())
        continue;
      const Article article = decode_article(doc.get_data());
      if (const TextFingerprint print = fingerprint(analyzer_.analyze(article.body, article.lang));
          print.shingles > 0) {
        doc.add_value(schema::slot::kFingerprint, encode_fingerprint(print));
      }
      doc.add_value(schema::slot::kStoryFeatures,
                    encode_story_features(story_features(analyzer_, article)));
      decision.upgraded = true;
    }
  }

  // ------------------------------------------------------------ groups

  // In docid order, the order articles were first indexed: each joins the
  // group of the earlier near-duplicate it resembles most. Every
  // fingerprint is held at once, with its bands: no term lookups.
  void group() {
    std::unordered_map<Xapian::docid, TextFingerprint> prints;
    std::unordered_map<std::string, std::vector<Xapian::docid>> bands;
    for (const auto& [id, decision] : decisions_) {
      if (auto print = decode_fingerprint(decision.doc.get_value(schema::slot::kFingerprint))) {
        for (std::string& key : band_keys(*print))
          bands[std::move(key)].push_back(id);
        prints.emplace(id, *print);
      }
    }
    std::vector<Xapian::docid> found;
    for (auto& [id, decision] : decisions_) {
      decision.group = article_id(decision.doc);
      const auto print = prints.find(id);
      if (print == prints.end())
        continue;
      found.clear();
      for (const std::string& key : band_keys(print->second)) {
        const auto sharing = bands.find(key);
        if (sharing != bands.end() && sharing->second.size() <= kMaxBandArticles)
          found.insert(found.end(), sharing->second.begin(), sharing->second.end());
      }
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      double best = -1;
      Xapian::docid best_id = 0;
      for (const Xapian::docid other : found) {
        if (other >= id)
          break;  // earlier articles only, decided already
        const TextFingerprint& other_print = prints.at(other);
        if (!near_duplicates(print->second, other_print))
          continue;
        const double jaccard = resemblance(print->second, other_print).jaccard;
        if (jaccard > best) {
          best = jaccard;
          best_id = other;
        }
      }
      if (best_id != 0) {
        decision.group = decisions_.at(best_id).group;
        decision.duplicate = true;
      }
    }
  }

  // ------------------------------------------------------------ stories

  // Gives each decision its story, numbered from 1 again, in date order;
  // returns the first new story id.
  std::uint64_t assign_stories() {
    next_story_ = 1;
    const std::uint64_t first_new = next_story_;
    StoryClusterer clusterer([this](std::string_view key) { return weight(key); });
    struct Dated {
      std::optional<std::int32_t> day;
      Xapian::docid id;
    };
    std::vector<Dated> order;
    for (auto& [id, decision] : decisions_)
      order.push_back({day_number(decision.doc.get_value(schema::slot::kDate)), id});
    // Date order, the undated after; within a day, the order indexed.
    std::sort(order.begin(), order.end(), [](const Dated& a, const Dated& b) {
      if (a.day.has_value() != b.day.has_value())
        return a.day.has_value();
      if (a.day && *a.day != *b.day)
        return *a.day < *b.day;
      return a.id < b.id;
    });
    const auto alias = alias_function();
    for (const Dated& d : order) {
      Decision& decision = decisions_.at(d.id);
      const auto features =
          decode_story_features(decision.doc.get_value(schema::slot::kStoryFeatures));
      if (!features)
        continue;
      const StoryArticle article{d.id, d.day, canonical_terms(*features, alias)};
      decision.story = std::to_string(clusterer.assign(article, next_story_));
    }
    return first_new;
  }

  double weight(std::string_view key) { return weights_(key); }

  std::function<std::optional<std::string>(std::string_view)> alias_function() {
    return [this](std::string_view key) { return aliases_(key); };
  }

  // ------------------------------------------------------------ writing

  // Gives `doc` the copy term (schema.hpp, kCopy) when it is a copy, and
  // takes it away when it no longer is.
  static void mark_copy(Xapian::Document& doc, bool copy) {
    const std::string term(schema::prefix::kCopy);
    auto t = doc.termlist_begin();
    t.skip_to(term);
    const bool marked = t != doc.termlist_end() && *t == term;
    if (copy && !marked)
      doc.add_boolean_term(term);
    else if (!copy && marked)
      doc.remove_term(term);
  }

  void write(Xapian::docid id, Decision& decision) {
    Xapian::Document& doc = decision.doc;
    const std::string old_group = doc.get_value(schema::slot::kDuplicateGroup);
    const std::string old_story = doc.get_value(schema::slot::kStory);
    if (old_group == decision.group && old_story == decision.story && !decision.upgraded)
      return;
    if (old_group != decision.group) {
      doc.add_value(schema::slot::kDuplicateGroup, decision.group);
      mark_copy(doc, decision.duplicate);
    }
    if (old_story != decision.story) {
      if (!old_story.empty()) {
        const std::string term = std::string(schema::prefix::kStory) + old_story;
        auto t = doc.termlist_begin();
        t.skip_to(term);
        if (t != doc.termlist_end() && *t == term)
          doc.remove_term(term);
      }
      if (decision.story.empty()) {
        doc.remove_value(schema::slot::kStory);
      } else {
        doc.add_value(schema::slot::kStory, decision.story);
        doc.add_boolean_term(std::string(schema::prefix::kStory) + decision.story);
      }
    }
    db_.replace_document(id, doc);
  }

  Xapian::WritableDatabase& db_;
  Analyzer& analyzer_;
  // In docid order: groups are decided in it.
  std::map<Xapian::docid, Decision> decisions_;
  std::uint64_t next_story_ = 1;
  IndexWeights weights_{db_};
  AliasCanonicals aliases_{db_};
};

}  // namespace

StoryOutcome regroup_stories(Xapian::WritableDatabase& db, Analyzer& analyzer) {
  return Assigner(db, analyzer).run();
}

}  // namespace byline::detail
