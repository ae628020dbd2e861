#include "indexer/story_clustering.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace byline::detail {

namespace {

// Whether every word of `name` ("john kerry") is one of `terms`.
bool all_words_in(std::string_view name, const std::unordered_set<std::string_view>& terms) {
  for (std::size_t start = 0; start <= name.size();) {
    const std::size_t space = std::min(name.find(' ', start), name.size());
    if (terms.count(name.substr(start, space - start)) == 0)
      return false;
    start = space + 1;
  }
  return true;
}

}  // namespace

std::vector<StoryTerm> canonical_terms(
    const StoryFeatures& f,
    const std::function<std::optional<std::string>(std::string_view)>& alias,
    const StoryParams& params) {
  std::vector<StoryTerm> terms;
  std::unordered_map<std::string, std::size_t> where;  // key -> index in terms
  const auto add = [&](std::string key, double boost) {
    const auto [at, added] = where.emplace(key, terms.size());
    if (added)
      terms.push_back({std::move(key), boost});
    else
      terms[at->second].boost = std::max(terms[at->second].boost, boost);
  };

  std::unordered_set<std::string_view> title_terms;
  for (const auto& word : f.words)
    if (word.in_title)
      title_terms.insert(word.term);
  for (const auto& name : f.names) {
    const double boost =
        params.name_boost * (all_words_in(name, title_terms) ? params.title_boost : 1.0);
    auto canonical = alias(name);
    add("n:" + (canonical ? *canonical : name), boost);
  }
  for (const auto& word : f.words) {
    const double title = word.in_title ? params.title_boost : 1.0;
    if (auto canonical = alias(word.term))
      add("n:" + *canonical, params.name_boost * title);
    else
      add("w:" + word.stem, title);
  }
  return terms;
}

StoryClusterer::StoryClusterer(std::function<double(std::string_view key)> weight,
                               StoryParams params)
    : weight_(std::move(weight)), params_(params) {}

StoryClusterer::Vector StoryClusterer::vector_of(const StoryArticle& article) {
  Vector v;
  v.reserve(article.terms.size());
  for (const auto& term : article.terms) {
    const double value = weight_(term.key) * term.boost;
    if (!(value > 0) || !std::isfinite(value))
      continue;
    auto at = term_ids_.find(term.key);
    if (at == term_ids_.end()) {
      at = term_ids_.emplace(term.key, static_cast<std::uint32_t>(term_ids_.size())).first;
      postings_.emplace_back();
    }
    v.emplace_back(at->second, value);
  }
  std::sort(v.begin(), v.end());
  // A key given twice keeps its larger value (the sort put it last).
  Vector merged;
  merged.reserve(v.size());
  for (const auto& entry : v) {
    if (!merged.empty() && merged.back().first == entry.first)
      merged.back().second = entry.second;
    else
      merged.push_back(entry);
  }
  double norm = 0;
  for (const auto& [id, value] : merged)
    norm += value * value;
  norm = std::sqrt(norm);
  for (auto& entry : merged)
    entry.second /= norm;
  return merged;
}

bool StoryClusterer::in_window(const Story& story, std::int32_t day) const {
  if (!story.last_day)
    return false;
  const std::int64_t first = *story.first_day;
  const std::int64_t last = *story.last_day;
  return day >= first - params_.window_days && day <= last + params_.window_days &&
         std::max<std::int64_t>(day, last) - std::min<std::int64_t>(day, first) <=
             params_.max_span_days;
}

std::uint32_t StoryClusterer::story_index(std::uint64_t id) {
  const auto [at, added] = story_ids_.emplace(id, static_cast<std::uint32_t>(stories_.size()));
  if (added) {
    stories_.emplace_back();
    stories_.back().id = id;
    seen_.push_back(0);
  }
  return at->second;
}

