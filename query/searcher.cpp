#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/error.hpp"
#include "byline/search.hpp"
#include "engine/document_codec.hpp"
#include "engine/index_access.hpp"
#include "engine/read_retry.hpp"
#include "engine/schema.hpp"
#include "engine/shard_set.hpp"
#include "query/compiler.hpp"
#include "query/facets.hpp"
#include "query/highlighter.hpp"
#include "query/indexed_body.hpp"
#include "query/interrupt.hpp"
#include "query/parser.hpp"
#include "query/similar.hpp"
#include "query/story_list.hpp"
#include "query/vocabulary.hpp"

namespace byline {

namespace {

// How long shards left out of a search (IndexOptions::allow_partial) are
// left out before a search tries them again: a shard that is down is not
// waited for on every search.
constexpr auto kRetryUnavailable = std::chrono::seconds(5);

// Hits fetched at a time: a page of any size holds only this many bodies
// while its snippets are made.
constexpr std::size_t kHitBatch = 64;

// An offset or limit as Xapian counts documents (32 bits). Past what an
// index can hold, it is as good as the most: cast, 2^32 became 0 and a page
// far past the end returned the first hits (found by fuzzing).
Xapian::doccount as_doccount(std::size_t n) {
  return static_cast<Xapian::doccount>(
      std::min<std::size_t>(n, std::numeric_limits<Xapian::doccount>::max()));
}

bool is_ascii_punctuation(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 && !std::isalnum(u);
}

// Whether Xapian counts the matches of `query` exactly without visiting
// them: one term (its frequency) or every article (the article count),
// weighted or not.
bool count_is_known(const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::LEAF_MATCH_ALL:
      return true;
    case Xapian::Query::OP_SCALE_WEIGHT:
      return count_is_known(query.get_subquery(0));
    default:
      return false;
  }
}

// Whether any match of `query` is a near-duplicate copy.
bool any_copy_matches(const Xapian::Database& db, const Xapian::Query& query,
                      const detail::Interrupt& interrupt) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(std::string(schema::prefix::kCopy))));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const bool any = !enquire.get_mset(0, 1).empty();
  interrupt.check();
  return any;
}

// Polls `interrupt` from inside `enquire`'s matching, when it can interrupt
// and the index has no remote shards: xapian-tcpsrv runs no match spy of
// byline's (Xapian refuses to send it), so over remote shards a search is
// stopped between its steps only.
void watch(Xapian::Enquire& enquire, detail::InterruptSpy& spy, const detail::Interrupt& interrupt,
           const detail::ShardSet& shards) {
  if (interrupt.active() && !shards.any_remote())
    enquire.add_matchspy(&spy);
}

// A hit's article: its fields, and with `with_body` its body and the body's
// resume points. The fields come from their slot when the article has one
// (a value read, no decompression); otherwise, and for the body, from the
// data.
detail::StoredArticle stored_hit(const Xapian::Document& doc, bool with_body) {
  if (with_body)
    return detail::decode_stored_article(doc.get_data());
  const std::string fields = doc.get_value(schema::slot::kFields);
  return detail::StoredArticle{
      fields.empty() ? detail::decode_fields(doc.get_data()) : detail::decode_fields_line(fields),
      {}};
}

// What a hit shows of its near-duplicate group and story, read with its
// fields.
struct HitGrouping {
  std::string duplicate_group;
  std::string story;
  std::size_t collapsed = 0;  // copies the collapse left out
};

detail::DefaultJoin join_of(const SearchOptions& options) {
  return options.default_operator == DefaultOperator::all ? detail::DefaultJoin::all
                                                          : detail::DefaultJoin::any;
}

}  // namespace

struct Searcher::Impl {
  std::string path;
  // Its own databases, not copies of the Index's: copies share Xapian's
  // internals, which must not be used from two threads at once. Opened
  // shard by shard when the index is made of shards, so that the state
  // they read is known (shard_set.hpp).
  detail::ShardSet shards;
  Xapian::Database& db;
  Analyzer analyzer;

