#include "query/compiler.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "byline/error.hpp"
#include "engine/field_keys.hpp"
#include "engine/schema.hpp"
#include "query/date_range.hpp"
#include "query/query_languages.hpp"
#include "query/vocabulary.hpp"

namespace byline::detail {

namespace {

[[noreturn]] void fail(std::string message, std::size_t position) {
  throw Error(Error::Kind::invalid_query, std::move(message), position);
}

// The longest alias recognised from bare words ("Islamic State of Iraq and
// the Levant" has seven).
constexpr std::size_t kMaxAliasWords = 8;

std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  term += value;
  return term;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty())
      out += separator;
    out += w;
  }
  return out;
}

// A compiled subtree: the query, and whether it is a pure filter (no weight).
struct Part {
  Xapian::Query query;
  bool boolean = false;
};

Xapian::Query slot_query(const Slot& slot) {
  if (slot.size() == 1)
    return Xapian::Query(slot.front());
  return Xapian::Query(Xapian::Query::OP_SYNONYM, slot.begin(), slot.end());
}

Xapian::Query sequence_query(const Sequence& seq) {
  if (seq.slots.size() == 1)
    return slot_query(seq.slots.front());
  // Xapian 1.4's OP_PHRASE takes terms or OP_OR of terms, not OP_SYNONYM.
  std::vector<Xapian::Query> parts;
  for (const Slot& slot : seq.slots)
    parts.push_back(slot.size() == 1
                        ? Xapian::Query(slot.front())
                        : Xapian::Query(Xapian::Query::OP_OR, slot.begin(), slot.end()));
  return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                       static_cast<Xapian::termcount>(seq.slots.size() + seq.slop));
}

// Alternatives weigh as one word (OP_SYNONYM), as Xapian does for wildcards.
Xapian::Query pattern_query(const Pattern& pattern) {
  if (pattern.empty())
    return Xapian::Query::MatchNothing;
  if (pattern.size() == 1)
    return sequence_query(pattern.front());
  std::vector<Xapian::Query> alternatives;
  for (const Sequence& seq : pattern)
    alternatives.push_back(sequence_query(seq));
  return Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
}

// The pattern with its terms' field prefix taken off, for highlighting.
Pattern unprefixed(Pattern pattern, std::size_t prefix_length) {
  for (Sequence& seq : pattern) {
    for (Slot& slot : seq.slots) {
      for (std::string& term : slot)
        term.erase(0, prefix_length);
    }
  }
  return pattern;
}

// Every article, weightless as filters are: `*` alone (or only exclusions)
// lists the articles with score 0, in index order, and beside words adds
// nothing to their scores.
Xapian::Query every_article() {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0.0);
}

// The documents of `ranked` (which ranks them) that pass `check`. With a
// `candidates` query, only its documents are checked: Xapian merges the
// terms of the phrases under one AND into a single AND and tests their
// positions last, after the checked source; under OP_SYNONYM, a phrase is
// matched on its own first (a phrase with 1,202 matches had its check run
// on 1,202 documents instead of the 9,919 holding both words).
Xapian::Query checked(Xapian::Query ranked, std::shared_ptr<const DocumentCheck> check,
                      std::vector<std::string> drivers, const Interrupt* interrupt,
                      const Xapian::Query& candidates = {}) {
  Xapian::Query source(
      (new CheckedPostingSource(std::move(check), std::move(drivers), interrupt))->release());
  if (!candidates.empty()) {
    source = Xapian::Query(Xapian::Query::OP_FILTER,
                           Xapian::Query(Xapian::Query::OP_SYNONYM, &candidates, &candidates + 1),
                           source);
  }
  return Xapian::Query(Xapian::Query::OP_FILTER, ranked, source);
}

class Compiler {
 public:
  Compiler(const Xapian::Database& db, Analyzer& analyzer, const CompileOptions& options)
      : db_(db), analyzer_(analyzer), options_(options) {}

