#include "query/vocabulary.hpp"

#include <algorithm>

#include "byline/error.hpp"
#include "engine/utf8.hpp"
#include "engine/vocabulary_store.hpp"
#include "query/limits.hpp"
#include "query/vocabulary_cache.hpp"

namespace byline::detail {

namespace {

bool is_upper_ascii(char c) {
  return c >= 'A' && c <= 'Z';
}

// Whether `rest`, what follows a prefix in a term, is that prefix's own:
// prefixes are upper-case ASCII letters and what they prefix (words, keys)
// is not, so an upper-case letter there starts a longer prefix (XSW under
// XS; under the empty prefix of exact forms, every prefixed term).
bool is_own(std::string_view rest) {
  return !rest.empty() && !is_upper_ascii(rest.front());
}

// The first term after every term `prefix` + an upper-case letter...: the
// end of the block of longer prefixes under `prefix`.
std::string past_longer_prefixes(std::string_view prefix) {
  return std::string(prefix) + static_cast<char>('Z' + 1);
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

// The character at text[offset] as compared: its code point, or for a
// malformed byte a value no code point has (so that two different
// malformed bytes still differ). `length`: its bytes.
char32_t char_at(std::string_view text, std::size_t offset, std::size_t& length) {
  const auto byte = static_cast<unsigned char>(text[offset]);
  if (byte < 0x80) {
    length = 1;
    return byte;
  }
  const utf8::Decoded d = utf8::decode(text, offset);
  length = d.length;
  return d.valid ? d.code_point : 0x110000 + byte;
}

std::u32string decoded(std::string_view text) {
  std::u32string out;
  for (std::size_t at = 0, length = 0; at < text.size(); at += length)
    out.push_back(char_at(text, at, length));
  return out;
}

// Fills `row`, the next row of the optimal string alignment table of `word`
// against a term, and returns its smallest cell: `above` is the row after
// the term's characters so far, `two_above` the one before it (null for the
// first character), `c` the term's next character and `before` the one
// ahead of it. Each row holds word.size() + 1 cells.
unsigned next_row(const std::u32string& word, const unsigned* above, const unsigned* two_above,
                  char32_t c, char32_t before, unsigned* row) {
  const std::size_t n = word.size();
  row[0] = above[0] + 1;
  unsigned best = row[0];
  for (std::size_t j = 1; j <= n; ++j) {
    unsigned v =
        std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + (c == word[j - 1] ? 0 : 1)});
    // Two adjacent characters swapped: one edit.
    if (two_above != nullptr && j >= 2 && c == word[j - 2] && before == word[j - 1])
      v = std::min(v, two_above[j - 2] + 1);
    row[j] = v;
    best = std::min(best, v);
  }
  return best;
}

// A place in a sorted vocabulary, for the walks below: Xapian's term list
// under a prefix, or a word list of the vocabulary store.
class TermListCursor {
 public:
  TermListCursor(const Xapian::Database& db, const std::string& prefix)
      : it_(db.allterms_begin(prefix)), end_(db.allterms_end(prefix)) {
    load();
  }
  [[nodiscard]] bool done() const { return it_ == end_; }
  [[nodiscard]] std::string_view term() const { return term_; }
  [[nodiscard]] Xapian::doccount frequency() const { return it_.get_termfreq(); }
  void next() {
    ++it_;
    load();
  }
  void skip_to(const std::string& term) {
    it_.skip_to(term);
    load();
  }
  void finish() { it_ = end_; }

 private:
  void load() {
    if (it_ != end_)
      term_ = *it_;
  }
  Xapian::TermIterator it_;
  const Xapian::TermIterator end_;
  std::string term_;
};

class WordListCursor {
 public:
  explicit WordListCursor(const WordList& words) : words_(words) {}
  [[nodiscard]] bool done() const { return at_ >= words_.size(); }
  [[nodiscard]] std::string_view term() const { return words_[at_]; }
  void next() { ++at_; }
  // Galloping: a skip mostly passes a few words (those of one prefix), so
  // the steps double from here before the binary search.
  void skip_to(const std::string& term) {
    std::size_t step = 1, low = at_;
    while (low + step < words_.size() && words_[low + step] < term) {
      low += step;
      step *= 2;
    }
    at_ = words_.lower_bound(term, low, std::min(low + step + 1, words_.size()));
  }
  void finish() { at_ = words_.size(); }