  detail::ShardOptions shard_options;
  // When the shards were last opened: with shards left out
  // (allow_partial), they are tried again now and then.
  std::chrono::steady_clock::time_point opened = std::chrono::steady_clock::now();

  explicit Impl(const Index& index)
      : path(index.path().string()),
        shards(open_shards(path, detail::IndexAccess::shard_options(index))),
        db(shards.database()),
        analyzer(index.analyzer_settings()),
        shard_options(detail::IndexAccess::shard_options(index)) {}

  static detail::ShardSet open_shards(const std::string& path,
                                      const detail::ShardOptions& options) {
    const std::string context = "opening index " + path + " for searching";
    try {
      return detail::read_with_retries(context, [&] { return detail::ShardSet(path, options); });
    } catch (const Error& e) {
      throw Error(e.kind(), context + ": " + e.what());
    }
  }

  void reopen_shards() {
    shards = open_shards(path, shard_options);
    opened = std::chrono::steady_clock::now();
  }

  // Thrown inside reading() when a remote shard's connection was lost.
  struct LostConnection {};

  // Runs `read` as read_with_retries() does; over remote shards, an error
  // a shard's connection raised names the shard, and after a connection
  // the server closed they are all opened again, once, and `read` run
  // again: xapian-tcpsrv closes a connection left idle for a minute (by
  // default), and a server restarted has none of the old ones. A shard
  // that answers nothing within the timeout is not tried again (that would
  // only double the wait), unless shards may be left out (allow_partial):
  // opening them again leaves it out.
  template <typename Read>
  auto reading(const std::string& context, Read&& read) {
    if (!shards.unavailable().empty() &&
        std::chrono::steady_clock::now() - opened > kRetryUnavailable) {
      reopen_shards();
    }
    for (bool reconnected = false;; reconnected = true) {
      try {
        return detail::read_with_retries(context, [&] {
          try {
            return read();
          } catch (const Xapian::Error& e) {
            if (!shards.any_remote())
              throw;
            // Xapian does not always say which connection was lost: opening
            // them again finds out.
            if (!reconnected &&
                (connection_lost(e) || (shard_options.allow_partial &&
                                        std::string_view(e.get_type()).starts_with("Network"))))
              throw LostConnection{};
            if (const std::optional<std::string> shard = shards.shard_of(e))
              throw detail::translate(e, context + ": " + *shard);
            throw;
          }
        });
      } catch (const LostConnection&) {
        reopen_shards();
      }
    }
  }

  static bool connection_lost(const Xapian::Error& e) {
    const std::string_view type = e.get_type();
    // The server's own errors reach the client prefixed "REMOTE:": its idle
    // timeout is one. A timeout of the client's is the shard not answering.
    return type == "NetworkError" ||
           (type == "NetworkTimeoutError" && e.get_msg().starts_with("REMOTE:"));
  }

  // `interrupt` (may be null) must outlive the compiled query's matching.
  detail::CompileOptions compile_options(const SearchOptions& options,
                                         const detail::Interrupt* interrupt = nullptr) {
    detail::CompileOptions out;
    out.aliases = options.aliases;
    if (options.aliases)
      out.alias_table = &alias_table();
    out.max_wildcard_terms = options.max_wildcard_terms;
    out.interrupt = interrupt;
    out.portable = shards.any_remote();
    out.shards = shards.several();
    if (out.shards != nullptr)
      out.index_state = shards.state();
    return out;
  }

  detail::CompiledQuery compile(std::string_view text, const SearchOptions& options,
                                const detail::Interrupt& interrupt) {
    return detail::compile_query(detail::parse_query(text, join_of(options)), db, analyzer,
                                 compile_options(options, &interrupt));
  }

  // The alias table of the state the databases were last reopened at, read
  // again only when it changed (alias_table.hpp).
  std::optional<detail::AliasTable> aliases;
  std::string aliases_state;

