#include "query/indexed_body.hpp"

#include <algorithm>
#include <numeric>

#include "engine/schema.hpp"

namespace byline::detail {

IndexedBodyReader::IndexedBodyReader(const std::vector<MatchPattern>& patterns) {
  for (const MatchPattern& pattern : patterns) {
    if (!pattern.field.empty() && pattern.field != "body")
      continue;
    if (pattern.exact)
      usable_ = false;
    for (const Sequence& seq : pattern.pattern) {
      for (const Slot& slot : seq.slots) {
        for (const std::string& stem : slot)
          terms_.push_back(std::string(schema::prefix::kStem) + stem);
      }
    }
  }
  std::sort(terms_.begin(), terms_.end());
  terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
}

std::vector<std::optional<IndexedBody>> IndexedBodyReader::read(
    const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
    const std::vector<std::optional<std::string>>& body_resumes) const {
  if (!usable_ || body_resumes.size() != docids.size())
    return std::vector<std::optional<IndexedBody>>(docids.size());
  return read_positions(db, docids, body_resumes);
}

std::vector<std::optional<IndexedBody>> IndexedBodyReader::read_positions(
    const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
    const std::vector<std::optional<std::string>>& body_resumes) const {
  std::vector<std::optional<IndexedBody>> out(docids.size());
  std::vector<Xapian::termpos> body_start(docids.size(), 0);
  for (std::size_t k = 0; k < docids.size(); ++k) {
    auto resume =
        decode_body_resume(body_resumes[k] ? *body_resumes[k]
                                           : db.get_document(docids[k], Xapian::DOC_ASSUME_VALID)
                                                 .get_value(schema::slot::kBodyResume));
    if (!resume || resume->points.empty())
      continue;
    body_start[k] = resume->first_position;
    out[k].emplace();
    out[k]->resume = std::move(resume->points);
    out[k]->sentences = std::move(resume->sentences);
  }

  // Each term's posting list once, through the hits in docid order.
  std::vector<std::size_t> order(docids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
  const std::size_t prefix = schema::prefix::kStem.size();
  for (const std::string& term : terms_) {
    const std::string stem = term.substr(prefix);
    Xapian::PostingIterator posting = db.postlist_begin(term);
    const Xapian::PostingIterator postings_end = db.postlist_end(term);
    for (const std::size_t k : order) {
      if (!out[k])
        continue;
      auto& positions = out[k]->positions[stem];
      if (posting != postings_end)
        posting.skip_to(docids[k]);
      if (posting == postings_end || *posting != docids[k])
        continue;
      Xapian::termcount title_words = 0;
      for (auto p = posting.positionlist_begin(); p != posting.positionlist_end(); ++p) {
        if (*p >= body_start[k]) {
          positions.push_back(*p - body_start[k]);
        } else {
          ++title_words;
        }
      }
      // A joined form adds to the wdf but has no position (see
      // DocumentBuilder): the positions would miss it.
      const auto positional_wdf = title_words * (1 + schema::kTitleWdfBoost) +
                                  static_cast<Xapian::termcount>(positions.size());
      if (posting.get_wdf() != positional_wdf)
        out[k].reset();
    }
  }
  return out;
}

std::optional<std::vector<Token>> tokens_around_matches(Analyzer& analyzer, std::string_view text,
                                                        const IndexedBody& indexed,
                                                        std::string_view language) {
  std::vector<ResumePoint> starts{{0, 0}};
  starts.insert(starts.end(), indexed.resume.begin(), indexed.resume.end());
  if (starts.back().byte >= text.size())
    return std::nullopt;
  std::vector<bool> wanted(starts.size(), false);
  for (const auto& [stem, positions] : indexed.positions) {
    for (const std::uint32_t p : positions) {
      const auto after =
          std::upper_bound(starts.begin(), starts.end(), p,
                           [](std::uint32_t x, const ResumePoint& r) { return x < r.position; });
      wanted[static_cast<std::size_t>(after - starts.begin()) - 1] = true;
    }
  }
  std::vector<Token> out;
  for (std::size_t i = 0; i < starts.size();) {
    if (!wanted[i]) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;  // one past the run of wanted stretches
    while (j < starts.size() && wanted[j])
      ++j;
    const std::size_t begin = starts[i].byte;
    const std::size_t end = j < starts.size() ? starts[j].byte : text.size();
    std::uint32_t words_seen = 0;
    for (Token& t : analyzer.analyze(text.substr(begin, end - begin), language)) {
      words_seen += t.joined ? 0 : 1;
      t.position += starts[i].position;
      t.begin += begin;
      t.end += begin;
      out.push_back(std::move(t));
    }
    if (j < starts.size() && words_seen != starts[j].position - starts[i].position)
      return std::nullopt;
    i = j;
  }
  // Every word the query looks for, where the index has it and nowhere else.
  std::vector<std::uint32_t> found;
  for (const auto& [stem, positions] : indexed.positions) {
    found.clear();
    for (const Token& t : out) {
      if (t.stem == stem || t.accented_stem == stem)
        found.push_back(t.position);
    }
    if (found != positions)
      return std::nullopt;
  }
  return out;
}

}  // namespace byline::detail
