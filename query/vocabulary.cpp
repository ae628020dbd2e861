#include "query/vocabulary.hpp"

#include <algorithm>

#include "byline/error.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

// Exact-form terms are unprefixed and start with a lower-case letter, a digit
// or a non-ASCII byte; prefixed terms start with an upper-case ASCII letter.
bool is_exact_form(std::string_view term) {
  return !term.empty() && !(term.front() >= 'A' && term.front() <= 'Z');
}

// The smallest string greater than every string starting with `prefix`.
std::string successor(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last < 0xFF) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // empty: the end of the vocabulary
}

}  // namespace

std::vector<std::string> expand_prefix(const Xapian::Database& db, std::string_view prefix,
                                       std::size_t cap, std::size_t position) {
  std::vector<std::string> terms;
  const std::string start = std::string(schema::prefix::kExact) + std::string(prefix);
  for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
    if (!is_exact_form(*it))
      continue;
    if (terms.size() == cap) {
      throw Error(Error::Kind::invalid_query,
                  "'" + std::string(prefix) + "*' matches more than " + std::to_string(cap) +
                      " words; make the prefix longer",
                  position);
    }
    terms.push_back(*it);
  }
  return terms;
}

unsigned automatic_fuzzy_distance(std::size_t length) {
  if (length <= 3)
    return 0;
  if (length <= 5)
    return 1;
  return 2;
}

std::vector<VocabularyMatch> fuzzy_matches(const Xapian::Database& db, std::string_view word,
                                           unsigned max_distance, std::size_t limit) {
  std::vector<VocabularyMatch> found;
  const std::size_t n = word.size();
  // rows[d] is the edit-distance row after the first d characters of the
  // current term; rows[0] is the distance from the empty string.
  std::vector<std::vector<unsigned>> rows(1, std::vector<unsigned>(n + 1));
  for (std::size_t j = 0; j <= n; ++j)
    rows[0][j] = static_cast<unsigned>(j);
  std::string previous;

  auto it = db.allterms_begin();
  const auto end = db.allterms_end();
  while (it != end) {
    const std::string term = *it;
    if (!is_exact_form(term)) {
      // Skip the block of prefixed terms (upper-case first letter) at once.
      if (term.front() >= 'A' && term.front() <= 'Z') {
        it.skip_to(std::string(1, static_cast<char>('Z' + 1)));
      } else {
        ++it;
      }
      continue;
    }
    // Rows for the prefix shared with the previous term are still valid.
    std::size_t common = 0;
    while (common < term.size() && common < previous.size() && term[common] == previous[common]) {
      ++common;
    }
    rows.resize(common + 1);
    bool pruned = false;
    for (std::size_t d = common; d < term.size(); ++d) {
      const std::vector<unsigned>& above = rows[d];
      std::vector<unsigned> row(n + 1);
      row[0] = above[0] + 1;
      unsigned best = row[0];
      for (std::size_t j = 1; j <= n; ++j) {
        const unsigned substitute = above[j - 1] + (term[d] == word[j - 1] ? 0 : 1);
        row[j] = std::min({above[j] + 1, row[j - 1] + 1, substitute});
        best = std::min(best, row[j]);
      }
      rows.push_back(std::move(row));
      if (best > max_distance) {
        // No term starting with term[0..d] can come within reach.
        previous.clear();
        rows.resize(1);
        const std::string next = successor(term.substr(0, d + 1));
        if (next.empty())
          return found;
        it.skip_to(next);
        pruned = true;
        break;
      }
    }
    if (pruned)
      continue;
    previous = term;
    const unsigned distance = rows.back()[n];
    if (distance <= max_distance) {
      found.push_back({term, distance, it.get_termfreq()});
    }
    ++it;
  }
  std::sort(found.begin(), found.end(), [](const VocabularyMatch& a, const VocabularyMatch& b) {
    if (a.distance != b.distance)
      return a.distance < b.distance;
    if (a.frequency != b.frequency)
      return a.frequency > b.frequency;
    return a.term < b.term;
  });
  if (found.size() > limit)
    found.resize(limit);
  return found;
}

}  // namespace byline::detail
