#include "query/highlighter.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>

#include "byline/error.hpp"
#include "engine/sentences.hpp"
#include "engine/utf8.hpp"

namespace byline::detail {

namespace {

using Positions = std::vector<std::uint32_t>;

bool applies(const MatchPattern& pattern, TextField field) {
  if (pattern.field.empty())
    return true;
  return pattern.field == (field == TextField::title ? "title" : "body");
}

// Where the query's words stand in one analysed text, by stem and by exact
// form. Only the query's terms are looked up: no map entry per word of text.
class TokenIndex {
 public:
  TokenIndex(const std::vector<Token>& tokens, const HighlightQuery& query, TextField field)
      : tokens_(tokens) {
    for (const MatchPattern& pattern : query.patterns) {
      if (!applies(pattern, field))
        continue;
      for (const Sequence& seq : pattern.pattern) {
        for (const Slot& slot : seq.slots) {
          for (const std::string& term : slot) {
            (pattern.exact ? term_ : stem_).try_emplace(term);
            (pattern.exact ? joined_term_ : joined_stem_).try_emplace(term);
          }
        }
      }
    }
    by_position_.reserve(tokens.size());
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const Token& t = tokens[k];
      if (t.joined) {
        add(joined_stem_, t.stem, k);
        if (!t.accented_stem.empty())
          add(joined_stem_, t.accented_stem, k);
        add(joined_term_, t.term, k);
        continue;
      }
      if (by_position_.size() <= t.position)
        by_position_.resize(t.position + 1, tokens.size());
      by_position_[t.position] = k;
      add(stem_, t.stem, t.position);
      if (!t.accented_stem.empty())
        add(stem_, t.accented_stem, t.position);
      add(term_, t.term, t.position);
    }
  }