  const detail::AliasTable& alias_table() {
    // Over remote shards each metadata read is a round trip: the table is
    // read again when the shards' state changes (a served shard is not
    // written to in place; see ShardSet::state()).
    if (shards.any_remote() && aliases && aliases_state == "remote " + shards.state())
      return *aliases;
    std::string state = detail::AliasTable::stored_digest(db);
    if (state.empty()) {
      // Aliases set by a byline that kept them in the synonym table alone,
      // which the remote backend does not serve: searching without them
      // would find fewer articles and say nothing.
      if (shards.any_remote()) {
        throw Error(Error::Kind::version_mismatch,
                    "index " + path +
                        " has remote shards whose aliases an older byline kept where the remote "
                        "backend does not serve them: index into each shard once with this "
                        "byline (it stores them again), or search without aliases (--no-aliases)");
      }
      state = "synonyms " + shards.state();
    }
    if (shards.any_remote())
      state = "remote " + shards.state();
    if (!aliases || state != aliases_state) {
      aliases = detail::AliasTable::read(db);
      aliases_state = std::move(state);
    }
    return *aliases;
  }

  std::unique_ptr<detail::Highlighter> highlighter;  // made on first use

  // The facet columns of the state last searched with facets
  // (ShardSet::state()).
  std::optional<detail::FacetColumns> columns;
  std::string columns_state;

  const detail::FacetColumns& facet_columns(bool wanted) {
    static const detail::FacetColumns none;
    if (!wanted)
      return none;
    std::string state = shards.state();
    if (!columns || columns_state != state) {
      columns.emplace(db, analyzer, shards.size(),
                      shards.any_remote() ? detail::FacetColumns::Reading::by_spies
                                          : detail::FacetColumns::Reading::by_streams);
      columns_state = std::move(state);
    }
    return *columns;
  }