  CompiledQuery run(const QueryNode& parsed) {
    languages_ = selected_languages(parsed);
    if (languages_.empty())
      languages_ = index_stemmers(db_, analyzer_, options_.index_state);
    own_stemmer_ = analyzer_.stemmer_name({});
    QueryNode root = parsed;
    if (options_.aliases)
      group_alias_runs(root);
    std::optional<Part> part = compile(root, false);
    if (!part)
      fail("the query has no words to search for", first_position(root));
    out_.query = std::move(part->query);
    return std::move(out_);
  }

 private:
  static std::size_t first_position(const QueryNode& node) {
    if (node.type == QueryNode::Type::word || node.type == QueryNode::Type::phrase ||
        node.children.empty()) {
      return node.position;
    }
    return first_position(node.children.front());
  }

  // Bare words that together name an alias ("Islamic State militants")
  // also match the alias group: the run becomes
  //   any_of(the words as typed, "the words" as a phrase with its aliases).
  void group_alias_runs(QueryNode& node) {
    for (QueryNode& child : node.children)
      group_alias_runs(child);
    if (node.type != QueryNode::Type::all_of && node.type != QueryNode::Type::any_of)
      return;
    std::vector<QueryNode> grouped;
    std::size_t i = 0;
    while (i < node.children.size()) {
      std::size_t run = 0;
      std::vector<std::string> words;
      for (std::size_t length = std::min(kMaxAliasWords, node.children.size() - i); length >= 2;
           --length) {
        words.clear();
        bool plain = true;
        for (std::size_t k = i; k < i + length && plain; ++k) {
          const QueryNode& c = node.children[k];
          const auto w =
              c.type == QueryNode::Type::word ? words_of(c.text) : std::vector<std::string>();
          plain = w.size() == 1 && !c.exact && !c.wildcard && c.fuzzy < 0 && c.field.empty();
          if (plain)
            words.push_back(w.front());
        }
        if (plain && !aliases_of(words).empty()) {
          run = length;
          break;
        }
      }
      if (run == 0) {
        grouped.push_back(std::move(node.children[i++]));
        continue;
      }
      QueryNode typed;
      typed.type = node.type;
      typed.position = node.children[i].position;
      QueryNode phrase;
      phrase.type = QueryNode::Type::phrase;
      phrase.text = join(words, " ");
      phrase.position = typed.position;
      for (std::size_t k = i; k < i + run; ++k)
        typed.children.push_back(std::move(node.children[k]));
      QueryNode either;
      either.type = QueryNode::Type::any_of;
      either.position = typed.position;
      either.children.push_back(std::move(typed));
      either.children.push_back(std::move(phrase));
      grouped.push_back(std::move(either));
      i += run;
    }
    node.children = std::move(grouped);
  }

  // The words of `text` as a sequence of slots, each the word's stems in
  // every language the query looks in (the index's languages, or those the
  // query names with lang:), from the text as typed: the analysis that
  // indexed the articles, accents and all, for each language. `joined`:
  // with each compound as its joined form ("e-mail" -> "email"), as other
  // writers spell it; then no slots when `text` has no compound.
  // `analysed`: the analysis of `text` in the index's own language, when
  // the caller has it (one analysis less per word of an English query).
  Sequence text_sequence(std::string_view text, std::string_view prefix, unsigned slop, bool joined,
                         const std::vector<Token>* analysed = nullptr) {
    Sequence seq;
    seq.slop = slop;
    for (const std::string& language : languages_) {
      std::vector<Token> tokens = analysed && analyzer_.stemmer_name(language) == own_stemmer_
                                      ? *analysed
                                      : analyzer_.analyze(text, language);
      std::vector<Token> words;
      bool compound = false;
      for (Token& token : tokens) {
        if (token.joined) {
          if (!joined)
            continue;
          // Its parts came just before it, from its first position on.
          compound = true;
          while (!words.empty() && words.back().position >= token.position)
            words.pop_back();
        }
        words.push_back(std::move(token));
      }
      if (joined && !compound)
        return {};
      if (seq.slots.size() < words.size())
        seq.slots.resize(words.size());
      for (std::size_t k = 0; k < words.size(); ++k) {
        Slot& slot = seq.slots[k];
        for (const std::string* stem : {&words[k].stem, &words[k].accented_stem}) {
          if (stem->empty())
            continue;
          std::string term = prefixed(prefix, *stem);
          if (std::find(slot.begin(), slot.end(), term) == slot.end())
            slot.push_back(std::move(term));
        }
      }
    }
    return seq;
  }