 private:
  const WordList& words_;
  std::size_t at_ = 0;
};

// The fuzzy walk (see fuzzy_matches() in the header): calls
// found(term without prefix, distance) for each term of `cursor`, all under
// `prefix`, within `max_distance` edits of `w`.
template <typename Cursor, typename Found>
void walk_within(Cursor& cursor, std::string_view prefix, const std::u32string& w,
                 unsigned max_distance, Found&& found) {
  const std::size_t n = w.size();
  const std::size_t stride = n + 1;
  // Row d of `table` (cells [d * stride, (d + 1) * stride)) is the
  // edit-distance row after the first d characters of the current term
  // (chars[0..d), ending at byte ends[d] of it); row 0 is the distance from
  // the empty string.
  std::vector<unsigned> table(stride);
  for (std::size_t j = 0; j <= n; ++j)
    table[j] = static_cast<unsigned>(j);
  std::u32string chars;
  std::vector<std::size_t> ends{0};
  std::string previous;

  while (!cursor.done()) {
    const std::string_view full = cursor.term();
    const std::string_view term = full.substr(prefix.size());
    if (!is_own(term)) {
      // Skip a block of longer prefixes at once.
      if (!term.empty() && is_upper_ascii(term.front())) {
        cursor.skip_to(past_longer_prefixes(prefix));
      } else {
        cursor.next();
      }
      continue;
    }
    // Rows for the whole characters of the prefix shared with the previous
    // term are still valid.
    std::size_t common = 0;
    while (common < term.size() && common < previous.size() && term[common] == previous[common])
      ++common;
    std::size_t depth = 0;
    while (depth + 1 < ends.size() && ends[depth + 1] <= common)
      ++depth;
    chars.resize(depth);
    ends.resize(depth + 1);
    bool pruned = false;
    for (std::size_t at = ends.back(); at < term.size();) {
      std::size_t length = 0;
      const char32_t c = char_at(term, at, length);
      const std::size_t d = chars.size();
      if (table.size() < (d + 2) * stride)
        table.resize((d + 2) * stride);  // grows to the longest term's rows, once
      unsigned* row = &table[(d + 1) * stride];
      const unsigned best = next_row(w, row - stride, d > 0 ? row - 2 * stride : nullptr, c,
                                     d > 0 ? chars[d - 1] : 0, row);
      at += length;
      chars.push_back(c);
      ends.push_back(at);
      if (best > max_distance) {
        // No term starting with term[0..at) can come within reach: every
        // cell of a later row is at least the smallest of this one (a swap
        // reaches two rows back, to a cell no smaller than the one beside
        // it in this row).
        previous.clear();
        chars.clear();
        ends.resize(1);
        const std::string next = successor(std::string(full.substr(0, prefix.size() + at)));
        if (next.empty()) {
          cursor.finish();
        } else {
          cursor.skip_to(next);
        }
        pruned = true;
        break;
      }
    }
    if (pruned)
      continue;
    previous.assign(term);
    const unsigned distance = table[chars.size() * stride + n];
    if (distance <= max_distance)
      found(term, distance);
    cursor.next();
  }
}

// Closest first, then the most used, then in term order; at most `limit`.
void sort_and_cut(std::vector<VocabularyMatch>& found, std::size_t limit) {
  std::sort(found.begin(), found.end(), [](const VocabularyMatch& a, const VocabularyMatch& b) {
    if (a.distance != b.distance)
      return a.distance < b.distance;
    if (a.frequency != b.frequency)
      return a.frequency > b.frequency;
    return a.term < b.term;
  });
  if (found.size() > limit)
    found.resize(limit);
}

// fuzzy_matches() of the exact forms, from the vocabulary store: the same
// walk over its lists, then each word found confirmed in the index (the
// store may keep words no article uses any more), distance by distance
// until `limit` are: the words of a greater distance would come after.
std::vector<VocabularyMatch> stored_fuzzy_matches(const Xapian::Database& db,
                                                  const std::vector<StoredVocabulary>& stores,
                                                  const std::u32string& w, unsigned max_distance,
                                                  std::size_t limit) {
  std::vector<VocabularyMatch> candidates;
  for (const StoredVocabulary& stored : stores) {
    for (const WordList* words : {stored.main.get(), stored.delta.get()}) {
      WordListCursor cursor(*words);
      walk_within(cursor, schema::prefix::kExact, w, max_distance,
                  [&](std::string_view term, unsigned distance) {
                    candidates.push_back({std::string(term), distance, 0});
                  });
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const VocabularyMatch& a, const VocabularyMatch& b) {
              return a.distance != b.distance ? a.distance < b.distance : a.term < b.term;
            });
  // A word in both lists of a store (never written so), or in several
  // shards' stores, counts once.
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const VocabularyMatch& a, const VocabularyMatch& b) {
                                 return a.term == b.term;
                               }),
                   candidates.end());
  std::vector<VocabularyMatch> found;
  for (VocabularyMatch& candidate : candidates) {
    if (found.size() >= limit && !found.empty() && candidate.distance > found.back().distance)
      break;
    candidate.frequency = db.get_termfreq(std::string(schema::prefix::kExact) + candidate.term);
    if (candidate.frequency > 0)
      found.push_back(std::move(candidate));
  }
  sort_and_cut(found, limit);
  return found;
}

}  // namespace