  // `root` parsed from the query and `compiled` from it: ranked hits, facet
  // counts and snippets. `interrupt` is checked between the steps and polled
  // inside the matcher.
  SearchResults run(const detail::QueryNode& root, const detail::CompiledQuery& compiled,
                    const SearchOptions& options, const detail::Interrupt& interrupt) {
    SearchResults results;
    detail::FacetCounter facets(options.facets, root, analyzer,
                                facet_columns(!options.facets.empty()));
    interrupt.check();
    Xapian::Enquire enquire(db);
    enquire.set_query(compiled.query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    if (options.sort != SortOrder::relevance) {
      // Newest first, articles without a date (an empty value) come last
      // by themselves; oldest first, the page is made by oldest_first().
      enquire.set_sort_by_value_then_relevance(schema::slot::kDate,
                                               options.sort == SortOrder::newest);
    }
    // An exact total, and facets, count every match, not only those the
    // matcher needs to be sure of the page: checkatleast = every article.
    // Except for one word (or *) without facets, whose count Xapian knows
    // from the start: visiting every match would only cost (100,000
    // articles: 1.2 ms against 0.65 ms a word). Measured too (docs/benchmarks.md,
    // Benchmarks): a first pass for the page, then a second to count when
    // its estimate was not exact; that costs more than one pass for
    // phrases, NEAR, date ranges and AND (each match is checked twice),
    // less for OR.
    // Collapsed, how many groups the matches make, and how many copies each
    // hit stands for, are known once every match is seen; except when no
    // match is a copy (schema.hpp, kCopy): each is then alone in its group,
    // and nothing is collapsed. A cheap question for one word, whose count
    // needs no visit otherwise.
    const bool count_is_known_here = count_is_known(compiled.query);
    const bool collapsing = options.collapse && (!count_is_known_here || !options.facets.empty() ||
                                                 any_copy_matches(db, compiled.query, interrupt));
    const bool count_all =
        !options.facets.empty() || collapsing || (options.exact_total && !count_is_known_here);
    // Xapian's own collapse: one hit per value of the group slot (every
    // article has one, its own id when alone).
    if (collapsing)
      enquire.set_collapse_key(schema::slot::kDuplicateGroup);
    facets.attach(enquire);
    detail::InterruptSpy spy(interrupt);
    watch(enquire, spy, interrupt, shards);
    const Xapian::doccount check_at_least = count_all ? db.get_doccount() : 0;
    const Xapian::MSet mset =
        enquire.get_mset(as_doccount(options.offset), as_doccount(options.limit), check_at_least);
    interrupt.check();
    if (collapsing) {
      results.total = mset.get_uncollapsed_matches_estimated();
      results.total_lower = mset.get_uncollapsed_matches_lower_bound();
      results.total_upper = mset.get_uncollapsed_matches_upper_bound();
      results.collapsed_total = mset.get_matches_estimated();
    } else {
      results.total = mset.get_matches_estimated();
      results.total_lower = mset.get_matches_lower_bound();
      results.total_upper = mset.get_matches_upper_bound();
    }
    results.total_exact = results.total_lower == results.total_upper;
    if (options.exact_total && !results.total_exact) {
      // Not seen (a known count was not exact): counted then.
      results.total = results.total_lower = results.total_upper = count(compiled.query, interrupt);
      results.total_exact = true;
    }
    if (!collapsing)
      results.collapsed_total = results.total;
    facets.count_disjunctive(
        db,
        [&](const detail::QueryNode& node) {
          return detail::compile_query(node, db, analyzer, compile_options(options, &interrupt))
              .query;
        },
        interrupt);
    results.facets = facets.results();

    const SnippetOptions& snip = options.snippets;
    const bool highlighting = snip.count > 0 || snip.title;
    detail::HighlightQuery how;
    if (highlighting) {
      how.patterns = compiled.matches;
      how.nears = compiled.nears;
      if (!highlighter)
        highlighter = std::make_unique<detail::Highlighter>(analyzer);
    }
    // A batch of hits at a time, their articles first: with snippets, each
    // body's resume points come with it, the positions are read for the
    // batch at once, and the batch's bodies are held until cut.
    std::size_t rank = options.offset;
    std::vector<Xapian::MSetIterator> page;
    // The collapsed page's items carry their counts; oldest_first() pages
    // are collapsed as well.
    if (options.sort == SortOrder::oldest && options.limit > 0) {
      page = oldest_first(compiled.query, options, interrupt);
    } else {
      for (auto it = mset.begin(); it != mset.end(); ++it)
        page.push_back(it);
    }
    for (std::size_t next = 0; next < page.size();) {
      interrupt.check();
      std::vector<detail::StoredArticle> stored;
      std::vector<Xapian::docid> docids;
      std::vector<double> weights;
      std::vector<HitGrouping> groupings;
      for (; next < page.size() && stored.size() < kHitBatch; ++next) {
        const Xapian::MSetIterator& it = page[next];
        const Xapian::Document doc = it.get_document();
        stored.push_back(stored_hit(doc, snip.count > 0));
        groupings.push_back({doc.get_value(schema::slot::kDuplicateGroup),
                             doc.get_value(schema::slot::kStory),
                             options.collapse ? it.get_collapse_count() : 0});
        docids.push_back(*it);
        weights.push_back(it.get_weight());
      }
      // Over remote shards the positions are not read: each posting's
      // would cost a round trip, and each stem's whole posting list would
      // cross the network. The bodies are analysed instead, which gives the
      // same snippets.
      std::vector<std::optional<detail::IndexedBody>> indexed_bodies(stored.size());
      if (snip.count > 0 && !shards.any_remote()) {
        std::vector<std::optional<std::string>> body_resumes;
        for (detail::StoredArticle& s : stored)
          body_resumes.push_back(std::move(s.body_resume));
        indexed_bodies = detail::IndexedBodyReader(how.patterns).read(db, docids, body_resumes);
      }
      for (std::size_t k = 0; k < stored.size(); ++k) {
        if (highlighting)
          interrupt.check();
        Article& article = stored[k].article;
        Hit hit;
        hit.rank = ++rank;
        hit.score = weights[k];
        if (snip.title)
          hit.title_highlights =
              highlighter->highlight(article.title, how, detail::TextField::title, article.lang);
        if (snip.count > 0) {
          const auto& indexed = indexed_bodies[k];
          hit.snippets = highlighter->snippets(article.body, how, snip.count, snip.length,
                                               indexed ? &*indexed : nullptr, article.lang);
        }
        hit.id = std::move(article.id);
        hit.title = std::move(article.title);
        hit.source = std::move(article.source);
        hit.date = std::move(article.date);
        hit.author = std::move(article.author);
        hit.url = std::move(article.url);
        hit.lang = std::move(article.lang);
        hit.duplicate_group = std::move(groupings[k].duplicate_group);
        hit.story = std::move(groupings[k].story);
        hit.copies_collapsed = groupings[k].collapsed;
        if (options.list_copies && hit.copies_collapsed > 0)
          hit.copies = copies_of(compiled.query, docids[k], hit.duplicate_group, interrupt);
        results.hits.push_back(std::move(hit));
      }
    }
    return results;
  }

  // The matches of `query` in the near-duplicate group `group` other than
  // the hit `shown`, best ranked first: the copies a collapsed hit stands for.
  std::vector<DuplicateCopy> copies_of(const Xapian::Query& query, Xapian::docid shown,
                                       const std::string& group,
                                       const detail::Interrupt& interrupt) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER, query,
        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::slot::kDuplicateGroup, group, group)));
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    detail::InterruptSpy spy(interrupt);
    watch(enquire, spy, interrupt, shards);
    const Xapian::MSet found = enquire.get_mset(0, db.get_doccount());
    interrupt.check();
    std::vector<DuplicateCopy> copies;
    for (auto it = found.begin(); it != found.end(); ++it) {
      if (*it == shown)
        continue;
      Article fields = stored_hit(it.get_document(), false).article;
      copies.push_back({std::move(fields.id), std::move(fields.source)});
    }
    return copies;
  }

  // The page of hits oldest first, undated articles last (as newest first
  // lists them): Xapian's ascending value order would put them first, as
  // their value is empty. So the page is the dated matches' (oldest first,
  // then by relevance), filled up with the undated ones' (by relevance).
  // Not a KeyMaker, which could do it in one pass: xapian-tcpsrv runs none,
  // and a sharded index must sort as a single one does.
  std::vector<Xapian::MSetIterator> oldest_first(const Xapian::Query& query,
                                                 const SearchOptions& options,
                                                 const detail::Interrupt& interrupt) {
    // Dates are "YYYYMMDD": every one is at least "0".
    const Xapian::Query dated_only(Xapian::Query::OP_VALUE_GE, schema::slot::kDate, "0");
    const auto page_of = [&](const Xapian::Query& q, Xapian::doccount offset,
                             Xapian::doccount limit) {
      Xapian::Enquire enquire(db);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      enquire.set_sort_by_value_then_relevance(schema::slot::kDate, false);
      if (options.collapse)
        enquire.set_collapse_key(schema::slot::kDuplicateGroup);
      detail::InterruptSpy spy(interrupt);
      watch(enquire, spy, interrupt, shards);
      Xapian::MSet found = enquire.get_mset(offset, limit);
      interrupt.check();
      return found;
    };
    const Xapian::doccount offset = as_doccount(options.offset);
    const Xapian::doccount limit = as_doccount(options.limit);
    const Xapian::Query dated(Xapian::Query::OP_FILTER, query, dated_only);
    std::vector<Xapian::MSetIterator> page;
    const Xapian::MSet first = page_of(dated, offset, limit);
    for (auto it = first.begin(); it != first.end(); ++it)
      page.push_back(it);
    if (page.size() >= limit)
      return page;
    // The page runs past the last dated match: the undated ones follow it.
    const Xapian::doccount dated_total = page.empty()
                                             ? count(dated, interrupt, options.collapse)
                                             : offset + static_cast<Xapian::doccount>(page.size());
    const Xapian::MSet rest = page_of(Xapian::Query(Xapian::Query::OP_AND_NOT, query, dated_only),
                                      offset > dated_total ? offset - dated_total : 0,
                                      limit - static_cast<Xapian::doccount>(page.size()));
    for (auto it = rest.begin(); it != rest.end(); ++it)
      page.push_back(it);
    return page;
  }

  // The matches of `query`; with `collapsed`, the near-duplicate groups
  // they make.
  Xapian::doccount count(const Xapian::Query& query, const detail::Interrupt& interrupt,
                         bool collapsed = false) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (collapsed)
      enquire.set_collapse_key(schema::slot::kDuplicateGroup);
    detail::InterruptSpy spy(interrupt);
    watch(enquire, spy, interrupt, shards);
    const Xapian::doccount n = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    interrupt.check();
    return n;
  }

  // The source name nearest to the source: value `w` (its key), as a
  // source: filter writes it: `Haaretz`, `"BBC News"` (in quotes when the
  // value was, or the name needs them); for a single word that is no name,
  // the nearest word of a name (source:jazera -> source:jazeera). Empty when
  // the value names a source already (its key, or words of a name:
  // source:jazeera), or none is within the edit distance of words.
  std::string source_correction(const detail::QueryWord& w, std::string_view typed) {
    if (db.term_exists(std::string(schema::prefix::kSource) + w.term))
      return {};
    bool words_known = false;
    for (const Token& token : analyzer.analyze(typed)) {
      if (token.joined)
        continue;
      words_known = db.term_exists(std::string(schema::prefix::kSourceWord) + token.term);
      if (!words_known)
        break;
    }
    if (words_known)
      return {};
    const auto close = detail::fuzzy_matches(db, w.term, detail::limits::kMaxFuzzyDistance, 1,
                                             schema::prefix::kSource);
    // Not every letter changed: "ap" is not a correction of "x".
    if (close.empty() || close.front().distance >= detail::code_points(w.term)) {
      // A word of a name, misspelt (source:jazera): the nearest such word.
      if (w.quoted || typed.find_first_of(" \t") != std::string_view::npos)
        return {};
      const auto word = detail::fuzzy_matches(db, w.term, detail::limits::kMaxFuzzyDistance, 1,
                                              schema::prefix::kSourceWord);
      if (word.empty() || word.front().distance >= detail::code_points(w.term))
        return {};
      return word.front().term;
    }
    // The name as an article of that source writes it.
    const std::string key = std::string(schema::prefix::kSource) + close.front().term;
    std::string name;
    if (auto post = db.postlist_begin(key); post != db.postlist_end(key))
      name = db.get_document(*post).get_value(schema::slot::kSource);
    if (name.empty() || name.find('"') != std::string::npos)
      return close.front().term;  // the key is a name the filter matches as well
    const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
      return !is_ascii_punctuation(c) || c == '-' || c == '.' || c == '_' || c == '\'';
    });
    return plain || w.quoted ? name : "\"" + name + "\"";
  }

  // The query with each word the index does not know replaced by the
  // closest, most used word it does know, and each source: value that names
  // no source by the nearest source name; empty when that finds no more.
  std::string suggest(std::string_view text, const detail::CompiledQuery& compiled,
                      const SearchOptions& options, std::uint64_t total,
                      const detail::Interrupt& interrupt) {
    std::string corrected(text);
    bool changed = false;
    // Right to left, so that earlier positions stay valid: sorted, because
    // the compiler's order is not always the text's, and skipping a word
    // that overlaps one already replaced (found by fuzzing: both made
    // replace() throw std::out_of_range).
    std::vector<const detail::QueryWord*> words;
    for (const auto& w : compiled.words)
      words.push_back(&w);
    std::stable_sort(words.begin(), words.end(),
                     [](const auto* a, const auto* b) { return a->position > b->position; });
    std::size_t replaceable_end = text.size();
    for (const detail::QueryWord* w : words) {
      // Each word's bytes as typed, inside its node, a phrase or a field:
      // the correction replaces those alone.
      if (w->length == 0 || w->position + w->length > replaceable_end)
        continue;
      interrupt.check();
      std::string replacement;
      if (w->field == "source") {
        replacement = source_correction(*w, text.substr(w->position, w->length));
      } else if (!db.term_exists(std::string(schema::prefix::kExact) + w->term)) {
        const auto close = detail::fuzzy_matches(db, w->term, detail::limits::kMaxFuzzyDistance, 1,
                                                 schema::prefix::kExact, shards.several());
        if (!close.empty())
          replacement = close.front().term;
      }
      if (replacement.empty())
        continue;
      corrected.replace(w->position, w->length, replacement);
      replaceable_end = w->position;
      changed = true;
    }
    if (!changed)
      return {};
    std::optional<detail::CompiledQuery> better;
    try {
      better.emplace(compile(corrected, options, interrupt));
    } catch (const Error& e) {
      if (e.kind() == Error::Kind::interrupted)
        throw;
      // A correction that does not parse is no suggestion; the query the
      // user typed was fine (found by fuzzing: "title:  ~KI" became
      // "title:  kim~KI", whose error was reported for the original).
      return {};
    }
    return count(better->query, interrupt) > total ? corrected : std::string();
  }
};

