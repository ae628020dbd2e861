#include "query/parser.hpp"

#include <algorithm>
#include <optional>

#include "byline/error.hpp"
#include "query/date_range.hpp"
#include "query/limits.hpp"

namespace byline::detail {

namespace {

[[noreturn]] void fail(std::string message, std::size_t position) {
  throw Error(Error::Kind::invalid_query, std::move(message), position);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_lower_alpha(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

constexpr std::string_view kFields[] = {"title", "body", "source", "author",
                                        "date",  "lang", "id",     "story"};

bool is_field(std::string_view name) {
  return std::find(std::begin(kFields), std::end(kFields), name) != std::end(kFields);
}

// A number no larger than `max`, or nullopt.
std::optional<unsigned> small_number(std::string_view digits, unsigned max) {
  if (!is_digits(digits) || digits.size() > 7)
    return std::nullopt;
  const unsigned long value = std::stoul(std::string(digits));
  if (value > max)
    return std::nullopt;
  return static_cast<unsigned>(value);
}

struct Lexeme {
  enum class Kind { term, lparen, rparen, op_and, op_or, op_not, op_near, end };
  Kind kind = Kind::end;
  std::size_t position = 0;
  std::size_t length = 0;
  QueryNode node;         // for term: a word, phrase or filter node
  char modifier = 0;      // '+' or '-' before a term or '('
  unsigned distance = 0;  // for op_near
  bool ordered = false;   // ADJ
};

class Lexer {
 public:
  explicit Lexer(std::string_view q) : q_(q) {}

  std::vector<Lexeme> run() {
    std::vector<Lexeme> out;
    std::size_t clauses = 0;
    for (;;) {
      Lexeme lx = next();
      if (lx.kind == Lexeme::Kind::term && ++clauses > limits::kMaxClauses) {
        fail("too many words in the query (the limit is " + std::to_string(limits::kMaxClauses) +
                 ")",
             lx.position);
      }
      const bool end = lx.kind == Lexeme::Kind::end;
      out.push_back(std::move(lx));
      if (end)
        return out;
    }
  }

 private:
  Lexeme next() {
    while (i_ < q_.size() && is_space(q_[i_]))
      ++i_;
    Lexeme lx;
    lx.position = i_;
    if (i_ == q_.size())
      return lx;

    // "+", "-" and "=" in front of a term (or "+"/"-" in front of a group).
    char modifier = 0;
    bool exact = false;
    const std::size_t start = i_;
    for (;;) {
      if (i_ + 1 >= q_.size() || is_space(q_[i_ + 1]) || q_[i_ + 1] == ')')
        break;
      const char c = q_[i_];
      if ((c == '+' || c == '-') && modifier == 0 && !exact) {
        modifier = c;
      } else if (c == '=' && !exact) {
        exact = true;
      } else {
        break;
      }
      ++i_;
    }
    lx.modifier = modifier;

    if (q_[i_] == '(') {
      if (exact)
        fail("'=' applies to a word or a phrase, not to a group", start);
      return open_group(lx, start);
    }
    if (q_[i_] == ')') {
      lx.kind = Lexeme::Kind::rparen;
      if (group_ && depth_ == group_->depth)
        group_.reset();
      depth_ -= depth_ > 0 ? 1 : 0;
      ++i_;
      return lx;
    }
    lx.kind = Lexeme::Kind::term;
    lx.position = start;
    if (q_[i_] == '"') {
      lx.node = group_ ? field_value(group_->field, {}, i_) : phrase(start);
    } else {
      std::string_view word = read_word();
      if (modifier == 0 && !exact) {
        if (auto op = operator_lexeme(word, start))
          return *op;
      }
      if (const std::string_view name = field_group_name(word); !name.empty()) {
        // title:( ... ): a field group.
        if (exact)
          fail("'=' applies to a word or a phrase, not to a group", start);
        if (group_ && group_->field != name)
          fail(another_field(name), start);
        if (!group_) {
          open_group(lx, start);
          group_ = Group{std::string(name), depth_};
          return lx;
        }
        return open_group(lx, start);
      }
      if (group_ && word != "*") {
        lx.node = group_word(word);
      } else if (word == "*") {
        // Every article: alone, beside filters (date:2014 *) or exclusions.
        if (exact)
          fail("'=' applies to words and phrases, not to *", start);
        if (group_)
          fail(group_->field + ": takes words, phrases or values, not * (every article)", start);
        lx.node.type = QueryNode::Type::match_all;
      } else {
        lx.node = word_or_field(word, start);
      }
    }
    lx.node.exact = lx.node.exact || exact;
    if (exact && lx.node.type == QueryNode::Type::filter) {
      fail("'=' applies to words and phrases, not to " + lx.node.field + ":", start);
    }
    lx.node.position = start;
    lx.node.length = i_ - start;
    lx.length = lx.node.length;
    return lx;
  }

  // At a '(' (of a group or a field group): the lexeme that opens it.
  Lexeme& open_group(Lexeme& lx, std::size_t start) {
    lx.kind = Lexeme::Kind::lparen;
    lx.position = start;
    ++depth_;
    ++i_;
    return lx;
  }

  // "title" when `word` is "title:" right before a '(' (and the field
  // exists); "" when it is no field group.
  std::string_view field_group_name(std::string_view word) const {
    if (word.size() < 2 || !word.ends_with(':') || i_ >= q_.size() || q_[i_] != '(')
      return {};
    const std::string_view name = word.substr(0, word.size() - 1);
    if (!is_lower_alpha(name))
      return {};
    if (!is_field(name)) {
      fail("unknown field '" + limits::quoted_part(name) +
               "' (fields are title, body, source, author, date, lang, id)",
           offset_of(word));
    }
    return name;
  }

  std::string another_field(std::string_view name) const {
    return "inside " + group_->field + ":( ), a term cannot name another field (" +
           limits::quoted_part(name) + ":); close the group first";
  }

  // A word inside a field group: the group's field and the word as its
  // value; a field:value of the same field is as it is, of another field
  // (or of none) an error.
  QueryNode group_word(std::string_view word) {
    const std::size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      const std::string_view name = word.substr(0, colon);
      const std::string_view value = word.substr(colon + 1);
      if (is_lower_alpha(name) && !value.empty() && !value.starts_with("/")) {
        if (is_field(name) && name != group_->field)
          fail(another_field(name), offset_of(word));
        return word_or_field(word, offset_of(word));  // unknown fields fail there
      }
    }
    return field_value(group_->field, word, offset_of(word));
  }

  // Where `part`, a view into the query, starts in it.
  std::size_t offset_of(std::string_view part) const {
    return static_cast<std::size_t>(part.data() - q_.data());
  }

  std::string_view read_word() {
    const std::size_t begin = i_;
    while (i_ < q_.size() && !is_space(q_[i_]) && q_[i_] != '(' && q_[i_] != ')' && q_[i_] != '"') {
      ++i_;
    }
    return q_.substr(begin, i_ - begin);
  }

  std::optional<Lexeme> operator_lexeme(std::string_view word, std::size_t start) {
    Lexeme lx;
    lx.position = start;
    lx.length = word.size();
    if (word == "AND") {
      lx.kind = Lexeme::Kind::op_and;
    } else if (word == "OR") {
      lx.kind = Lexeme::Kind::op_or;
    } else if (word == "NOT") {
      lx.kind = Lexeme::Kind::op_not;
    } else if (word.starts_with("NEAR") || word.starts_with("ADJ")) {
      const std::string_view name = word.starts_with("NEAR") ? "NEAR" : "ADJ";
      const std::string_view rest = word.substr(name.size());
      if (!rest.empty() && rest.front() != '/')
        return std::nullopt;  // "NEARBY", "ADJUST"
      lx.kind = Lexeme::Kind::op_near;
      lx.ordered = name == "ADJ";
      lx.distance = limits::kDefaultNearDistance;
      if (!rest.empty()) {
        const auto n = small_number(rest.substr(1), limits::kMaxNearDistance);
        if (!n) {
          fail(std::string(name) + "/n needs a number of words from 0 to " +
                   std::to_string(limits::kMaxNearDistance),
               start + name.size() + 1);
        }
        lx.distance = *n;
      }
    } else {
      return std::nullopt;
    }
    return lx;
  }

  // At a '"': the phrase up to the closing quote, and a "~n" slop after it.
  QueryNode phrase(std::size_t start) {
    const std::size_t open = i_;
    const std::size_t close = q_.find('"', open + 1);
    if (close == std::string_view::npos)
      fail("unbalanced quote: this phrase is never closed", open);
    QueryNode node;
    node.type = QueryNode::Type::phrase;
    node.text = std::string(q_.substr(open + 1, close - open - 1));
    node.text_position = open + 1;
    i_ = close + 1;
    if (i_ < q_.size() && q_[i_] == '~') {
      const std::size_t tilde = i_;
      ++i_;
      const std::size_t digits = i_;
      while (i_ < q_.size() && q_[i_] >= '0' && q_[i_] <= '9')
        ++i_;
      const auto slop = small_number(q_.substr(digits, i_ - digits), limits::kMaxSlop);
      if (!slop) {
        fail("'~' after a phrase needs the number of words allowed in between, from 0 to " +
                 std::to_string(limits::kMaxSlop) + ", as in \"pledge support\"~3",
             tilde);
      }
      node.slop = *slop;
    }
    if (node.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      fail("empty phrase", start);
    }
    return node;
  }

  QueryNode word_or_field(std::string_view word, std::size_t start) {
    const std::size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      const std::string_view name = word.substr(0, colon);
      const std::string_view value = word.substr(colon + 1);
      const bool value_follows =
          !value.empty() || (i_ < q_.size() && (q_[i_] == '"' || q_[i_] == '('));
      if (is_lower_alpha(name) && value_follows && !value.starts_with("/")) {
        if (!is_field(name)) {
          fail("unknown field '" + limits::quoted_part(name) +
                   "' (fields are title, body, source, author, date, lang, id)",
               start);
        }
        return field_value(std::string(name), value, start + colon + 1);
      }
    }
    return plain_word(word, offset_of(word));
  }

  // A word, `start` bytes into the query, with its "~n" suffix taken off;
  // a wildcard when it holds '*' or '?'.
  QueryNode plain_word(std::string_view word, std::size_t start) {
    QueryNode node;
    node.type = QueryNode::Type::word;
    if (const std::size_t tilde = word.rfind('~'); tilde != std::string_view::npos && tilde > 0) {
      const std::string_view suffix = word.substr(tilde + 1);
      if (suffix.empty()) {
        node.fuzzy = 0;
      } else {
        const auto n = small_number(suffix, limits::kMaxFuzzyDistance);
        if (!n || *n == 0) {
          fail("'~' after a word takes an edit distance of 1 or 2", start + tilde);
        }
        node.fuzzy = static_cast<int>(*n);
      }
      word = word.substr(0, tilde);
      if (word.find_first_of("*?") != std::string_view::npos) {
        fail("a word is a wildcard ('*', '?') or fuzzy ('~'), not both", start + tilde);
      }
    }
    if (word.find_first_of("*?") != std::string_view::npos) {
      if (word.find_first_not_of("*?") == std::string_view::npos) {
        fail(
            "a wildcard needs at least one letter besides '*' and '?' ('*' alone is every "
            "article)",
            start);
      }
      node.wildcard = true;
    }
    node.text = std::string(word);
    node.text_position = start;
    return node;
  }

  // The value of field:value; `at` is where the value starts.
  QueryNode field_value(std::string name, std::string_view value, std::size_t at) {
    QueryNode node;
    const bool text_field = name == "title" || name == "body";
    bool exact = false;
    if (text_field && value.starts_with('=')) {
      exact = true;
      value.remove_prefix(1);
    }
    if (value.empty()) {
      if (i_ >= q_.size() || q_[i_] != '"')
        fail(name + ": needs a value", at);
      node = phrase(at);
      node.quoted = true;
    } else if (text_field) {
      node = plain_word(value, offset_of(value));
    } else {
      node.type = QueryNode::Type::word;
      node.text = std::string(value);
      node.text_position = offset_of(value);
    }
    node.exact = exact;
    if (!text_field) {
      if (node.slop > 0)
        fail(name + ": takes no '~'", at);
      node.type = QueryNode::Type::filter;
      if (name == "date") {
        std::string problem;
        std::size_t offset = 0;
        if (!parse_date_range(node.text, problem, offset))
          fail(problem, at + offset);
      } else if (name == "story" && !is_digits(node.text)) {
        fail("story: takes a story id, a number (byline stories lists them)", at);
      }
    }
    node.field = std::move(name);
    return node;
  }

  // The field group being read, and the parenthesis depth its '(' opened.
  struct Group {
    std::string field;
    std::size_t depth = 0;
  };

  std::string_view q_;
  std::size_t i_ = 0;
  std::size_t depth_ = 0;  // parentheses open
  std::optional<Group> group_;
};

enum class Modifier { none, must, must_not };

struct Operand {
  QueryNode node;
  Modifier modifier = Modifier::none;
};

QueryNode make(QueryNode::Type type, std::vector<QueryNode> children, std::size_t position) {
  QueryNode node;
  node.type = type;
  node.position = position;
  node.children = std::move(children);
  return node;
}

// positives AND NOT (negatives); pure exclusions come back as must_not.
Operand combine(std::vector<QueryNode> positives, std::vector<QueryNode> negatives,
                QueryNode::Type join, std::size_t position) {
  if (positives.empty()) {
    if (negatives.size() == 1)
      return {std::move(negatives.front()), Modifier::must_not};
    return {make(QueryNode::Type::any_of, std::move(negatives), position), Modifier::must_not};
  }
  QueryNode positive = positives.size() == 1 ? std::move(positives.front())
                                             : make(join, std::move(positives), position);
  if (negatives.empty())
    return {std::move(positive), Modifier::none};
  std::vector<QueryNode> parts;
  parts.push_back(std::move(positive));
  for (auto& n : negatives)
    parts.push_back(std::move(n));
  return {make(QueryNode::Type::and_not, std::move(parts), position), Modifier::none};
}

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, DefaultJoin join) : lx_(std::move(lexemes)), join_(join) {}