  std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    for (Token& token : analyzer_.analyze(text)) {
      if (!token.joined)
        words.push_back(std::move(token.term));
    }
    return words;
  }

  std::string field_prefix(const QueryNode& node) const {
    return std::string(node.field == "title" ? schema::prefix::kTitle : schema::prefix::kStem);
  }

  // Where the normalized word `word` (an alias's, a word of the index's
  // vocabulary) may stand: its stem under `prefix` in every language the
  // query looks in, without repeats.
  Slot word_slot(const std::string& word, std::string_view prefix) {
    Slot slot;
    for (const std::string& language : languages_) {
      std::string term = prefixed(prefix, analyzer_.stem(word, language));
      if (std::find(slot.begin(), slot.end(), term) == slot.end())
        slot.push_back(std::move(term));
    }
    return slot;
  }

  Sequence stem_sequence(const std::vector<std::string>& words, std::string_view prefix,
                         unsigned slop) {
    Sequence seq;
    seq.slop = slop;
    for (const std::string& w : words)
      seq.slots.push_back(word_slot(w, prefix));
    return seq;
  }

  // The other names of `words` in the alias table, as word lists.
  std::vector<std::vector<std::string>> aliases_of(const std::vector<std::string>& words) {
    std::vector<std::vector<std::string>> out;
    if (!options_.alias_table && !read_aliases_)
      read_aliases_ = AliasTable::read(db_);
    const AliasTable& table = options_.alias_table ? *options_.alias_table : *read_aliases_;
    for (const std::string& value : table.others(join(words, " "))) {
      std::vector<std::string> member;
      std::string_view rest = value;
      while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        member.emplace_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      }
      out.push_back(std::move(member));
    }
    return out;
  }

  // A wildcard or fuzzy word: the index's words it stands for, as one slot of stems.
  // `word` is a normalized wildcard pattern (see wildcard_pattern()), or a
  // normalized word that `node` makes fuzzy; `position`: where an error
  // about it points.
  Slot expanded_slot(const QueryNode& node, const std::string& word, std::string_view prefix,
                     std::size_t position) {
    std::vector<std::string> words;
    std::string how;
    if (has_wildcard(word)) {
      words = expand_wildcard(db_, word, options_.max_wildcard_terms, position, options_.shards);
      how = word;
    } else {
      const unsigned distance = node.fuzzy > 0 ? static_cast<unsigned>(node.fuzzy)
                                               : automatic_fuzzy_distance(code_points(word));
      for (const VocabularyMatch& m : fuzzy_matches(db_, word, distance, limits::kMaxFuzzyTerms,
                                                    schema::prefix::kExact, options_.shards)) {
        words.push_back(m.term);
      }
      if (distance == 0 && words.empty() && db_.term_exists(word))
        words.push_back(word);
      how = word + "~" + std::to_string(distance);
    }
    out_.expansions.push_back(how + " -> " + (words.empty() ? "(no words)" : join(words, ", ")));
    Slot slot;
    for (const std::string& w : words) {
      for (std::string& term : word_slot(w, prefix)) {
        if (std::find(slot.begin(), slot.end(), term) == slot.end())
          slot.push_back(std::move(term));
      }
    }
    return slot;
  }

  struct Leaf {
    Pattern pattern;  // prefixed terms, for positions
    Xapian::Query query;
    std::vector<std::string> exact_words;  // non-empty when exact
  };

  // A word or phrase node as a pattern of positional terms and its query;
  // nullopt when it holds no words.
  std::optional<Leaf> leaf(const QueryNode& node, bool negated) {
    if (node.wildcard || (node.type == QueryNode::Type::phrase && has_wildcard(node.text)))
      return wildcard_leaf(node, negated);
    const std::vector<Token> tokens = analyzer_.analyze(node.text);
    std::vector<std::string> words;
    bool compound = false;
    for (const Token& token : tokens) {
      if (!token.joined)
        words.push_back(token.term);
      compound = compound || token.joined;
    }
    if (words.empty())
      return std::nullopt;
    const std::string prefix = field_prefix(node);
    Leaf leaf;
    if (node.fuzzy >= 0) {
      if (words.size() != 1)
        fail("'~' applies to a single word", node.position);
      Slot slot = expanded_slot(node, words.front(), prefix, node.position);
      if (!slot.empty())
        leaf.pattern.push_back(Sequence{{std::move(slot)}, 0});
    } else {
      leaf.pattern.push_back(text_sequence(node.text, prefix, node.slop, false, &tokens));
      if (!node.exact && compound)
        leaf.pattern.push_back(text_sequence(node.text, prefix, node.slop, true, &tokens));
      if (node.exact) {
        leaf.exact_words = words;
      } else if (options_.aliases) {
        const auto aliases = aliases_of(words);
        if (!aliases.empty()) {
          std::vector<std::string> names;
          for (const auto& alias : aliases) {
            leaf.pattern.push_back(stem_sequence(alias, prefix, 0));
            names.push_back(join(alias, " "));
          }
          out_.expansions.push_back(join(words, " ") + " -> aliases: " + join(names, " | "));
        }
      }
      if (!negated)
        note_typed_words(node.text, node.text_position, node);
    }
    leaf.query = pattern_query(leaf.pattern);
    if (!negated) {
      const Pattern shown = node.exact ? Pattern{Sequence{std::vector<Slot>(words.size()), 0}}
                                       : unprefixed(leaf.pattern, prefix.size());
      MatchPattern match{shown, node.exact, node.field};
      if (node.exact) {
        for (std::size_t k = 0; k < words.size(); ++k)
          match.pattern[0].slots[k] = {words[k]};
      }
      out_.matches.push_back(std::move(match));
    }
    return leaf;
  }

  // The wildcard `part` of a query (a word, or a word of a phrase, at byte
  // `position`), its letters normalized as words are ("Pl*DGE" -> "pl*dge"),
  // its '*' and '?' kept.
  std::string wildcard_pattern(std::string_view part, std::size_t position) {
    std::string pattern;
    for (std::size_t at = 0;;) {
      const std::size_t next = std::min(part.find_first_of("*?", at), part.size());
      if (next > at) {
        const std::vector<std::string> words = words_of(part.substr(at, next - at));
        if (words.size() > 1)
          fail("a wildcard applies to a single word", position);
        if (!words.empty())
          pattern += words.front();
      }
      if (next == part.size())
        break;
      pattern += part[next];
      at = next + 1;
    }
    if (pattern.find_first_not_of("*?") == std::string::npos) {
      fail("a wildcard needs at least one letter besides '*' and '?' ('*' alone is every article)",
           position);
    }
    return pattern;
  }

  // A wildcard word, or a phrase with wildcard words ("pledg* support"):
  // each wildcard is one slot, the words it expands to (at most
  // max_wildcard_terms, else an error at that word), as a bare wildcard
  // is; the other words as in any phrase. No aliases.
  std::optional<Leaf> wildcard_leaf(const QueryNode& node, bool negated) {
    if (node.exact) {
      fail(
          "'=' (this form only) and a wildcard do not go together: the wildcard already stands "
          "for the forms it matches",
          node.position);
    }
    const bool phrase = node.type == QueryNode::Type::phrase;
    const std::string prefix = field_prefix(node);
    Sequence seq;
    seq.slop = node.slop;
    bool expands = true;  // each wildcard to one word at least
    constexpr std::string_view kSpaces = " \t\r\n\f\v";
    const std::string_view text = node.text;
    for (std::size_t at = text.find_first_not_of(kSpaces); at < text.size();) {
      const std::size_t end = std::min(text.find_first_of(kSpaces, at), text.size());
      const std::string_view part = text.substr(at, end - at);
      if (has_wildcard(part)) {
        const std::size_t position = phrase ? node.text_position + at : node.position;
        Slot slot = expanded_slot(node, wildcard_pattern(part, position), prefix, position);
        expands = expands && !slot.empty();
        seq.slots.push_back(std::move(slot));
      } else {
        for (Slot& slot : text_sequence(part, prefix, 0, false).slots)
          seq.slots.push_back(std::move(slot));
        if (!negated)
          note_typed_words(part, node.text_position + at, node);
      }
      at = std::min(text.find_first_not_of(kSpaces, end), text.size());
    }
    if (seq.slots.empty())
      return std::nullopt;
    Leaf leaf;
    if (expands)
      leaf.pattern.push_back(std::move(seq));
    leaf.query = pattern_query(leaf.pattern);
    // A bare wildcard of many terms: unranked (limits.hpp), so that Xapian
    // reads its postings only as far as the page (or the count) needs.
    if (!phrase && !leaf.pattern.empty() &&
        leaf.pattern.front().slots.front().size() > limits::kMaxRankedWildcardTerms)
      leaf.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, leaf.query, 0.0);
    if (!negated)
      out_.matches.push_back({unprefixed(leaf.pattern, prefix.size()), false, node.field});
    return leaf;
  }

  // The words of `text`, typed at byte `at` of the query in `node`, for
  // "did you mean": each with the bytes it takes, so that a correction
  // replaces that word alone. Not for text the compiler wrote itself (the
  // phrase of an alias run), which was never typed.
  void note_typed_words(std::string_view text, std::size_t at, const QueryNode& node) {
    if (node.length == 0)
      return;
    for (Token& token : analyzer_.analyze(text)) {
      if (!token.joined)
        out_.words.push_back(
            {at + token.begin, token.end - token.begin, std::move(token.term), "", false});
    }
  }

  std::optional<Part> text(const QueryNode& node, bool negated) {
    auto l = leaf(node, negated);
    if (!l)
      return std::nullopt;
    if (!l->exact_words.empty()) {
      if (l->exact_words.size() == 1 && node.field.empty()) {
        // An exact word needs no check: its unstemmed form is a term.
        return Part{Xapian::Query(prefixed(schema::prefix::kExact, l->exact_words.front())), false};
      }
      return Part{exact_phrase(*l, node), false};
    }
    if (node.field == "body") {
      if (l->pattern.empty())
        return Part{Xapian::Query::MatchNothing, false};
      require_local(node, "body:");
      return Part{checked(l->query, body_check(l->pattern), driver_terms(db_, l->pattern),
                          options_.interrupt, l->query),
                  false};
    }
    return Part{std::move(l->query), false};
  }

  // Refuses a construct matched by a posting source of byline's, which
  // xapian-tcpsrv cannot run (Xapian's remote backend serialises the query
  // and knows only its own operators), over remote shards.
  void require_local(const QueryNode& node, std::string_view construct) const {
    if (options_.portable) {
      fail(std::string(construct) +
               " is not available over remote shards yet (Xapian's remote backend runs only its "
               "own operators): search a local copy of the shards",
           node.position);
    }
  }

  // An exact phrase (="officials said"), ranked as the same phrase without
  // "=" is. An index with exact-form positions (format 5, schema.hpp)
  // holds a word that differs from its stem ("officials") at its exact
  // form's positions, and every word at its stem's: a phrase over those is
  // a superset of the matches, which a check confirms from counts where a
  // word is its own stem ("said"), as other words may share that stem. An
  // older index checks the stored text of every document that holds the
  // rarest word.
  Xapian::Query exact_phrase(const Leaf& l, const QueryNode& node) {
    const std::string& field = node.field;
    ExactPhrase phrase;
    phrase.words = l.exact_words;
    std::vector<std::string> drivers;
    Xapian::doccount rarest = 0;
    for (const std::string& w : l.exact_words) {
      const std::string term = prefixed(schema::prefix::kExact, w);
      const Xapian::doccount f = db_.get_termfreq(term);
      if (drivers.empty() || f < rarest) {
        drivers = {term};
        rarest = f;
      }
    }
    if (db_.get_metadata(std::string(schema::metadata::kExactPositions)) != "1") {
      require_local(node, "=\"" + join(l.exact_words, " ") + "\"");
      return checked(l.query, exact_check(std::move(phrase), field, analyzer_.settings()),
                     std::move(drivers), options_.interrupt);
    }
    phrase.layout = ExactPhrase::Layout::positions;
    Sequence candidates;
    bool exact_forms_only = true;
    for (const std::string& w : l.exact_words) {
      std::size_t own = 0;
      for (const std::string& language : languages_)
        own += analyzer_.stem(w, language) == w ? 1 : 0;
      const auto kind = own == 0                   ? ExactPhrase::Kind::exact_form
                        : own == languages_.size() ? ExactPhrase::Kind::own_stem
                                                   : ExactPhrase::Kind::mixed;
      phrase.kinds.push_back(kind);
      exact_forms_only = exact_forms_only && kind == ExactPhrase::Kind::exact_form;
      Slot slot;
      if (kind != ExactPhrase::Kind::own_stem)
        slot.push_back(prefixed(schema::prefix::kExact, w));
      if (kind != ExactPhrase::Kind::exact_form)
        slot.push_back(prefixed(schema::prefix::kStem, w));
      candidates.slots.push_back(std::move(slot));
    }
    const Xapian::Query candidate_query = sequence_query(candidates);
    Xapian::Query matches;
    if (exact_forms_only && field.empty()) {
      // Each word at its own positions: the phrase is the answer.
      matches = candidate_query;
    } else {
      require_local(node,
                    (field.empty() ? "" : field + ":") + "=\"" + join(l.exact_words, " ") + "\"");
      matches =
          checked(Xapian::Query(Xapian::Query::OP_SYNONYM, &candidate_query, &candidate_query + 1),
                  exact_check(std::move(phrase), field, analyzer_.settings()), std::move(drivers),
                  options_.interrupt);
    }
    // The matches, found once, then ranked by the phrase of stems, which
    // Xapian reads only in the documents that matched.
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, matches, 0.0), l.query);
  }

  std::optional<Part> near(const QueryNode& node, bool negated) {
    const std::size_t first_match = out_.matches.size();
    auto a = leaf(node.children[0], negated);
    auto b = leaf(node.children[1], negated);
    if (out_.matches.size() == first_match + 2)
      out_.nears.push_back({first_match, first_match + 1, node.distance, node.ordered});
    if (!a || !b) {
      fail("NEAR and ADJ need words on both sides",
           (a ? node.children[1] : node.children[0]).position);
    }
    if (a->pattern.empty() || b->pattern.empty())
      return Part{Xapian::Query::MatchNothing, false};
    // One word: one term, or its stems in several languages (an OR of
    // terms, which Xapian's NEAR and PHRASE take).
    const auto single_word = [](const Leaf& l) {
      return l.exact_words.empty() && l.pattern.size() == 1 && l.pattern[0].slots.size() == 1;
    };
    const auto word_query = [](const Leaf& l) {
      const Slot& slot = l.pattern[0].slots[0];
      return slot.size() == 1 ? Xapian::Query(slot.front())
                              : Xapian::Query(Xapian::Query::OP_OR, slot.begin(), slot.end());
    };
    // Xapian's own operators measure a window that spans both words.
    const auto window = static_cast<Xapian::termcount>(node.distance + 2);
    if (single_word(*a) && single_word(*b)) {
      const Xapian::Query pair[] = {word_query(*a), word_query(*b)};
      return Part{Xapian::Query(node.ordered ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR,
                                std::begin(pair), std::end(pair), window),
                  false};
    }
    Xapian::Query ranked(Xapian::Query::OP_AND, exact_aware(*a), exact_aware(*b));
    auto drivers = driver_terms(db_, a->pattern);
    auto other = driver_terms(db_, b->pattern);
    const auto total = [&](const std::vector<std::string>& terms) {
      Xapian::doccount f = 0;
      for (const auto& t : terms)
        f += db_.get_termfreq(t);
      return f;
    };
    if (total(other) < total(drivers))
      drivers = std::move(other);
    // A word whose aliases are names of several words is a phrase too.
    require_local(node, std::string(node.ordered ? "ADJ" : "NEAR") +
                            " beside a phrase (or a name with aliases of several words)");
    return Part{checked(ranked, near_check(a->pattern, b->pattern, node.distance, node.ordered),
                        std::move(drivers), options_.interrupt),
                false};
  }

  // Inside NEAR, "=" asks that the exact forms occur in the article; the
  // distance is measured on the stems.
  static Xapian::Query exact_aware(const Leaf& l) {
    if (l.exact_words.empty())
      return l.query;
    std::vector<Xapian::Query> parts{l.query};
    for (const auto& w : l.exact_words)
      parts.emplace_back(prefixed(schema::prefix::kExact, w));
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  }

  Part filter(const QueryNode& node, bool negated) {
    Xapian::Query q;
    if (node.field == "source") {
      const std::string key = source_key(analyzer_, node.text);
      if (key.empty())
        fail("source: needs a name", node.position);
      if (!negated && node.length > 0) {
        // For "did you mean": the nearest source name, when none is this one.
        out_.words.push_back(
            {node.text_position, node.text.size(), key, std::string(node.field), node.quoted});
      }
      std::vector<Xapian::Query> words;
      for (const std::string& w : words_of(node.text)) {
        words.emplace_back(prefixed(schema::prefix::kSourceWord, w));
      }
      q = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(prefixed(schema::prefix::kSource, key)),
                        Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()));
    } else if (node.field == "author") {
      // One author's name (its key), or its words in order within one name:
      // author:doe, author:"jane doe", author:janedoe.
      const std::vector<std::string> words = words_of(node.text);
      const std::string key = author_key(analyzer_, node.text);
      if (key.empty() || words.empty())
        fail("author: needs a name", node.position);
      std::vector<Xapian::Query> terms;
      for (const std::string& w : words)
        terms.emplace_back(prefixed(schema::prefix::kAuthorWord, w));
      const Xapian::Query in_name =
          terms.size() == 1 ? terms.front()
                            : Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                            static_cast<Xapian::termcount>(terms.size()));
      q = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(prefixed(schema::prefix::kAuthor, key)),
                        in_name);
    } else if (node.field == "date") {
      std::string problem;
      std::size_t offset = 0;
      const auto range = parse_date_range(node.text, problem, offset);
      if (!range)
        fail(problem, node.position + offset);
      if (range->unit != 0) {
        const std::string_view prefix = range->unit == 'D'   ? schema::prefix::kDay
                                        : range->unit == 'M' ? schema::prefix::kMonth
                                                             : schema::prefix::kYear;
        q = Xapian::Query(prefixed(prefix, range->key));
      } else if (range->from.empty()) {
        q = Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::slot::kDate, range->to);
      } else if (range->to.empty()) {
        q = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot::kDate, range->from);
      } else {
        q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::slot::kDate, range->from,
                          range->to);
      }
    } else if (node.field == "lang") {
      q = Xapian::Query(prefixed(schema::prefix::kLang, language_key(node.text)));
    } else if (node.field == "story") {
      // The parser let digits alone through; "007" is story 7.
      const std::size_t first = std::min(node.text.find_first_not_of('0'), node.text.size() - 1);
      q = Xapian::Query(
          prefixed(schema::prefix::kStory, std::string_view(node.text).substr(first)));
    } else {  // id
      q = Xapian::Query(prefixed(schema::prefix::kId, node.text));
    }
    return Part{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0), true};
  }

  std::optional<Part> compile(const QueryNode& node, bool negated) {
    switch (node.type) {
      case QueryNode::Type::word:
      case QueryNode::Type::phrase:
        return text(node, negated);
      case QueryNode::Type::filter:
        return filter(node, negated);
      case QueryNode::Type::near:
        return near(node, negated);
      case QueryNode::Type::match_all:
        return Part{every_article(), true};
      case QueryNode::Type::all_of: {
        std::vector<Xapian::Query> ranked, filters;
        for (const QueryNode& child : node.children) {
          if (auto p = compile(child, negated))
            (p->boolean ? filters : ranked).push_back(p->query);
        }
        if (ranked.empty() && filters.empty())
          return std::nullopt;
        Xapian::Query f(Xapian::Query::OP_AND, filters.begin(), filters.end());
        if (ranked.empty())
          return Part{f, true};
        Xapian::Query r(Xapian::Query::OP_AND, ranked.begin(), ranked.end());
        if (filters.empty())
          return Part{r, false};
        return Part{Xapian::Query(Xapian::Query::OP_FILTER, r, f), false};
      }
      case QueryNode::Type::any_of: {
        std::vector<Xapian::Query> parts;
        bool boolean = true;
        for (const QueryNode& child : node.children) {
          if (auto p = compile(child, negated)) {
            parts.push_back(p->query);
            boolean = boolean && p->boolean;
          }
        }
        if (parts.empty())
          return std::nullopt;
        return Part{Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), boolean};
      }
      case QueryNode::Type::and_not:
      case QueryNode::Type::and_maybe: {
        const bool is_not = node.type == QueryNode::Type::and_not;
        std::optional<Part> first = compile(node.children.front(), negated);
        std::vector<Xapian::Query> rest;
        for (std::size_t k = 1; k < node.children.size(); ++k) {
          if (auto p = compile(node.children[k], negated || is_not))
            rest.push_back(p->query);
        }
        if (rest.empty())
          return first;
        if (!first) {
          if (!is_not)
            return std::nullopt;
          first = Part{every_article(), true};
        }
        Xapian::Query other(Xapian::Query::OP_OR, rest.begin(), rest.end());
        return Part{Xapian::Query(is_not ? Xapian::Query::OP_AND_NOT : Xapian::Query::OP_AND_MAYBE,
                                  first->query, other),
                    first->boolean && is_not};
      }
    }
    return std::nullopt;
  }

  const Xapian::Database& db_;
  Analyzer& analyzer_;
  const CompileOptions& options_;
  // What word_slot() stems a word for: stemmer names or language codes.
  std::vector<std::string> languages_;
  std::string own_stemmer_;                 // the index's language's stemmer name
  std::optional<AliasTable> read_aliases_;  // without options_.alias_table
  CompiledQuery out_;
};

}  // namespace

CompiledQuery compile_query(const QueryNode& root, const Xapian::Database& db, Analyzer& analyzer,
                            const CompileOptions& options) {
  return Compiler(db, analyzer, options).run(root);
}

}  // namespace byline::detail