  // Positions of the words matching any term of `slot`, sorted.
  [[nodiscard]] Positions positions(const Slot& slot, bool exact) const {
    const auto& map = exact ? term_ : stem_;
    Positions out;
    for (const std::string& term : slot) {
      if (const auto it = map.find(term); it != map.end())
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    if (slot.size() > 1) {
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
    }
    return out;
  }

  // Joined compounds ("al-Qaeda" as "alqaeda") matching a term of `slot`.
  [[nodiscard]] std::vector<std::size_t> joined(const Slot& slot, bool exact) const {
    const auto& map = exact ? joined_term_ : joined_stem_;
    std::vector<std::size_t> out;
    for (const std::string& term : slot) {
      if (const auto it = map.find(term); it != map.end())
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  [[nodiscard]] const Token& at(std::uint32_t position) const {
    return tokens_[by_position_[position]];
  }
  [[nodiscard]] const Token& token(std::size_t index) const { return tokens_[index]; }

 private:
  template <typename Map, typename Value>
  static void add(Map& map, const std::string& key, Value value) {
    if (map.empty())
      return;
    if (const auto it = map.find(key); it != map.end())
      it->second.push_back(static_cast<typename Map::mapped_type::value_type>(value));
  }

  const std::vector<Token>& tokens_;
  std::vector<std::size_t> by_position_;
  std::unordered_map<std::string, Positions> stem_, term_;
  std::unordered_map<std::string, std::vector<std::size_t>> joined_stem_, joined_term_;
};

// The words at `positions` (sorted) as spans, runs of consecutive words as one.
std::vector<Highlight> spans_of(const TokenIndex& index, const Positions& positions) {
  std::vector<Highlight> spans;
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const Token& t = index.at(positions[k]);
    if (k > 0 && positions[k] == positions[k - 1] + 1) {
      spans.back().end = t.end;
    } else {
      spans.push_back({t.begin, t.end});
    }
  }
  return spans;
}

// Every occurrence of `seq`, found as the index's positional check finds it
// (query/positional_filter.cpp): for each position of the first word, the
// earliest in-order positions of the others, within the window.
void sequence_occurrences(const TokenIndex& index, const Sequence& seq, bool exact,
                          std::size_t pattern, std::vector<Occurrence>& out) {
  if (seq.slots.empty())
    return;
  if (seq.slots.size() == 1) {
    for (const std::uint32_t p : index.positions(seq.slots.front(), exact))
      out.push_back({pattern, p, p, spans_of(index, {p})});
    for (const std::size_t k : index.joined(seq.slots.front(), exact)) {
      const Token& t = index.token(k);
      // A joined form follows its parts; the last part is just before it.
      const std::uint32_t last = k > 0 ? index.token(k - 1).position : t.position;
      out.push_back({pattern, t.position, std::max(last, t.position), {{t.begin, t.end}}});
    }
    return;
  }
  std::vector<Positions> lists;
  for (const Slot& slot : seq.slots) {
    lists.push_back(index.positions(slot, exact));
    if (lists.back().empty())
      return;
  }
  const std::uint32_t window = static_cast<std::uint32_t>(seq.slots.size()) + seq.slop;
  for (const std::uint32_t start : lists.front()) {
    Positions at{start};
    for (std::size_t k = 1; k < lists.size(); ++k) {
      const auto next = std::upper_bound(lists[k].begin(), lists[k].end(), at.back());
      if (next == lists[k].end() || *next - start >= window)
        break;
      at.push_back(*next);
    }
    if (at.size() == lists.size())
      out.push_back({pattern, start, at.back(), spans_of(index, at)});
  }
}

// Where the occurrences of the other side of a NEAR start and end, sorted,
// so that finding a partner is two binary searches.
struct Partners {
  std::vector<std::uint32_t> firsts;
  std::vector<std::uint32_t> lasts;

  explicit Partners(const std::vector<Occurrence>& others) {
    for (const Occurrence& o : others) {
      firsts.push_back(o.first);
      lasts.push_back(o.last);
    }
    std::sort(firsts.begin(), firsts.end());
    std::sort(lasts.begin(), lasts.end());
  }

  // One starts after x, with at most `distance` words between.
  [[nodiscard]] bool after(const Occurrence& x, unsigned distance) const {
    const auto it = std::upper_bound(firsts.begin(), firsts.end(), x.last);
    return it != firsts.end() && *it - x.last - 1 <= distance;
  }
  // One ends before x, with at most `distance` words between.
  [[nodiscard]] bool before(const Occurrence& x, unsigned distance) const {
    const auto it = std::lower_bound(lasts.begin(), lasts.end(), x.first);
    return it != lasts.begin() && x.first - *(it - 1) - 1 <= distance;
  }
};

// Whether occurrence x satisfies the NEAR with some occurrence of the other
// side: in order (x first when it is the left side) when `ordered`.
bool near_partner(const Occurrence& x, const Partners& others, const NearMatch& near,
                  bool x_is_left) {
  if (near.ordered)
    return x_is_left ? others.after(x, near.distance) : others.before(x, near.distance);
  return others.after(x, near.distance) || others.before(x, near.distance);
}

// How many line breaks `c` makes (CR LF is one; a paragraph separator, two).
int line_breaks(char32_t c, std::string_view rest) {
  if (c == U'\n' || c == U'\u2028')
    return 1;
  if (c == U'\r')
    return rest.starts_with('\n') ? 0 : 1;
  return c == U'\u2029' ? 2 : 0;
}

// Whether `text` ends a sentence: with . ! ? … : ; perhaps inside closing
// quotes or brackets.
bool ends_sentence(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
      --start;
    const std::string_view c = text.substr(start, end - start);
    if (c == "." || c == "!" || c == "?" || c == ":" || c == ";" || c == "\u2026")
      return true;
    const bool closing = c == "\"" || c == "'" || c == ")" || c == "]" || c == "\u2019" ||
                         c == "\u201D" || c == "\u00BB";
    if (!closing)
      return false;
    end = start;
  }
  return true;  // nothing before: no dash at the start
}

bool is_space_like(char32_t c) {
  // ASCII without a look-up in ICU's tables: its white space is all below
  // 0x21. Then the C1 controls, then Unicode's white space.
  if (c < 0x80)
    return c <= 0x20 || c == 0x7F;
  return c <= 0x9F || u_isUWhiteSpace(static_cast<UChar32>(c));
}

// Whether `boundaries` (increasing) can be `text`'s: inside it, each at the
// start of a character. Damaged ones could otherwise cut a snippet mid-character.
bool fit(const std::vector<std::uint32_t>& boundaries, std::string_view text) {
  return std::all_of(boundaries.begin(), boundaries.end(), [&](std::uint32_t b) {
    return b > 0 && b < text.size() && (static_cast<unsigned char>(text[b]) & 0xC0) != 0x80;
  });
}

// Valid UTF-8: `text` itself, or a copy with each malformed byte as U+FFFD.
std::string_view valid_utf8(std::string_view text, std::string& storage) {
  if (!utf8::find_invalid(text))
    return text;
  storage.clear();
  for (std::size_t at = 0; at < text.size();) {
    const auto d = utf8::decode(text, at);
    if (d.valid) {
      storage.append(text.substr(at, d.length));
    } else {
      utf8::append(storage, utf8::kReplacement);
    }
    at += d.length;
  }
  return storage;
}

constexpr std::string_view kEllipsis = "\u2026";
// After a heading, before the paragraph that follows it (see cut()).
constexpr std::string_view kParagraphDash = "\u2014 ";

}  // namespace

std::vector<Occurrence> find_occurrences(const std::vector<Token>& tokens,
                                         const HighlightQuery& query, TextField field) {
  const TokenIndex index(tokens, query, field);
  std::vector<std::vector<Occurrence>> per_pattern(query.patterns.size());
  for (std::size_t p = 0; p < query.patterns.size(); ++p) {
    const MatchPattern& pattern = query.patterns[p];
    if (!applies(pattern, field))
      continue;
    for (const Sequence& seq : pattern.pattern)
      sequence_occurrences(index, seq, pattern.exact, p, per_pattern[p]);
  }

  // NEAR: keep only the occurrences that have a partner close enough.
  std::vector<std::vector<bool>> keep(query.patterns.size());
  std::vector<bool> in_near(query.patterns.size(), false);
  for (std::size_t p = 0; p < query.patterns.size(); ++p)
    keep[p].assign(per_pattern[p].size(), false);
  for (const NearMatch& near : query.nears) {
    if (near.left >= per_pattern.size() || near.right >= per_pattern.size())
      continue;
    in_near[near.left] = in_near[near.right] = true;
    for (const bool left_side : {true, false}) {
      const std::size_t self = left_side ? near.left : near.right;
      const std::size_t other = left_side ? near.right : near.left;
      const Partners others(per_pattern[other]);
      for (std::size_t k = 0; k < per_pattern[self].size(); ++k) {
        if (!keep[self][k] && near_partner(per_pattern[self][k], others, near, left_side))
          keep[self][k] = true;
      }
    }
  }

  std::vector<Occurrence> out;
  for (std::size_t p = 0; p < per_pattern.size(); ++p) {
    for (std::size_t k = 0; k < per_pattern[p].size(); ++k) {
      if (!in_near[p] || keep[p][k])
        out.push_back(std::move(per_pattern[p][k]));
    }
  }
  std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
    const auto key = [](const Occurrence& o) {
      return std::make_tuple(o.spans.front().begin, o.spans.back().end, o.pattern);
    };
    return key(a) < key(b);
  });
  return out;
}