  QueryNode run() {
    if (peek().kind == Lexeme::Kind::end)
      fail("empty query", 0);
    Operand result = or_expr();
    if (peek().kind == Lexeme::Kind::rparen) {
      fail("unbalanced parenthesis: nothing to close", peek().position);
    }
    if (result.modifier == Modifier::must_not) {
      // Only exclusions: everything except them.
      std::vector<QueryNode> parts;
      parts.push_back(make(QueryNode::Type::match_all, {}, 0));
      parts.push_back(std::move(result.node));
      return make(QueryNode::Type::and_not, std::move(parts), 0);
    }
    return std::move(result.node);
  }

 private:
  const Lexeme& peek() const { return lx_[i_]; }
  Lexeme take() { return std::move(lx_[i_++]); }

  bool starts_operand() const {
    const auto k = peek().kind;
    return k == Lexeme::Kind::term || k == Lexeme::Kind::lparen || k == Lexeme::Kind::op_not;
  }

  void expect_operand_after(const Lexeme& op, std::string_view name) {
    if (!starts_operand()) {
      fail(std::string(name) + " needs a word, a phrase or a group on its right", op.position);
    }
  }

  Operand or_expr() {
    std::vector<QueryNode> alternatives;
    const std::size_t position = peek().position;
    Operand first = seq();
    if (peek().kind != Lexeme::Kind::op_or)
      return first;
    alternatives.push_back(positive(std::move(first), "OR"));
    while (peek().kind == Lexeme::Kind::op_or) {
      const Lexeme op = take();
      expect_operand_after(op, "OR");
      alternatives.push_back(positive(seq(), "OR"));
    }
    return {make(QueryNode::Type::any_of, std::move(alternatives), position), Modifier::none};
  }

