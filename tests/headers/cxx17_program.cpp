// <byline/byline.hpp> in a C++17 program, as an application on the older
// standard uses it. The comparisons the headers define inline behave as the
// defaulted C++20 operator== they replace did (member by member, and !=
// its negation); the version macros are the project's version.
#include <byline/byline.hpp>
#include <cstddef>
#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>

namespace {

// The number of members of an aggregate: the most initializers `T{...}`
// takes, each one AnyField, which converts to any member's type (it is
// only named in unevaluated operands, so never defined). A member added to
// one of the structs below changes the count and fails the build here
// until it joins that struct's operator== and the checks of this file.
struct AnyField {
  template <typename T>
  operator T() const;
};

template <typename T, typename Indices, typename = void>
struct TakesInitializers : std::false_type {};
template <typename T, std::size_t... I>
struct TakesInitializers<T, std::index_sequence<I...>,
                         std::void_t<decltype(T{(void(I), AnyField{})...})>> : std::true_type {};

template <typename T, std::size_t N = 0>
constexpr std::size_t field_count() {
  if constexpr (TakesInitializers<T, std::make_index_sequence<N + 1>>::value) {
    return field_count<T, N + 1>();
  } else {
    return N;
  }
}

static_assert(field_count<byline::Highlight>() == 2,
              "a new member of Highlight joins its operator== (snippet.hpp) and this test");
static_assert(field_count<byline::AnalyzerSettings>() == 4,
              "a new member of AnalyzerSettings joins its operator== (analyzer.hpp) and this test");
static_assert(field_count<byline::Token>() == 7,
              "a new member of Token joins its operator== (analyzer.hpp) and this test");

// Highlight's comparisons are constant expressions, as the defaulted ones were.
static_assert(byline::Highlight{1, 4} == byline::Highlight{1, 4});
static_assert(byline::Highlight{1, 4} != byline::Highlight{1, 5});

int failures = 0;

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "failed: %s\n", what);
    ++failures;
  }
}

// `a` equals itself and a copy; the copy changed by `change` differs from it.
template <typename T, typename Change>
void check_member(const T& a, Change change, const char* member) {
  T b = a;
  check(a == b && !(a != b), member);
  change(b);
  check(a != b && !(a == b), member);
}

}  // namespace

int main() {
  const byline::Highlight highlight{3, 9};
  check_member(
      highlight, [](byline::Highlight& h) { h.begin = 4; }, "Highlight::begin");
  check_member(
      highlight, [](byline::Highlight& h) { h.end = 10; }, "Highlight::end");

  const byline::AnalyzerSettings settings;
  check_member(
      settings, [](byline::AnalyzerSettings& s) { s.language = "french"; },
      "AnalyzerSettings::language");
  check_member(
      settings, [](byline::AnalyzerSettings& s) { s.fold_diacritics = false; },
      "AnalyzerSettings::fold_diacritics");
  check_member(
      settings, [](byline::AnalyzerSettings& s) { s.article_languages = false; },
      "AnalyzerSettings::article_languages");
  check_member(
      settings, [](byline::AnalyzerSettings& s) { s.script_folding = false; },
      "AnalyzerSettings::script_folding");

  byline::Token token;
  token.term = "ceasefires";
  token.stem = "ceasefir";
  token.begin = 4;
  token.end = 14;
  token.position = 1;
  check_member(
      token, [](byline::Token& t) { t.term = "truce"; }, "Token::term");
  check_member(
      token, [](byline::Token& t) { t.stem = "truce"; }, "Token::stem");
  check_member(
      token, [](byline::Token& t) { t.begin = 0; }, "Token::begin");
  check_member(
      token, [](byline::Token& t) { t.end = 0; }, "Token::end");
  check_member(
      token, [](byline::Token& t) { t.position = 0; }, "Token::position");
  check_member(
      token, [](byline::Token& t) { t.joined = true; }, "Token::joined");
  check_member(
      token, [](byline::Token& t) { t.accented_stem = "x"; }, "Token::accented_stem");

  // The version macros, from byline.hpp through version.hpp.
  const std::string parts = std::to_string(BYLINE_VERSION_MAJOR) + "." +
                            std::to_string(BYLINE_VERSION_MINOR) + "." +
                            std::to_string(BYLINE_VERSION_PATCH);
  check(parts == BYLINE_VERSION_STRING, "BYLINE_VERSION_STRING is MAJOR.MINOR.PATCH");
  check(std::string(BYLINE_VERSION_STRING) == BYLINE_PROJECT_VERSION,
        "BYLINE_VERSION_STRING is the project's version");
  check(BYLINE_VERSION_NUMBER ==
            BYLINE_VERSION_MAJOR * 1000000 + BYLINE_VERSION_MINOR * 1000 + BYLINE_VERSION_PATCH,
        "BYLINE_VERSION_NUMBER");

  if (failures > 0)
    return 1;
  std::puts("the public headers work in C++17");
  return 0;
}