void StoryClusterer::add(std::uint32_t index, const Vector& v, std::optional<std::int32_t> day) {
  Story& story = stories_[index];
  // The centroid plus v, both sorted by term id.
  Vector sum;
  sum.reserve(story.centroid.size() + v.size());
  auto a = story.centroid.begin();
  auto b = v.begin();
  while (a != story.centroid.end() || b != v.end()) {
    if (b == v.end() || (a != story.centroid.end() && a->first < b->first)) {
      sum.push_back(*a++);
    } else if (a == story.centroid.end() || b->first < a->first) {
      sum.push_back(*b++);
    } else {
      sum.emplace_back(a->first, a->second + b->second);
      ++a;
      ++b;
    }
  }
  if (sum.size() > params_.centroid_terms) {
    const auto heavier = [](const auto& x, const auto& y) {
      return x.second > y.second || (x.second == y.second && x.first < y.first);
    };
    const auto keep = sum.begin() + static_cast<std::ptrdiff_t>(params_.centroid_terms);
    std::nth_element(sum.begin(), keep, sum.end(), heavier);
    sum.erase(keep, sum.end());
    std::sort(sum.begin(), sum.end());
  }
  story.centroid = std::move(sum);
  double norm = 0;
  for (const auto& [id, value] : story.centroid)
    norm += value * value;
  story.norm = std::sqrt(norm);

  if (day) {
    story.first_day = story.first_day ? std::min(*story.first_day, *day) : *day;
    story.last_day = story.last_day ? std::max(*story.last_day, *day) : *day;
  }
  // Dated stories are found through the terms of their centroids.
  if (!story.last_day)
    return;
  std::vector<std::uint32_t> added;
  for (const auto& [id, value] : story.centroid)
    if (!std::binary_search(story.indexed.begin(), story.indexed.end(), id)) {
      postings_[id].push_back(index);
      added.push_back(id);
    }
  if (!added.empty()) {
    const auto middle = story.indexed.insert(story.indexed.end(), added.begin(), added.end());
    std::inplace_merge(story.indexed.begin(), middle, story.indexed.end());
  }
}

void StoryClusterer::add_member(const StoryArticle& article, std::uint64_t story) {
  const Vector v = vector_of(article);
  add(story_index(story), v, article.day);
}

std::uint64_t StoryClusterer::assign(const StoryArticle& article, std::uint64_t& next_story) {
  if (!article.day)
    return next_story++;
  const std::int32_t day = *article.day;
  const Vector v = vector_of(article);

  // The stories in the window that share one of the article's heaviest
  // terms; those long past leave the postings on the way.
  Vector lookup = v;
  if (lookup.size() > params_.candidate_terms) {
    const auto keep = lookup.begin() + static_cast<std::ptrdiff_t>(params_.candidate_terms);
    std::nth_element(lookup.begin(), keep, lookup.end(), [](const auto& x, const auto& y) {
      return x.second > y.second || (x.second == y.second && x.first < y.first);
    });
    lookup.erase(keep, lookup.end());
  }
  ++stamp_;
  std::vector<std::uint32_t> candidates;
  const std::int64_t forget_before =
      static_cast<std::int64_t>(day) - params_.window_days - params_.forget_days;
  for (const auto& [term, value] : lookup) {
    auto& posting = postings_[term];
    for (std::size_t i = 0; i < posting.size();) {
      const std::uint32_t index = posting[i];
      Story& story = stories_[index];
      if (*story.last_day < forget_before) {
        posting[i] = posting.back();
        posting.pop_back();
        const auto at = std::lower_bound(story.indexed.begin(), story.indexed.end(), term);
        if (at != story.indexed.end() && *at == term)
          story.indexed.erase(at);
        continue;
      }
      if (seen_[index] != stamp_) {
        seen_[index] = stamp_;
        if (in_window(story, day))
          candidates.push_back(index);
      }
      ++i;
    }
  }

  // Dot products against the article spread out by term id: no branch per
  // term, as a merge of the two sorted vectors would take.
  dense_.resize(term_ids_.size());
  for (const auto& [term, value] : v)
    dense_[term] = value;
  std::optional<std::uint32_t> best;
  double best_score = 0;
  for (const std::uint32_t index : candidates) {
    const Story& story = stories_[index];
    ++comparisons_;
    double dot = 0;
    for (const auto& [term, value] : story.centroid)
      dot += value * dense_[term];
    if (story.norm <= 0)
      continue;
    const std::int32_t gap = day > *story.last_day    ? day - *story.last_day
                             : day < *story.first_day ? *story.first_day - day
                                                      : 0;
    const double score =
        dot / story.norm * std::max(0.0, 1.0 - params_.day_decay * static_cast<double>(gap));
    if (!best || score > best_score || (score == best_score && story.id < stories_[*best].id)) {
      best = index;
      best_score = score;
    }
  }
  for (const auto& [term, value] : v)
    dense_[term] = 0;
  if (best && best_score >= params_.threshold) {
    add(*best, v, day);
    return stories_[*best].id;
  }
  const std::uint64_t id = next_story++;
  add(story_index(id), v, day);
  return id;
}

}  // namespace byline::detail