std::vector<Highlight> merged_spans(const std::vector<Occurrence>& occurrences) {
  std::vector<Highlight> spans;
  for (const Occurrence& o : occurrences)
    spans.insert(spans.end(), o.spans.begin(), o.spans.end());
  std::sort(spans.begin(), spans.end(), [](const Highlight& a, const Highlight& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.end > b.end);
  });
  std::vector<Highlight> merged;
  for (const Highlight& h : spans) {
    if (h.end <= h.begin)
      continue;
    if (!merged.empty() && h.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, h.end);
    } else {
      merged.push_back(h);
    }
  }
  return merged;
}

struct Highlighter::Impl {
  Analyzer& analyzer;
  std::unique_ptr<icu::BreakIterator> sentences;
  std::unique_ptr<icu::BreakIterator> words;

  // The sentence rules the indexer stored boundaries with.
  explicit Impl(Analyzer& a) : analyzer(a), sentences(make_sentence_iterator()) {
    UErrorCode status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !words) {
      throw Error(Error::Kind::io,
                  std::string("ICU could not load its break rules: ") + u_errorName(status));
    }
  }
};

Highlighter::Highlighter(Analyzer& analyzer) : impl_(std::make_unique<Impl>(analyzer)) {}
Highlighter::~Highlighter() = default;