Searcher::Searcher(const Index& index) : impl_(std::make_unique<Impl>(index)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query_text, const SearchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const detail::Interrupt interrupt(options.cancel, options.deadline);
  interrupt.check();
  const std::string context = "searching index " + impl_->path;
  SearchResults results = impl_->reading(context, [&] {
    impl_->db.reopen();  // see the latest commit
    const detail::QueryNode root = detail::parse_query(query_text, join_of(options));
    const detail::CompiledQuery compiled = detail::compile_query(
        root, impl_->db, impl_->analyzer, impl_->compile_options(options, &interrupt));
    interrupt.check();
    SearchResults found = impl_->run(root, compiled, options, interrupt);
    if (found.total < options.suggest_below)
      found.suggestion = impl_->suggest(query_text, compiled, options, found.total, interrupt);
    found.unavailable_shards = impl_->shards.unavailable();
    return found;
  });
  results.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  return results;
}

ArticleHighlights Searcher::highlight(std::string_view query_text, const Article& article,
                                      const SearchOptions& options) {
  return impl_->reading("highlighting on index " + impl_->path, [&] {
    impl_->db.reopen();
    const detail::CompiledQuery compiled =
        detail::compile_query(detail::parse_query(query_text, join_of(options)), impl_->db,
                              impl_->analyzer, impl_->compile_options(options));
    detail::HighlightQuery how;
    how.patterns = compiled.matches;
    how.nears = compiled.nears;
    if (!impl_->highlighter)
      impl_->highlighter = std::make_unique<detail::Highlighter>(impl_->analyzer);
    return ArticleHighlights{
        impl_->highlighter->highlight(article.title, how, detail::TextField::title, article.lang),
        impl_->highlighter->highlight(article.body, how, detail::TextField::body, article.lang)};
  });
}

