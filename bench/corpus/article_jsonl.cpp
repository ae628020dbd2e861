#include "bench/corpus/article_jsonl.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

namespace byline::bench {

namespace {

void write_string(std::ostream& out, const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.put('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.put('\\');
      out.put(c);
    } else if (c == '\n') {
      out.write("\\n", 2);
    } else if (c == '\t') {
      out.write("\\t", 2);
    } else if (u < 0x20) {
      const char esc[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
      out.write(esc, sizeof esc);
    } else {
      out.put(c);
    }
  }
  out.put('"');
}

void field(std::ostream& out, const char* name, const std::string& value, bool first = false) {
  if (!first)
    out.put(',');
  out.put('"');
  out << name;
  out.write("\":", 2);
  write_string(out, value);
}

}  // namespace

void write_article(std::ostream& out, const Article& a) {
  out.put('{');
  field(out, "id", a.id, true);
  field(out, "title", a.title);
  field(out, "source", a.source);
  field(out, "date", a.date);
  field(out, "lang", a.lang);
  field(out, "body", a.body);
  out.write("}\n", 2);
}

void read_articles(const std::string& path, std::size_t limit,
                   const std::function<bool(Article&&)>& each) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + path);
  std::string line;
  std::size_t count = 0;
  std::size_t line_number = 0;
  while ((limit == 0 || count < limit) && std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos)
      continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(path + ":" + std::to_string(line_number) + ": " + e.what());
    }
    const auto get = [&](const char* name) { return j.value(name, std::string()); };
    Article a;
    a.id = get("id");
    a.title = get("title");
    a.source = get("source");
    a.date = get("date");
    a.url = get("url");
    a.lang = get("lang");
    a.body = get("body");
    ++count;
    if (!each(std::move(a)))
      break;
  }
}

}  // namespace byline::bench
