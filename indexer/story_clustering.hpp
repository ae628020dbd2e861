// Story grouping: articles about the same event, from any source, put in one
// story, as they are indexed.
//
// Single-pass ("leader") clustering against story centroids, the method of
// the TDT (Topic Detection and Tracking) evaluations' online systems: each
// new article is compared with the stories of the last few days and joins
// the most similar one if it is similar enough, else starts a story. An
// article is an idf-weighted vector of its canonical terms
// (canonical_terms(): each once, names and title words boosted), a story
// the sum of its members' vectors (their centroid), compared by cosine. The time window keeps the
// same people and places in events months apart in separate stories: an event's coverage spans
// days, not years.
//
// Pure and DB-free: the caller (the writer, at commit time) turns articles
// into StoryArticles and gives the weight of each term, the index's idf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/story_features.hpp"

namespace byline::detail {

// The constants of story grouping. The weights and the threshold were tuned
// on the tuning half of the labelled set in tests/fixtures/stories/
// (README.md there), by a grid search for the middle of the best plateau
// rather than its best point, with weights log(1 + N/df) as the writer's;
// the held-out half was read only to report (the numbers are printed by
// tests/indexer/story_clustering_test.cpp). On a set that small, treat
// them as a sound start, not as the last word: a larger index gives rare
// words larger weights, and the cosines of one event's articles grow.
struct StoryParams {
  // An article may join a story when its day is at most window_days before
  // the story's first day or after its last: follow-ups come a day or three
  // after the event, and each extends the window.
  std::int32_t window_days = 3;
  // ... and when the story, with it, would span at most max_span_days: a
  // story that keeps being joined does not drift from one event into the
  // next on the same subject for ever.
  std::int32_t max_span_days = 14;
  // The least similarity (cosine, after day_decay) between an article and a
  // story's centroid for the article to join it. In the tuning half, two
  // reports of one event score 0.3 article to article (median; 0.15 for the
  // tenth percentile, paraphrased headlines and short leads), two articles
  // of other events within three days 0.03, and the hardest of those (the
  // same city, or the same war, on the same days) 0.1 to 0.24.
  double threshold = 0.15;
  // How much each day between the article and the story's span takes off
  // the similarity, as a share of it: the later a report, the surer it must
  // be about the same event (a suicide bombing claimed by ISIS two days
  // after Ramadi was retaken from it is another story).
  double day_decay = 0.25;
  // Weight factors of a word of the title, and of a name (canonical_terms):
  // the title is the article's summary, and who and where tell one event
  // from another better than what.
  double title_boost = 2.0;
  double name_boost = 2.0;
  // The most terms a centroid keeps (its heaviest): a story of thousands of
  // articles costs what one of a few does.
  std::size_t centroid_terms = 100;
  // The stories an article is compared with are those whose centroids share
  // one of its candidate_terms heaviest terms: a story that shares only its
  // common words (found in thousands of stories) could not be similar
  // enough anyway.
  std::size_t candidate_terms = 20;
  // Stories whose last day is this many days before an article's, beyond
  // the window, leave the term index for good: articles may come up to this
  // much out of date order and still find them.
  std::int32_t forget_days = 30;
};

// What the clusterer compares: canonical keys with a weight factor. `alias`
// maps an exact key (a name, or a word's term) to its alias group's
// canonical key when it belongs to one ("isis", "daesh", "islamic state" ->
// "isil"), nullopt otherwise. Names become "n:<key>", words "w:<stem>"
// unless their term is an alias member, then "n:<canonical>" in its place
// (so ISIS the word and Islamic State the name agree). Boosts: a name's
// params.name_boost, a title word's params.title_boost (both for a name
// whose words are all title words, or an alias member in the title). A key
// met twice keeps its larger boost; in order of first appearance.
struct StoryTerm {
  std::string key;
  double boost = 1.0;

  friend bool operator==(const StoryTerm& a, const StoryTerm& b) noexcept {
    return a.key == b.key && a.boost == b.boost;
  }
};
[[nodiscard]] std::vector<StoryTerm> canonical_terms(
    const StoryFeatures& f,
    const std::function<std::optional<std::string>(std::string_view)>& alias,
    const StoryParams& params = {});

struct StoryArticle {
  std::uint32_t handle = 0;         // the caller's (a Xapian docid)
  std::optional<std::int32_t> day;  // days since 1970-01-01; nullopt: undated
  std::vector<StoryTerm> terms;
};

// Not thread-safe; cheap to make: one per batch of articles to group.
class StoryClusterer {
 public:
  // weight(key): how telling a key is (an idf, >= 0; a key of weight 0 is
  // left out), given by the caller: for "w:<stem>" log(1 + N/df) of the
  // stem, say, for "n:<key>" a name's. Asked once for each term of each
  // article given. An article's vector: each term's weight times its boost,
  // scaled to length 1; a story's centroid: the sum of its members'.
  // Similarity: their cosine.
  explicit StoryClusterer(std::function<double(std::string_view key)> weight,
                          StoryParams params = {});

  // An article already in `story` (context loaded from the index: earlier
  // batches' articles of the last days), in any order. Adds it to the
  // story's centroid and date span, making the story if it is new.
  void add_member(const StoryArticle& article, std::uint64_t story);

  // Puts `article` in the most similar story within the time window, if
  // similar enough (StoryParams), else starts a new story with id
  // next_story (then incremented). Returns the story id. Deterministic:
  // ties go to the smaller story id. Give articles in date order (see
  // StoryParams::forget_days).
  //
  // Only stories sharing one of the article's heaviest terms are scored (an
  // inverted index of their centroids' terms), and of those only the ones
  // in the window. An undated article never joins a story, and none joins
  // its: without a date, the same words may be an event of another year,
  // and a wrong story is worse than none. It gets a story of its own.
  std::uint64_t assign(const StoryArticle& article, std::uint64_t& next_story);

  // How many stories the clusterer holds, and how many it compared the
  // articles given to assign() with (cosines computed), for tests and
  // benchmarks.
  [[nodiscard]] std::size_t stories() const noexcept { return stories_.size(); }
  [[nodiscard]] std::uint64_t comparisons() const noexcept { return comparisons_; }

 private:
  using Vector = std::vector<std::pair<std::uint32_t, double>>;  // (term id, value), by term id

  struct Story {
    std::uint64_t id = 0;
    std::optional<std::int32_t> first_day;  // of its dated members
    std::optional<std::int32_t> last_day;
    Vector centroid;  // the sum of its members' unit vectors, heaviest terms only
    double norm = 0;
    std::vector<std::uint32_t> indexed;  // term ids whose postings list it, sorted
  };

  [[nodiscard]] Vector vector_of(const StoryArticle& article);
  [[nodiscard]] bool in_window(const Story& story, std::int32_t day) const;
  std::uint32_t story_index(std::uint64_t id);
  void add(std::uint32_t story, const Vector& v, std::optional<std::int32_t> day);

  std::function<double(std::string_view)> weight_;
  StoryParams params_;
  std::vector<Story> stories_;
  std::unordered_map<std::uint64_t, std::uint32_t> story_ids_;  // id -> index in stories_
  std::unordered_map<std::string, std::uint32_t> term_ids_;
  std::vector<std::vector<std::uint32_t>> postings_;  // term id -> indexes of stories
  std::vector<std::uint64_t> seen_;                   // story index -> stamp of the last assign()
  std::vector<double> dense_;  // term id -> its value in the article assign() scores, else 0
  std::uint64_t stamp_ = 0;
  std::uint64_t comparisons_ = 0;
};

}  // namespace byline::detail
