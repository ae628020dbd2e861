#include "query/compiler.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "byline/error.hpp"
#include "engine/field_keys.hpp"
#include "engine/schema.hpp"
#include "query/date_range.hpp"
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
  std::vector<Xapian::Query> parts;
  for (const Slot& slot : seq.slots)
    parts.push_back(slot_query(slot));
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

Xapian::Query checked(Xapian::Query ranked, std::shared_ptr<const DocumentCheck> check,
                      std::vector<std::string> drivers, const Interrupt* interrupt) {
  Xapian::PostingSource* source =
      new CheckedPostingSource(std::move(check), std::move(drivers), interrupt);
  return Xapian::Query(Xapian::Query::OP_FILTER, ranked, Xapian::Query(source->release()));
}

class Compiler {
 public:
  Compiler(const Xapian::Database& db, Analyzer& analyzer, const CompileOptions& options)
      : db_(db), analyzer_(analyzer), options_(options) {}

  CompiledQuery run(const QueryNode& parsed) {
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

  Sequence stem_sequence(const std::vector<std::string>& words, std::string_view prefix,
                         unsigned slop) {
    Sequence seq;
    seq.slop = slop;
    for (const std::string& w : words)
      seq.slots.push_back({prefixed(prefix, analyzer_.stem(w))});
    return seq;
  }

  // The other names of `words` in the alias table, as word lists.
  std::vector<std::vector<std::string>> aliases_of(const std::vector<std::string>& words) {
    std::vector<std::vector<std::string>> out;
    const std::string key = join(words, " ");
    for (auto it = db_.synonyms_begin(key); it != db_.synonyms_end(key); ++it) {
      std::vector<std::string> member;
      const std::string value = *it;  // the iterator yields a temporary
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
  Slot expanded_slot(const QueryNode& node, const std::string& word, std::string_view prefix) {
    std::vector<std::string> words;
    std::string how;
    if (node.wildcard) {
      words = expand_prefix(db_, word, options_.max_wildcard_terms, node.position);
      how = word + "*";
    } else {
      const unsigned distance = node.fuzzy > 0 ? static_cast<unsigned>(node.fuzzy)
                                               : automatic_fuzzy_distance(word.size());
      for (const VocabularyMatch& m : fuzzy_matches(db_, word, distance, limits::kMaxFuzzyTerms)) {
        words.push_back(m.term);
      }
      if (distance == 0 && words.empty() && db_.term_exists(word))
        words.push_back(word);
      how = word + "~" + std::to_string(distance);
    }
    out_.expansions.push_back(how + " -> " + (words.empty() ? "(no words)" : join(words, ", ")));
    Slot slot;
    for (const std::string& w : words) {
      std::string term = prefixed(prefix, analyzer_.stem(w));
      if (std::find(slot.begin(), slot.end(), term) == slot.end())
        slot.push_back(std::move(term));
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
    const std::vector<std::string> words = words_of(node.text);
    if (words.empty())
      return std::nullopt;
    const std::string prefix = field_prefix(node);
    Leaf leaf;
    if (node.wildcard || node.fuzzy >= 0) {
      if (words.size() != 1) {
        fail(std::string(node.wildcard ? "a wildcard" : "'~'") + " applies to a single word",
             node.position);
      }
      Slot slot = expanded_slot(node, words.front(), prefix);
      if (!slot.empty())
        leaf.pattern.push_back(Sequence{{std::move(slot)}, 0});
    } else {
      leaf.pattern.push_back(stem_sequence(words, prefix, node.slop));
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
      if (!negated && words.size() == 1 && node.type == QueryNode::Type::word && !node.exact) {
        out_.words.push_back({node.position, node.length, words.front()});
      }
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

  std::optional<Part> text(const QueryNode& node, bool negated) {
    auto l = leaf(node, negated);
    if (!l)
      return std::nullopt;
    if (!l->exact_words.empty()) {
      if (l->exact_words.size() == 1 && node.field.empty()) {
        // An exact word needs no check: its unstemmed form is a term.
        return Part{Xapian::Query(prefixed(schema::prefix::kExact, l->exact_words.front())), false};
      }
      std::vector<std::string> drivers;
      Xapian::doccount rarest = 0;
      for (const std::string& w : l->exact_words) {
        const std::string term = prefixed(schema::prefix::kExact, w);
        const Xapian::doccount f = db_.get_termfreq(term);
        if (drivers.empty() || f < rarest) {
          drivers = {term};
          rarest = f;
        }
      }
      return Part{checked(l->query, exact_check(l->exact_words, node.field, analyzer_.settings()),
                          std::move(drivers), options_.interrupt),
                  false};
    }
    if (node.field == "body") {
      if (l->pattern.empty())
        return Part{Xapian::Query::MatchNothing, false};
      return Part{checked(l->query, body_check(l->pattern), driver_terms(db_, l->pattern),
                          options_.interrupt),
                  false};
    }
    return Part{std::move(l->query), false};
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
    const auto single_term = [](const Leaf& l) {
      return l.exact_words.empty() && l.pattern.size() == 1 && l.pattern[0].slots.size() == 1 &&
             l.pattern[0].slots[0].size() == 1;
    };
    // Xapian's own operators measure a window that spans both words.
    const auto window = static_cast<Xapian::termcount>(node.distance + 2);
    if (single_term(*a) && single_term(*b)) {
      const Xapian::Query pair[] = {a->query, b->query};
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

  Part filter(const QueryNode& node) {
    Xapian::Query q;
    if (node.field == "source") {
      const std::string key = source_key(analyzer_, node.text);
      if (key.empty())
        fail("source: needs a name", node.position);
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
      std::string lang = node.text;
      std::transform(lang.begin(), lang.end(), lang.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      q = Xapian::Query(prefixed(schema::prefix::kLang, lang));
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
        return filter(node);
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
  CompiledQuery out_;
};

}  // namespace

CompiledQuery compile_query(const QueryNode& root, const Xapian::Database& db, Analyzer& analyzer,
                            const CompileOptions& options) {
  return Compiler(db, analyzer, options).run(root);
}

}  // namespace byline::detail
