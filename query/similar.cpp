#include "query/similar.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/error.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

// The language the article was stemmed in, as the Analyzer takes it: its
// slot, else (an article indexed before the slot) its L term; empty: the
// index's language.
std::string language_of(const Xapian::Database& db, Xapian::docid did) {
  std::string lang = db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::slot::kLang);
  if (!lang.empty())
    return lang;
  const std::string prefix(schema::prefix::kLang);
  Xapian::TermIterator term = db.termlist_begin(did);
  term.skip_to(prefix);
  if (term != db.termlist_end(did) && (*term).starts_with(prefix))
    lang = (*term).substr(prefix.size());
  return lang;
}

// `stem` without its last character (UTF-8), but never empty: what the
// words that stem to it begin with. Stemmers take endings off, and change
// at most the last letter of what is left (English "countries" and
// "country" are "countri").
std::string_view stem_start(std::string_view stem) {
  std::size_t end = stem.size();
  while (end > 0 && (static_cast<unsigned char>(stem[end - 1]) & 0xC0) == 0x80)
    --end;  // continuation bytes of the last character
  return end > 1 ? stem.substr(0, end - 1) : stem;
}

// The word to show for each stem of `stems` (Z terms): the exact form the
// given articles write most often among those that stem to it (ties: the
// first in byte order), else the bare stem. An article's exact forms are
// what the analyzer stemmed at indexing, so stemming them again in its
// language finds the ones a stem stands for; only those that begin as a
// stem does are read and stemmed (stem_start()), a few per stem.
std::vector<std::string> words_for(const Xapian::Database& db, Analyzer& analyzer,
                                   const std::vector<Xapian::docid>& given,
                                   const std::vector<std::string>& stems) {
  std::vector<std::string_view> bare;  // the stems without their prefix
  std::vector<std::string_view> starts;
  for (const std::string& stem : stems) {
    bare.push_back(std::string_view(stem).substr(schema::prefix::kStem.size()));
    starts.push_back(stem_start(bare.back()));
  }
  // The ranges of exact forms to read: each stem's start, those that begin
  // with a shorter one read with it. An article's terms are sorted, so
  // skip_to() goes from one range to the next, past the rest.
  std::vector<std::string_view> ranges(starts);
  std::sort(ranges.begin(), ranges.end());
  ranges.erase(std::unique(ranges.begin(), ranges.end(),
                           [](std::string_view a, std::string_view b) { return b.starts_with(a); }),
               ranges.end());
  // Per stem: each form with its occurrences in all the given articles.
  std::vector<std::map<std::string, Xapian::termcount>> forms(stems.size());
  for (const Xapian::docid did : given) {
    const std::string lang = language_of(db, did);
    Xapian::TermIterator term = db.termlist_begin(did);
    for (const std::string_view range : ranges) {
      for (term.skip_to(std::string(range)); term != db.termlist_end(did); ++term) {
        const std::string form = *term;
        if (!form.starts_with(range))
          break;
        std::string stem;  // stemmed once, when some stem could stand for it
        for (std::size_t i = 0; i < stems.size(); ++i) {
          if (!form.starts_with(starts[i]))
            continue;
          if (stem.empty())
            stem = analyzer.stem(form, lang);
          if (stem == bare[i])
            forms[i][form] += term.get_wdf();
        }
      }
    }
  }
  std::vector<std::string> words;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    // A compound's joined form counts no occurrence (wdf 0): chosen only
    // when nothing else stems so.
    const auto best =
        std::max_element(forms[i].begin(), forms[i].end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    words.push_back(best != forms[i].end() ? best->first : std::string(bare[i]));
  }
  return words;
}

std::string id_term(std::string_view id) {
  std::string term(schema::prefix::kId);
  term.append(id);
  return term;
}

struct GivenArticle {
  std::string id;
  Xapian::docid did = 0;
};