std::vector<std::string> expand_prefix(const Xapian::Database& db, std::string_view prefix,
                                       std::size_t cap, std::size_t position) {
  std::vector<std::string> terms;
  const std::string start = std::string(schema::prefix::kExact) + std::string(prefix);
  for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
    if (!is_own(*it))
      continue;
    if (terms.size() == cap) {
      throw Error(Error::Kind::invalid_query,
                  "'" + limits::quoted_part(std::string(prefix) + "*") + "' matches more than " +
                      std::to_string(cap) + " words; make the prefix longer",
                  position);
    }
    terms.push_back(*it);
  }
  return terms;
}

bool has_wildcard(std::string_view pattern) noexcept {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

bool wildcard_matches(std::string_view pattern, std::string_view term) {
  const std::u32string p = decoded(pattern);
  const std::u32string t = decoded(term);
  // Greedy, going back to the last '*' on a mismatch: linear but for
  // patterns with several stars, and terms are short.
  std::size_t i = 0, k = 0;
  std::size_t star = std::u32string::npos, resume = 0;
  while (k < t.size()) {
    if (i < p.size() && p[i] == U'*') {
      star = i++;
      resume = k;
    } else if (i < p.size() && (p[i] == U'?' || p[i] == t[k])) {
      ++i;
      ++k;
    } else if (star != std::u32string::npos) {
      i = star + 1;
      k = ++resume;
    } else {
      return false;
    }
  }
  while (i < p.size() && p[i] == U'*')
    ++i;
  return i == p.size();
}

std::vector<std::string> expand_wildcard(const Xapian::Database& db, std::string_view pattern,
                                         std::size_t cap, std::size_t position,
                                         const std::vector<Xapian::Database>* shards) {
  const std::size_t first = pattern.find_first_of("*?");
  const std::string_view literal = pattern.substr(0, std::min(first, pattern.size()));
  if (first == std::string_view::npos) {
    const std::string term = std::string(schema::prefix::kExact) + std::string(pattern);
    return db.term_exists(term) ? std::vector<std::string>{term} : std::vector<std::string>{};
  }
  if (pattern.find('?') == std::string_view::npos &&
      pattern.find_first_not_of('*', first) == std::string_view::npos) {
    return expand_prefix(db, literal, cap, position);  // pledg*: a range of terms
  }
  // What a term needs before the pattern is tried: as many characters as
  // the pattern has besides its stars (exactly as many without a star), and
  // its literal end.
  std::size_t least = 0;
  bool starred = false;
  for (const char32_t c : decoded(pattern)) {
    if (c == U'*')
      starred = true;
    else
      ++least;
  }
  const std::string_view ending = pattern.substr(pattern.find_last_of("*?") + 1);
  const auto matches = [&](std::string_view term) {
    const std::size_t length = code_points(term);
    return term.ends_with(ending) && length >= least && (starred || length == least) &&
           wildcard_matches(pattern, term);
  };
  std::vector<std::string> terms;
  const auto add = [&](std::string term) {
    if (terms.size() == cap) {
      throw Error(Error::Kind::invalid_query,
                  "'" + limits::quoted_part(pattern) + "' matches more than " +
                      std::to_string(cap) + " words; make the pattern longer",
                  position);
    }
    terms.push_back(std::move(term));
  };

  if (const auto stores = stored_vocabularies(db, shards)) {
    // The stores' words that match, in term order, each confirmed in the
    // index (a store may keep words no article uses any more).
    std::vector<std::string> candidates;
    for (const StoredVocabulary& stored : *stores) {
      for (const WordList* words : {stored.main.get(), stored.delta.get()}) {
        for (std::size_t at = words->lower_bound(literal);
             at < words->size() && (*words)[at].starts_with(literal); ++at) {
          if (matches((*words)[at]))
            candidates.emplace_back((*words)[at]);
        }
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::string& term : candidates) {
      if (db.term_exists(std::string(schema::prefix::kExact) + term))
        add(std::move(term));
    }
    return terms;
  }

  const std::string start = std::string(schema::prefix::kExact) + std::string(literal);
  auto it = db.allterms_begin(start);
  const auto end = db.allterms_end(start);
  while (it != end) {
    const std::string term = *it;
    if (!is_own(term)) {
      if (is_upper_ascii(term.front())) {
        it.skip_to(past_longer_prefixes(schema::prefix::kExact));
      } else {
        ++it;
      }
      continue;
    }
    if (matches(term))
      add(term);
    ++it;
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

std::size_t code_points(std::string_view text) noexcept {
  std::size_t n = 0;
  for (std::size_t at = 0; at < text.size(); ++n)
    at += utf8::decode(text, at).length;
  return n;
}

unsigned edit_distance(std::string_view a, std::string_view b) {
  const std::u32string word = decoded(b);
  const std::u32string term = decoded(a);
  const std::size_t stride = word.size() + 1;
  std::vector<unsigned> table((term.size() + 1) * stride);
  for (std::size_t j = 0; j < stride; ++j)
    table[j] = static_cast<unsigned>(j);
  for (std::size_t d = 0; d < term.size(); ++d) {
    unsigned* row = &table[(d + 1) * stride];
    (void)next_row(word, row - stride, d > 0 ? row - 2 * stride : nullptr, term[d],
                   d > 0 ? term[d - 1] : 0, row);
  }
  return table[term.size() * stride + word.size()];
}

std::vector<VocabularyMatch> fuzzy_matches(const Xapian::Database& db, std::string_view word,
                                           unsigned max_distance, std::size_t limit,
                                           std::string_view prefix,
                                           const std::vector<Xapian::Database>* shards) {
  const std::u32string w = decoded(word);
  if (prefix == schema::prefix::kExact) {
    if (const auto stores = stored_vocabularies(db, shards))
      return stored_fuzzy_matches(db, *stores, w, max_distance, limit);
  }
  std::vector<VocabularyMatch> found;
  TermListCursor cursor(db, std::string(prefix));
  walk_within(cursor, prefix, w, max_distance, [&](std::string_view term, unsigned distance) {
    found.push_back({std::string(term), distance, cursor.frequency()});
  });
  sort_and_cut(found, limit);
  return found;
}

}  // namespace byline::detail