std::vector<Highlight> Highlighter::highlight(std::string_view text, const HighlightQuery& query,
                                              TextField field, std::string_view language) {
  return merged_spans(find_occurrences(impl_->analyzer.analyze(text, language), query, field));
}

namespace {

// The boundaries an ICU break iterator finds in one text (valid UTF-8), as
// byte offsets, found on demand: ICU only looks at the text near the offsets
// asked about, not the whole body. Or the same from a list of them made
// before (the index's sentence boundaries of a body), with no ICU at all.
class Boundaries {
 public:
  Boundaries(icu::BreakIterator& it, std::string_view text,
             const std::vector<std::uint32_t>* known = nullptr)
      : it_(it), size_(text.size()), known_(known) {
    if (known_) {
      ok_ = true;
      return;
    }
    UErrorCode status = U_ZERO_ERROR;
    ut_ = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    it_.setText(ut_, status);
    ok_ = U_SUCCESS(status);
  }
  ~Boundaries() { utext_close(ut_); }
  Boundaries(const Boundaries&) = delete;
  Boundaries& operator=(const Boundaries&) = delete;

  // The boundary at `at` or the last one before it.
  std::size_t at_or_before(std::size_t at) {
    if (at >= size_ || at == 0 || !ok_)
      return std::min(at, size_);
    if (known_)
      return last_known_before(at + 1);
    return it_.isBoundary(native(at)) ? at : before(at).value_or(0);
  }
  // The boundary at `at` or the first one after it.
  std::size_t at_or_after(std::size_t at) {
    if (at >= size_ || at == 0 || !ok_)
      return at >= size_ || !ok_ ? size_ : 0;
    if (known_)
      return first_known_after(at - 1);
    return it_.isBoundary(native(at)) ? at : after(at).value_or(size_);
  }
  // The boundary strictly before / after `at`.
  std::optional<std::size_t> before(std::size_t at) {
    if (at == 0 || !ok_)
      return std::nullopt;
    if (known_)
      return last_known_before(std::min(at, size_));
    return checked(it_.preceding(native(std::min(at, size_))));
  }
  std::optional<std::size_t> after(std::size_t at) {
    if (at >= size_ || !ok_)
      return std::nullopt;
    if (known_)
      return first_known_after(at);
    return checked(it_.following(native(at)));
  }

 private:
  static int32_t native(std::size_t at) { return static_cast<int32_t>(at); }
  static std::optional<std::size_t> checked(int32_t b) {
    if (b == icu::BreakIterator::DONE)
      return std::nullopt;
    return static_cast<std::size_t>(b);
  }
  // The last known boundary before `at` (> 0), the text's start counting.
  std::size_t last_known_before(std::size_t at) const {
    const auto it = std::lower_bound(known_->begin(), known_->end(), at);
    return it == known_->begin() ? 0 : *std::prev(it);
  }
  // The first known boundary after `at` (< the size), the text's end counting.
  std::size_t first_known_after(std::size_t at) const {
    const auto it = std::upper_bound(known_->begin(), known_->end(), at);
    return it == known_->end() ? size_ : *it;
  }

  icu::BreakIterator& it_;
  std::size_t size_;
  const std::vector<std::uint32_t>* known_;
  UText* ut_ = nullptr;
  bool ok_ = false;
};

// Where each code point of a valid UTF-8 text starts, from a count per
// 16-byte block: made in one quick pass over the bytes, where a table of
// every code point's start cost as much as the rest of a snippet.
class CodePoints {
 public:
  explicit CodePoints(std::string_view text) : text_(text) {
    before_block_.reserve(text.size() / kBlock + 1);
    for (std::size_t at = 0; at < text.size(); ++at) {
      if (at % kBlock == 0)
        before_block_.push_back(total_);
      total_ += starts(text[at]);
    }
  }

  // The index of the code point that holds `byte`; the count of code points
  // for the end of the text or past it.
  [[nodiscard]] std::size_t index(std::size_t byte) const {
    if (byte >= text_.size())
      return total_;
    std::size_t n = before_block_[byte / kBlock];
    for (std::size_t at = byte / kBlock * kBlock; at <= byte; ++at)
      n += starts(text_[at]);
    return n - 1;
  }