  // An operand of OR may not be a pure exclusion: "a OR -b" means nothing useful.
  QueryNode positive(Operand operand, std::string_view op) {
    if (operand.modifier == Modifier::must_not) {
      fail(std::string(op) + " cannot join an exclusion; write the exclusion outside the OR",
           operand.node.position);
    }
    return std::move(operand.node);
  }

  Operand seq() {
    const std::size_t position = peek().position;
    std::vector<QueryNode> plain, must, must_not;
    do {
      Operand item = and_expr();
      switch (item.modifier) {
        case Modifier::none:
          plain.push_back(std::move(item.node));
          break;
        case Modifier::must:
          must.push_back(std::move(item.node));
          break;
        case Modifier::must_not:
          must_not.push_back(std::move(item.node));
          break;
      }
    } while (peek().kind == Lexeme::Kind::term || peek().kind == Lexeme::Kind::lparen ||
             peek().kind == Lexeme::Kind::op_not);

    if (join_ == DefaultJoin::all || must.empty()) {
      for (auto& m : must)
        plain.push_back(std::move(m));
      const auto type =
          join_ == DefaultJoin::all ? QueryNode::Type::all_of : QueryNode::Type::any_of;
      return combine(std::move(plain), std::move(must_not), type, position);
    }
    // Default "any" with +required words: required ones must match, the
    // others only rank.
    Operand required =
        combine(std::move(must), std::move(must_not), QueryNode::Type::all_of, position);
    if (plain.empty())
      return required;
    std::vector<QueryNode> parts;
    parts.push_back(std::move(required.node));
    parts.push_back(plain.size() == 1 ? std::move(plain.front())
                                      : make(QueryNode::Type::any_of, std::move(plain), position));
    return {make(QueryNode::Type::and_maybe, std::move(parts), position), Modifier::none};
  }