std::optional<Article> Searcher::article(std::string_view id) {
  std::string term(schema::prefix::kId);
  term.append(id);
  return impl_->reading("reading article " + std::string(id) + " from index " + impl_->path,
                        [&]() -> std::optional<Article> {
                          impl_->db.reopen();
                          auto it = impl_->db.postlist_begin(term);
                          if (it == impl_->db.postlist_end(term))
                            return std::nullopt;
                          return detail::decode_article(impl_->db.get_document(*it).get_data());
                        });
}

StoryList Searcher::stories(std::string_view query_text, const StoryListOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  StoryList list = impl_->reading("listing stories in index " + impl_->path, [&] {
    impl_->db.reopen();
    SearchOptions how;
    how.default_operator = options.default_operator;
    how.aliases = options.aliases;
    const detail::Interrupt interrupt(options.cancel, options.deadline);
    interrupt.check();
    const detail::CompiledQuery compiled = impl_->compile(query_text, how, interrupt);
    // Stories are listed from the columns by document id, which remote
    // shards do not give (facet_columns.hpp).
    if (impl_->shards.any_remote()) {
      throw Error(Error::Kind::invalid_argument,
                  "index " + impl_->path +
                      " has remote shards: story listings over remote shards are not "
                      "available yet");
    }
    const detail::FacetColumns& columns = impl_->facet_columns(true);
    interrupt.check();
    // The query's matches, counted per story from the columns.
    detail::ColumnCountSpy spy(columns);
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(compiled.query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    detail::InterruptSpy poll(interrupt);
    watch(enquire, poll, interrupt, impl_->shards);
    (void)enquire.get_mset(0, 0, impl_->db.get_doccount());
    interrupt.check();
    return detail::list_stories(impl_->db, impl_->analyzer, columns, spy.per_story(), options,
                                interrupt);
  });
  list.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  return list;
}

Explanation Searcher::explain(std::string_view query_text, const SearchOptions& options) {
  return impl_->reading("explaining a query on index " + impl_->path, [&] {
    impl_->db.reopen();
    const detail::QueryNode root = detail::parse_query(query_text, join_of(options));
    detail::CompiledQuery compiled =
        detail::compile_query(root, impl_->db, impl_->analyzer, impl_->compile_options(options));
    return Explanation{detail::describe(root), std::move(compiled.expansions),
                       compiled.query.get_description()};
  });
}

SimilarResults Searcher::similar(const std::vector<std::string>& ids, const SearchOptions& options,
                                 const SimilarOptions& similar) {
  const auto started = std::chrono::steady_clock::now();
  if (ids.empty())
    throw Error(Error::Kind::invalid_argument, "more like this needs the id of an article");
  // Each id and each word is a clause of the query: the bound of any query.
  if (ids.size() > detail::limits::kMaxClauses) {
    throw Error(Error::Kind::invalid_argument, "more like this takes at most " +
                                                   std::to_string(detail::limits::kMaxClauses) +
                                                   " articles, not " + std::to_string(ids.size()));
  }
  if (similar.terms == 0 || similar.terms > detail::limits::kMaxClauses) {
    throw Error(Error::Kind::invalid_argument, "more like this looks for 1 to " +
                                                   std::to_string(detail::limits::kMaxClauses) +
                                                   " words, not " + std::to_string(similar.terms));
  }
  const detail::Interrupt interrupt(options.cancel, options.deadline);
  interrupt.check();
  SimilarResults out =
      impl_->reading("finding articles like " + ids.front() + " in index " + impl_->path, [&] {
        impl_->db.reopen();
        const detail::SimilarQuery like =
            detail::similar_query(impl_->db, impl_->analyzer, ids, impl_->path, similar.terms,
                                  similar.include_duplicates, interrupt);
        detail::CompiledQuery compiled;
        compiled.query = like.query;
        compiled.matches = like.matches;
        if (!similar.filter.empty()) {
          // Weightless (OP_FILTER): the filter narrows, the words rank. Its
          // own words are highlighted too, as a search's are.
          detail::CompiledQuery filter = impl_->compile(similar.filter, options, interrupt);
          compiled.query = Xapian::Query(Xapian::Query::OP_FILTER, compiled.query, filter.query);
          const std::size_t shift = compiled.matches.size();
          for (detail::MatchPattern& m : filter.matches)
            compiled.matches.push_back(std::move(m));
          for (detail::NearMatch near : filter.nears) {
            near.left += shift;
            near.right += shift;
            compiled.nears.push_back(near);
          }
        }
        interrupt.check();
        // The root tells run() which of the query's filters a disjunctive facet
        // leaves out, and the facets compile it again without them: the words
        // of a similar query are no node, so there is none to leave out, and
        // every facet counts within the whole query.
        detail::QueryNode every;
        every.type = detail::QueryNode::Type::match_all;
        SimilarResults found;
        found.results = impl_->run(every, compiled, options, interrupt);
        found.results.unavailable_shards = impl_->shards.unavailable();
        found.terms = like.terms;
        std::vector<std::string> hit_ids;
        for (const Hit& hit : found.results.hits)
          hit_ids.push_back(hit.id);
        found.matched = detail::matched_words(impl_->db, like, hit_ids);
        return found;
      });
  out.results.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  return out;
}

}  // namespace byline