// The articles with these ids, each once, in order. Throws Error(not_found)
// naming the first id the index lacks.
std::vector<GivenArticle> find_given(const Xapian::Database& db,
                                     const std::vector<std::string>& ids,
                                     const std::string& index_path) {
  std::vector<GivenArticle> out;
  for (const std::string& id : ids) {
    // Too long to be an id (Xapian would refuse the term): none has it.
    const std::string term = id_term(id);
    Xapian::PostingIterator post;
    if (id.size() <= schema::kMaxIdBytes)
      post = db.postlist_begin(term);
    if (id.size() > schema::kMaxIdBytes || post == db.postlist_end(term)) {
      throw Error(Error::Kind::not_found,
                  "no article with id \"" + id + "\" in index " + index_path);
    }
    const auto same = [&](const GivenArticle& a) { return a.did == *post; };
    if (std::none_of(out.begin(), out.end(), same))
      out.push_back(GivenArticle{id, *post});
  }
  return out;
}

// How many articles have each stem, counted exactly in an index of
// several shards too (where Xapian would estimate it from the shards that
// hold the given articles): the words chosen are then those one index of
// the same articles would choose. One database counts exactly either way.
constexpr int kExactCounts = Xapian::Enquire::USE_EXACT_TERMFREQ;

// A stem Xapian's relevance feedback offers, its weight, and how many
// articles have it.
struct Candidate {
  std::string stem;
  double weight = 0;
  Xapian::doccount articles = 0;
};

// The `count` best stems of the articles of `rset`, best first, by Xapian's
// default expansion weight ("trad", the relevance weight of Robertson and
// Sparck Jones; bo1 chose more stopwords on the seeds). Xapian weighs every
// stem of the articles and reads how many articles have each as it goes;
// that count is read again here for these few only.
std::vector<Candidate> expand(const Xapian::Database& db, const Xapian::RSet& rset,
                              std::size_t count) {
  const Xapian::ExpandDeciderFilterPrefix stems{std::string(schema::prefix::kStem)};
  const Xapian::ESet best = Xapian::Enquire(db).get_eset(static_cast<Xapian::termcount>(count),
                                                         rset, kExactCounts, &stems);
  std::vector<Candidate> out;
  for (auto it = best.begin(); it != best.end(); ++it)
    out.push_back(Candidate{*it, it.get_weight(), db.get_termfreq(*it)});
  return out;
}

// The near-duplicates of the given articles (engine/schema.hpp,
// kDuplicateGroup): the articles of their groups found among those that
// have most of the given articles' kRareWords rarest words (a copy has
// nearly all of them), each with its id term. Posting lists of rare words
// are short: read directly, they make a handful of articles whose group is
// looked at, where a query on the group slot is a pass over every article's
// value (a fifth of a similar search at 10,000 articles). An edited copy
// without most of the rare words is missed. None when the given articles
// have no group (indexed before groups) or no word another article has; at
// most kMaxCopies.
constexpr std::size_t kRareWords = 5;
constexpr Xapian::doccount kMaxCopies = 100;

std::vector<std::pair<Xapian::docid, std::string>> copies_of(
    const Xapian::Database& db, const std::vector<Candidate>& candidates,
    const std::vector<Xapian::docid>& given, const std::vector<std::string>& groups) {
  std::vector<std::pair<Xapian::docid, std::string>> out;
  if (std::all_of(groups.begin(), groups.end(), [](const auto& g) { return g.empty(); }))
    return out;
  std::vector<const std::string*> rare;
  for (const Candidate& c : candidates) {
    if (c.articles >= 2 && c.articles <= kMaxCopies + given.size() && rare.size() < kRareWords)
      rare.push_back(&c.stem);
  }
  std::map<Xapian::docid, std::size_t> seen;  // articles: how many rare words each has
  for (const std::string* stem : rare) {
    for (auto post = db.postlist_begin(*stem); post != db.postlist_end(*stem); ++post) {
      if (std::find(given.begin(), given.end(), *post) == given.end())
        ++seen[*post];
    }
  }
  const std::string id_prefix(schema::prefix::kId);
  for (const auto& [did, count] : seen) {
    if (2 * count <= rare.size() || out.size() == kMaxCopies)
      continue;  // not most of them
    const std::string group =
        db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::slot::kDuplicateGroup);
    if (group.empty() || std::find(groups.begin(), groups.end(), group) == groups.end())
      continue;
    Xapian::TermIterator id = db.termlist_begin(did);
    id.skip_to(id_prefix);
    if (id != db.termlist_end(did) && (*id).starts_with(id_prefix))
      out.emplace_back(did, *id);
  }
  return out;
}