  Operand and_expr() {
    const std::size_t position = peek().position;
    Operand first = near_expr();
    if (peek().kind != Lexeme::Kind::op_and && peek().kind != Lexeme::Kind::op_not)
      return first;
    std::vector<QueryNode> positives, negatives;
    auto place = [&](Operand op) {
      (op.modifier == Modifier::must_not ? negatives : positives).push_back(std::move(op.node));
    };
    place(std::move(first));
    while (peek().kind == Lexeme::Kind::op_and || peek().kind == Lexeme::Kind::op_not) {
      const Lexeme op = take();
      const bool is_not = op.kind == Lexeme::Kind::op_not;
      expect_operand_after(op, is_not ? "NOT" : "AND");
      Operand rhs = near_expr();
      if (is_not) {
        if (rhs.modifier == Modifier::must_not)
          fail("NOT of an exclusion", rhs.node.position);
        rhs.modifier = Modifier::must_not;
      }
      place(std::move(rhs));
    }
    return combine(std::move(positives), std::move(negatives), QueryNode::Type::all_of, position);
  }

  Operand near_expr() {
    Operand first = unary();
    if (peek().kind != Lexeme::Kind::op_near)
      return first;
    std::vector<QueryNode> operands;
    operands.push_back(near_operand(std::move(first)));
    std::vector<Lexeme> ops;
    while (peek().kind == Lexeme::Kind::op_near) {
      ops.push_back(take());
      expect_operand_after(ops.back(), ops.back().ordered ? "ADJ" : "NEAR");
      operands.push_back(near_operand(unary()));
    }
    // a NEAR b NEAR c: a near b, and b near c.
    std::vector<QueryNode> pairs;
    for (std::size_t k = 0; k < ops.size(); ++k) {
      QueryNode near = make(QueryNode::Type::near, {operands[k], operands[k + 1]}, ops[k].position);
      near.distance = ops[k].distance;
      near.ordered = ops[k].ordered;
      pairs.push_back(std::move(near));
    }
    if (pairs.size() == 1)
      return {std::move(pairs.front()), Modifier::none};
    return {make(QueryNode::Type::all_of, std::move(pairs), operands.front().position),
            Modifier::none};
  }