  // Where code point `i` starts; the end of the text for `i` past the last.
  [[nodiscard]] std::size_t byte(std::size_t i) const {
    if (i >= total_)
      return text_.size();
    const auto block = std::upper_bound(before_block_.begin(), before_block_.end(), i) - 1;
    std::size_t n = *block;
    for (auto at = static_cast<std::size_t>(block - before_block_.begin()) * kBlock;; ++at) {
      if (starts(text_[at]) && n++ == i)
        return at;
    }
  }

 private:
  static constexpr std::size_t kBlock = 16;
  static bool starts(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

  std::string_view text_;
  std::vector<std::size_t> before_block_;
  std::size_t total_ = 0;
};

// Chooses and cuts the fragments of one body.
class FragmentMaker {
 public:
  // `known_sentences`: the text's sentence boundaries, when known already.
  FragmentMaker(std::string_view text, std::vector<Occurrence> occurrences,
                icu::BreakIterator& sentences, icu::BreakIterator& words, std::size_t length,
                std::size_t patterns, const std::vector<std::uint32_t>* known_sentences)
      : text_(text),
        occurrences_(std::move(occurrences)),
        sentences_(sentences, text, known_sentences),
        words_(words, text),
        length_(std::max<std::size_t>(length, 1)),
        shown_(patterns, false),
        code_points_(text) {
    spans_ = merged_spans(occurrences_);
  }

  std::vector<Snippet> run(std::size_t count) {
    std::vector<Snippet> out;
    std::vector<std::pair<std::size_t, Snippet>> made;
    for (std::size_t round = 0; round < count; ++round) {
      const auto best = choose();
      if (!best) {
        if (round == 0)
          made.emplace_back(0, cut(place(0, 0, 0, text_.size())));
        break;
      }
      const auto [lo, hi] = gap(occurrences_[best->first].spans.front().begin);
      const std::size_t content_end = content_end_of(best->first, best->second);
      const Range r = place(occurrences_[best->first].spans.front().begin, content_end, lo, hi);
      made.emplace_back(r.start, cut(r));
    }
    std::sort(made.begin(), made.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& m : made) {
      if (!m.second.text.empty())
        out.push_back(std::move(m.second));
    }
    return out;
  }

 private:
  struct Range {
    std::size_t start = 0;
    std::size_t end = 0;
  };

  [[nodiscard]] std::size_t cp(std::size_t byte) const { return code_points_.index(byte); }
  [[nodiscard]] std::size_t chars(std::size_t from, std::size_t to) const {
    return to > from ? cp(to) - cp(from) : 0;
  }
  [[nodiscard]] std::size_t byte_at(std::size_t cp_index) const {
    return code_points_.byte(cp_index);
  }

  [[nodiscard]] bool taken(std::size_t begin, std::size_t end) const {
    return std::any_of(chosen_.begin(), chosen_.end(),
                       [&](const Range& r) { return begin < r.end && end > r.start; });
  }

  // The free stretch of text around `at`, between the fragments chosen so far.
  [[nodiscard]] std::pair<std::size_t, std::size_t> gap(std::size_t at) const {
    std::size_t lo = 0, hi = text_.size();
    for (const Range& r : chosen_) {
      if (r.end <= at)
        lo = std::max(lo, r.end);
      if (r.start >= at)
        hi = std::min(hi, r.start);
    }
    return {lo, hi};
  }

  [[nodiscard]] std::size_t content_end_of(std::size_t i, std::size_t j) const {
    std::size_t end = 0;
    for (std::size_t k = i; k <= j; ++k)
      end = std::max(end, occurrences_[k].spans.back().end);
    return end;
  }