// Which stems may be chosen: those that can find other articles and tell
// them apart. Not a word only the given articles (and their copies) have:
// it finds nothing, however rare, and relevance feedback favours rare
// words. Nor a word more than half of the other articles of their
// languages have: a stopword ("the", "said"), which stemming and case
// folding keep, and an index of many languages makes look rare, as its
// articles of other languages lack it.
class TellingStems final : public Xapian::ExpandDecider {
 public:
  // `relevant`: the given articles and their copies.
  TellingStems(const Xapian::Database& db, const std::vector<Xapian::docid>& relevant) : db_(db) {
    const std::string stem_prefix(schema::prefix::kStem);
    std::vector<std::string> languages;
    bool unknown_language = false;
    for (const Xapian::docid did : relevant) {
      const std::string lang = language_of(db, did);
      unknown_language = unknown_language || lang.empty();
      if (std::find(languages.begin(), languages.end(), lang) == languages.end())
        languages.push_back(lang);
      // The stems Xapian offers are those of the relevant articles: with
      // one, each is in it once.
      if (relevant.size() == 1)
        continue;
      Xapian::TermIterator term = db.termlist_begin(did);
      for (term.skip_to(stem_prefix);
           term != db.termlist_end(did) && (*term).starts_with(stem_prefix); ++term)
        ++in_relevant_[*term];
    }
    // An article with no language was stemmed in the index's: all of them
    // count, as they do without a language term to count by.
    Xapian::doccount articles = 0;
    for (const std::string& lang : languages)
      articles += db.get_termfreq(std::string(schema::prefix::kLang) + lang);
    if (unknown_language || articles == 0)
      articles = db.get_doccount();
    const auto given = static_cast<Xapian::doccount>(relevant.size());
    most_others_ = (articles > given ? articles - given : 0) / 2;
  }

  // `articles`: how many have the stem `term`.
  [[nodiscard]] bool telling(const std::string& term, Xapian::doccount articles) const {
    Xapian::doccount own = 1;
    if (!in_relevant_.empty()) {
      const auto relevant = in_relevant_.find(term);
      own = relevant == in_relevant_.end() ? 0 : relevant->second;
    }
    const Xapian::doccount others = articles > own ? articles - own : 0;
    return others > 0 && others <= most_others_;
  }

  // As an ExpandDecider, inside the expansion.
  bool operator()(const std::string& term) const override {
    // An exact form would count a word twice; the other prefixes are filters.
    return term.starts_with(schema::prefix::kStem) && telling(term, db_.get_termfreq(term));
  }

 private:
  const Xapian::Database& db_;
  std::map<std::string, Xapian::doccount, std::less<>> in_relevant_;
  Xapian::doccount most_others_ = 0;
};

// The `terms` most telling of `candidates` (the best stems of the
// `relevant` articles, best first), with their weights. When too many of
// them are refused (an article of many words no other has), TellingStems
// decides inside a second expansion, over every stem.
std::vector<std::pair<std::string, double>> telling_stems(
    const Xapian::Database& db, const Xapian::RSet& rset,
    const std::vector<Xapian::docid>& relevant, const std::vector<Candidate>& candidates,
    std::size_t wanted, std::size_t terms) {
  const TellingStems telling(db, relevant);
  std::vector<std::pair<std::string, double>> out;
  for (const Candidate& c : candidates) {
    if (out.size() < terms && telling.telling(c.stem, c.articles))
      out.emplace_back(c.stem, c.weight);
  }
  if (out.size() == terms || candidates.size() < wanted)
    return out;
  out.clear();
  const Xapian::ESet decided = Xapian::Enquire(db).get_eset(static_cast<Xapian::termcount>(terms),
                                                            rset, kExactCounts, &telling);
  for (auto it = decided.begin(); it != decided.end(); ++it)
    out.emplace_back(*it, it.get_weight());
  return out;
}

}  // namespace