  static QueryNode near_operand(Operand operand) {
    const auto t = operand.node.type;
    if (operand.modifier != Modifier::none ||
        (t != QueryNode::Type::word && t != QueryNode::Type::phrase)) {
      fail("NEAR and ADJ work between words and phrases", operand.node.position);
    }
    if (!operand.node.field.empty()) {
      fail("NEAR and ADJ work between words and phrases, not fields (" + operand.node.field + ":)",
           operand.node.position);
    }
    return std::move(operand.node);
  }

  Operand unary() {
    if (++depth_ > limits::kMaxDepth) {
      fail("the query nests too deeply (the limit is " + std::to_string(limits::kMaxDepth) + ")",
           peek().position);
    }
    Operand result = primary();
    --depth_;
    return result;
  }

  Operand primary() {
    if (peek().kind == Lexeme::Kind::op_not) {
      // A leading NOT excludes, like "-".
      const Lexeme op = take();
      expect_operand_after(op, "NOT");
      Operand inner = unary();
      if (inner.modifier != Modifier::none)
        fail("NOT of an excluded or required term", op.position);
      inner.modifier = Modifier::must_not;
      return inner;
    }
    Lexeme lx = take();
    const Modifier modifier = lx.modifier == '+'   ? Modifier::must
                              : lx.modifier == '-' ? Modifier::must_not
                                                   : Modifier::none;
    switch (lx.kind) {
      case Lexeme::Kind::term:
        return {std::move(lx.node), modifier};
      case Lexeme::Kind::lparen: {
        if (peek().kind == Lexeme::Kind::rparen)
          fail("empty parentheses", lx.position);
        if (peek().kind == Lexeme::Kind::end) {
          fail("unbalanced parenthesis: this group is never closed", lx.position);
        }
        ++depth_;
        if (depth_ > limits::kMaxDepth) {
          fail(
              "the query nests too deeply (the limit is " + std::to_string(limits::kMaxDepth) + ")",
              lx.position);
        }
        Operand inner = or_expr();
        --depth_;
        if (peek().kind != Lexeme::Kind::rparen) {
          fail("unbalanced parenthesis: this group is never closed", lx.position);
        }
        take();
        if (modifier != Modifier::none) {
          if (inner.modifier != Modifier::none)
            fail("'+' or '-' on a group that has one", lx.position);
          inner.modifier = modifier;
        }
        return inner;
      }
      case Lexeme::Kind::rparen:
        fail("unbalanced parenthesis: nothing to close", lx.position);
      case Lexeme::Kind::op_and:
      case Lexeme::Kind::op_or:
      case Lexeme::Kind::op_near: {
        const std::string name = std::string(lx.kind == Lexeme::Kind::op_and  ? "AND"
                                             : lx.kind == Lexeme::Kind::op_or ? "OR"
                                             : lx.ordered                     ? "ADJ"
                                                                              : "NEAR");
        fail(name + " needs a word, a phrase or a group on its left", lx.position);
      }
      case Lexeme::Kind::op_not:
      case Lexeme::Kind::end:
        break;
    }
    fail("the query ends where a word, a phrase or a group was expected", lx.position);
  }