  // The best window of occurrences [i, j] not yet shown: most query parts
  // not yet shown, then most distinct parts, then most occurrences, then
  // the shortest, then the earliest.
  [[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> choose() const {
    struct Score {
      std::size_t fresh = 0, distinct = 0, hits = 0, span = 0, start = 0;
      bool better_than(const Score& o) const {
        return std::tie(fresh, distinct, hits, o.span, o.start) >
               std::tie(o.fresh, o.distinct, o.hits, span, start);
      }
    };
    std::optional<std::pair<std::size_t, std::size_t>> best;
    Score best_score;
    std::vector<std::size_t> parts;
    for (std::size_t i = 0; i < occurrences_.size(); ++i) {
      const std::size_t begin = occurrences_[i].spans.front().begin;
      if (taken(begin, occurrences_[i].spans.back().end))
        continue;
      parts.assign(1, occurrences_[i].pattern);
      std::size_t j = i, end = occurrences_[i].spans.back().end;
      for (std::size_t k = i + 1; k < occurrences_.size(); ++k) {
        const std::size_t k_end = std::max(end, occurrences_[k].spans.back().end);
        if (chars(begin, k_end) > length_ || taken(begin, k_end))
          break;
        j = k;
        end = k_end;
        parts.push_back(occurrences_[k].pattern);
      }
      std::sort(parts.begin(), parts.end());
      parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
      Score s;
      s.distinct = parts.size();
      s.fresh = static_cast<std::size_t>(
          std::count_if(parts.begin(), parts.end(), [&](std::size_t p) { return !shown_[p]; }));
      s.hits = j - i + 1;
      s.span = chars(begin, end);
      s.start = begin;
      if (!best || s.better_than(best_score)) {
        best = std::make_pair(i, j);
        best_score = s;
      }
    }
    return best;
  }

  [[nodiscard]] bool blank(std::size_t from, std::size_t to) const {
    for (std::size_t at = from; at < to;) {
      const auto d = utf8::decode(text_, at);
      if (!is_space_like(d.code_point))
        return false;
      at += d.length;
    }
    return true;
  }

  // The sentence boundary at or before `at` / at or after `at`.
  [[nodiscard]] std::size_t sentence_before(std::size_t at) { return sentences_.at_or_before(at); }
  [[nodiscard]] std::size_t sentence_after(std::size_t at) { return sentences_.at_or_after(at); }

  // `end` moved back over white space.
  [[nodiscard]] std::size_t trimmed_end(std::size_t begin, std::size_t end) const {
    while (end > begin) {
      std::size_t back = end - 1;
      while (back > begin && (static_cast<unsigned char>(text_[back]) & 0xC0) == 0x80)
        --back;
      if (!is_space_like(utf8::decode(text_, back).code_point))
        break;
      end = back;
    }
    return end;
  }

  // Characters shown of [from, to): trailing white space does not count.
  [[nodiscard]] std::size_t shown(std::size_t from, std::size_t to) const {
    return chars(from, trimmed_end(from, to));
  }

  // Where to cut around the content [cb, ce), inside [lo, hi).
  Range place(std::size_t cb, std::size_t ce, std::size_t lo, std::size_t hi) {
    std::size_t s = std::max(sentence_before(cb), lo);
    std::size_t e = std::min(sentence_after(ce), hi);
    Range r;
    if (shown(s, e) <= length_) {
      // Whole sentences: the content's, then those after, then before.
      for (auto n = sentences_.after(e); n && *n <= hi && shown(s, *n) <= length_;
           n = sentences_.after(*n)) {
        e = *n;
      }
      for (auto p = sentences_.before(s); p && *p >= lo && shown(*p, e) <= length_;
           p = sentences_.before(*p)) {
        s = *p;
      }
      // Room left: part of the next sentence, to a word boundary.
      if (shown(s, e) + length_ / 5 < length_ && e < hi) {
        const std::size_t limit = std::min(byte_at(cp(s) + length_), hi);
        if (const std::size_t w = words_.at_or_before(limit); w > e)
          e = w;
      }
      r = {s, e};
    } else {
      // A long sentence: a window of words, a third of the room before the content.
      const std::size_t content = chars(cb, ce);
      const std::size_t room = content < length_ ? length_ - content : 0;
      const std::size_t target = byte_at(cp(cb) >= room / 3 ? cp(cb) - room / 3 : 0);
      std::size_t start = cb;
      if (target <= s) {
        start = s;
      } else {
        // The first word start from the target on (not a space or a comma).
        for (std::size_t w = words_.at_or_after(target); w < cb; w = words_.after(w).value_or(cb)) {
          if (u_isalnum(static_cast<UChar32>(utf8::decode(text_, w).code_point))) {
            start = w;
            break;
          }
        }
      }
      const std::size_t limit = std::min(byte_at(cp(start) + length_), e);
      std::size_t end = ce;
      if (const std::size_t w = words_.at_or_before(limit); w > ce)
        end = w;
      r = {start, std::max(end, ce)};
    }
    // No white space at the edges.
    while (r.start < r.end) {
      const auto d = utf8::decode(text_, r.start);
      if (!is_space_like(d.code_point))
        break;
      r.start += d.length;
    }
    r.end = trimmed_end(r.start, r.end);
    chosen_.push_back(r);
    for (const Occurrence& o : occurrences_) {
      if (o.spans.front().begin >= r.start && o.spans.back().end <= r.end)
        shown_[o.pattern] = true;
    }
    return r;
  }

  // The fragment's text: white space collapsed, "…" where a sentence is cut.
  Snippet cut(const Range& r) {
    Snippet out;
    if (r.end <= r.start)
      return out;
    const bool cut_before = !blank(sentence_before(r.start), r.start);
    const bool cut_after = !blank(r.end, sentence_after(r.end));
    if (cut_before) {
      out.text += kEllipsis;
      out.text += ' ';
    }
    // Where each byte of the range lands in the text.
    std::vector<std::size_t> map(r.end - r.start + 1);
    // A run of white space becomes one space, or a dash when it is a
    // paragraph break after text that ends no sentence: a heading or a
    // caption, which would otherwise read as the start of the next sentence.
    bool space = false;
    int breaks = 0;
    for (std::size_t at = r.start; at < r.end;) {
      const auto d = utf8::decode(text_, at);
      if (is_space_like(d.code_point)) {
        if (!space)
          out.text += ' ';
        space = true;
        breaks += line_breaks(d.code_point, text_.substr(at + d.length));
      } else {
        if (space && breaks >= 2 &&
            !ends_sentence(std::string_view(out.text).substr(0, out.text.size() - 1)))
          out.text += kParagraphDash;
        out.text.append(text_.substr(at, d.length));
        space = false;
        breaks = 0;
      }
      for (std::size_t k = 0; k < d.length; ++k)
        map[at - r.start + k] = out.text.size() - (space ? 1 : d.length);
      at += d.length;
    }
    map[r.end - r.start] = out.text.size();
    for (const Highlight& h : spans_) {
      const std::size_t b = std::max(h.begin, r.start);
      const std::size_t e = std::min(h.end, r.end);
      if (b < e && map[b - r.start] < map[e - r.start])
        out.highlights.push_back({map[b - r.start], map[e - r.start]});
    }
    if (cut_after) {
      out.text += ' ';
      out.text += kEllipsis;
    }
    return out;
  }

  std::string_view text_;
  std::vector<Occurrence> occurrences_;
  Boundaries sentences_;
  Boundaries words_;
  std::size_t length_;
  std::vector<bool> shown_;
  CodePoints code_points_;
  std::vector<Highlight> spans_;
  std::vector<Range> chosen_;
};

}  // namespace

std::vector<Snippet> Highlighter::snippets(std::string_view body, const HighlightQuery& query,
                                           std::size_t count, std::size_t length,
                                           const IndexedBody* indexed, std::string_view language) {
  if (count == 0 || body.empty())
    return {};
  std::string storage;
  const std::string_view text = valid_utf8(body, storage);
  // The index's positions are of the body as stored: not of a repaired copy.
  std::optional<std::vector<Token>> tokens;
  if (indexed && text.data() == body.data())
    tokens = tokens_around_matches(impl_->analyzer, text, *indexed, language);
  // The index's sentence boundaries, when it agrees with the text.
  const std::vector<std::uint32_t>* sentences =
      tokens && indexed->sentences && fit(*indexed->sentences, text) ? &*indexed->sentences
                                                                     : nullptr;
  if (!tokens)
    tokens = impl_->analyzer.analyze(text, language);
  auto occurrences = find_occurrences(*tokens, query, TextField::body);
  FragmentMaker maker(text, std::move(occurrences), *impl_->sentences, *impl_->words, length,
                      query.patterns.size(), sentences);
  return maker.run(count);
}

}  // namespace byline::detail