SimilarQuery similar_query(const Xapian::Database& db, Analyzer& analyzer,
                           const std::vector<std::string>& ids, const std::string& index_path,
                           std::size_t terms, bool include_duplicates, const Interrupt& interrupt) {
  const std::vector<GivenArticle> given_articles = find_given(db, ids, index_path);
  std::vector<Xapian::docid> given;
  std::vector<std::string> groups;
  Xapian::RSet rset;
  for (const GivenArticle& a : given_articles) {
    given.push_back(a.did);
    rset.add_document(a.did);
    groups.push_back(
        db.get_document(a.did, Xapian::DOC_ASSUME_VALID).get_value(schema::slot::kDuplicateGroup));
  }
  // Stems to choose among: more than wanted, as TellingStems refuses some.
  const std::size_t wanted = 3 * terms + 10;
  std::vector<Candidate> candidates = expand(db, rset, wanted);
  interrupt.check();
  // The relevance feedback's examples are the given articles and their
  // copies: the words only a group of copies shares would otherwise be
  // taken for the most telling of all, and find the copies alone.
  const auto copies = copies_of(db, candidates, given, groups);
  std::vector<Xapian::docid> relevant = given;
  for (const auto& copy : copies) {
    relevant.push_back(copy.first);
    rset.add_document(copy.first);
  }
  if (!copies.empty())
    candidates = expand(db, rset, wanted);
  interrupt.check();
  const std::vector<std::pair<std::string, double>> chosen =
      telling_stems(db, rset, relevant, candidates, wanted, terms);
  interrupt.check();

  SimilarQuery out;
  std::vector<double> weights;
  for (const auto& [stem, weight] : chosen) {
    out.stems.push_back(stem);
    weights.push_back(weight);
  }
  const std::vector<std::string> words = words_for(db, analyzer, given, out.stems);
  for (std::size_t i = 0; i < out.stems.size(); ++i) {
    out.terms.push_back(SimilarTerm{words[i], weights[i]});
    // Highlighted as a search's word is: every form that stems so.
    out.matches.push_back(MatchPattern{
        Pattern{Sequence{{Slot{out.stems[i].substr(schema::prefix::kStem.size())}}, 0}}, false,
        ""});
  }
  if (out.stems.empty()) {
    out.query = Xapian::Query::MatchNothing;
    return out;
  }
  // Ranked by BM25 as the words of a search are (OR, not ELITE_SET: every
  // article sharing a word is a match, so that the total and facets count
  // them all).
  const Xapian::Query alike(Xapian::Query::OP_OR, out.stems.begin(), out.stems.end());
  // Not the given articles, nor (unless asked) their near-duplicates, as
  // copies_of() finds them.
  std::vector<Xapian::Query> hidden;
  for (const GivenArticle& a : given_articles)
    hidden.emplace_back(id_term(a.id));
  if (!include_duplicates) {
    for (const auto& copy : copies)
      hidden.emplace_back(copy.second);
  }
  out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, alike,
                            Xapian::Query(Xapian::Query::OP_OR, hidden.begin(), hidden.end()));
  return out;
}

std::vector<std::vector<std::string>> matched_words(const Xapian::Database& db,
                                                    const SimilarQuery& like,
                                                    const std::vector<std::string>& ids) {
  // The hits' docids in increasing order, each with its place in `ids`.
  std::vector<std::pair<Xapian::docid, std::size_t>> hits;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string term = id_term(ids[i]);
    if (auto post = db.postlist_begin(term); post != db.postlist_end(term))
      hits.emplace_back(*post, i);
  }
  std::sort(hits.begin(), hits.end());
  // Along each stem's posting list, as the matcher went (skip_to() jumps
  // whole chunks), rather than along each hit's terms up to the stems
  // (Enquire::get_matching_terms()), which read most of a long article.
  std::vector<std::vector<std::string>> out(ids.size());
  for (std::size_t rank = 0; rank < like.stems.size(); ++rank) {
    const std::string& stem = like.stems[rank];
    Xapian::PostingIterator post = db.postlist_begin(stem);
    for (const auto& [did, i] : hits) {
      post.skip_to(did);
      if (post == db.postlist_end(stem))
        break;
      if (*post == did)
        out[i].push_back(like.terms[rank].word);
    }
  }
  return out;
}

}  // namespace byline::detail