  std::vector<Lexeme> lx_;
  std::size_t i_ = 0;
  DefaultJoin join_;
  std::size_t depth_ = 0;
};

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

}  // namespace

QueryNode parse_query(std::string_view query, DefaultJoin join) {
  if (query.size() > limits::kMaxQueryBytes) {
    fail("the query is " + std::to_string(query.size()) + " bytes long (the limit is " +
             std::to_string(limits::kMaxQueryBytes) + ")",
         limits::kMaxQueryBytes);
  }
  if (const auto nul = query.find('\0'); nul != std::string_view::npos) {
    fail("the query contains a NUL byte", nul);
  }
  return Parser(Lexer(query).run(), join).run();
}

std::string describe(const QueryNode& node) {
  std::string out;
  const auto list = [&](std::string_view name) {
    out += name;
    out += '(';
    for (std::size_t k = 0; k < node.children.size(); ++k) {
      if (k > 0)
        out += ", ";
      out += describe(node.children[k]);
    }
    out += ')';
  };
  const std::string field = node.field.empty() ? "" : node.field + ":";
  switch (node.type) {
    case QueryNode::Type::word:
      out = field + (node.exact ? "=" : "") + "word " + quoted(node.text);
      if (node.wildcard)
        out += " wildcard";
      if (node.fuzzy >= 0) {
        out += " fuzzy" + (node.fuzzy > 0 ? "~" + std::to_string(node.fuzzy) : std::string());
      }
      break;
    case QueryNode::Type::phrase:
      out = field + (node.exact ? "=" : "") + "phrase " + quoted(node.text);
      if (node.slop > 0)
        out += "~" + std::to_string(node.slop);
      break;
    case QueryNode::Type::filter:
      out = node.field + ":" + quoted(node.text);
      break;
    case QueryNode::Type::near:
      list((node.ordered ? "ADJ/" : "NEAR/") + std::to_string(node.distance));
      break;
    case QueryNode::Type::all_of:
      list("AND");
      break;
    case QueryNode::Type::any_of:
      list("OR");
      break;
    case QueryNode::Type::and_not:
      list("AND_NOT");
      break;
    case QueryNode::Type::and_maybe:
      list("AND_MAYBE");
      break;
    case QueryNode::Type::match_all:
      out = "ALL";
      break;
  }
  return out;
}

}  // namespace byline::detail
