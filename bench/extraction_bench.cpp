// byline_extraction_bench: how well and how fast byline finds a news page's
// article text and metadata, side by side with python3-readability, on the
// labelled page set (tests/fixtures/pages: NAME.html, NAME.txt, NAME.json).
//
//   byline_extraction_bench [--pages=DIR] [--passes=N] [--python=PATH]
//                           [--no-peer] [--verbose] [--json] [--dump=DIR]
//
// A plain program, not a Google Benchmark suite: the figure that matters is
// a quality score over a fixed set of pages, and the throughput is one loop
// over that set; the peer runs in its own Python process, as the Lucene peer
// of byline_bench runs in its JVM, and times itself.
//
// Quality: for every page, HtmlTree + extract_page_metadata +
// extract_main_text(tree, metadata.article_body); the body is scored against
// the labelled text by precision, recall and F1 over 4-word shingles
// (multisets), averaged per page (macro). Both texts are tokenized the same
// way: case-folded (ICU), split on anything that is not a letter, digit or
// combining mark; in scripts written without spaces (Han, Hiragana,
// Katakana, Thai, Lao, Khmer, Myanmar) every character is a token of its
// own, so shingles there are character 4-grams. A text of fewer than four
// tokens is one shingle. Nothing extracted scores 0 (unless nothing was
// expected). Metadata: each field (title, date, source, author, url, lang)
// is right when it equals the label after whitespace normalization; an
// empty value where the label has one is "missing", a non-empty one that
// differs (also where the label is empty) is "wrong": a wrong field is worse
// than a missing one (DESIGN.md), so the two are counted apart.
//
// Speed: --passes times over all pages held in memory (no file reading),
// the whole of byline's page work per page (parse, metadata, main text):
// pages/s and MB/s of HTML, by CPU time of the thread and by wall time.
// python3-readability (bench/peers/readability_extract.py: Document(html)
// .summary(), tags stripped with lxml) runs the same passes over the same
// pages and times only its loop the same two ways; its text is scored here.
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bench/measure.hpp"
#include "indexer/html_tree.hpp"
#include "indexer/main_text.hpp"
#include "indexer/page_metadata.hpp"

namespace fs = std::filesystem;
using byline::bench::seconds_since;
using byline::bench::steady_now_ns;
using byline::bench::thread_cpu_ns;

namespace {

struct Settings {
  fs::path pages = BYLINE_FIXTURE_PAGES;
  int passes = 10;
  std::string python = BYLINE_READABILITY_PYTHON;
  bool peer = true;
  bool verbose = false;
  bool json = false;
  fs::path dump;
};

// --- Scoring ---------------------------------------------------------------

bool is_unspaced_script(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) != 0;
  }
}

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  const auto flush = [&] {
    if (!current.empty())
      tokens.push_back(std::move(current));
    current.clear();
  };
  const auto append = [](std::string& out, UChar32 c) {
    char buf[U8_MAX_LENGTH];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(buf, n, U8_MAX_LENGTH, c, error);
    if (!error)
      out.append(buf, static_cast<std::size_t>(n));
  };
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      flush();
      continue;
    }
    const bool mark = (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
    if (mark && !current.empty()) {
      append(current, c);
    } else if (is_unspaced_script(c)) {
      flush();
      append(current, u_foldCase(c, U_FOLD_CASE_DEFAULT));
      flush();
    } else if (u_isalnum(c)) {
      append(current, u_foldCase(c, U_FOLD_CASE_DEFAULT));
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

using Shingles = std::unordered_map<std::string, int>;

Shingles shingles(std::string_view text) {
  const std::vector<std::string> tokens = tokenize(text);
  Shingles out;
  constexpr std::size_t kWidth = 4;
  const std::size_t width = std::min(kWidth, tokens.size());
  for (std::size_t i = 0; width > 0 && i + width <= tokens.size(); ++i) {
    std::string key = tokens[i];
    for (std::size_t j = 1; j < width; ++j)
      key.append("\x1f").append(tokens[i + j]);
    ++out[key];
  }
  return out;
}

struct Score {
  double precision = 0, recall = 0, f1 = 0;
};

Score score(const Shingles& got, const Shingles& expected) {
  long got_n = 0, expected_n = 0, common = 0;
  for (const auto& [k, n] : got)
    got_n += n;
  for (const auto& [k, n] : expected) {
    expected_n += n;
    if (const auto it = got.find(k); it != got.end())
      common += std::min(n, it->second);
  }
  Score s;
  if (got_n == 0 && expected_n == 0)
    return {1, 1, 1};
  if (got_n > 0)
    s.precision = static_cast<double>(common) / static_cast<double>(got_n);
  if (expected_n > 0)
    s.recall = static_cast<double>(common) / static_cast<double>(expected_n);
  if (s.precision + s.recall > 0)
    s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

// Runs of white space (Unicode's: U+3000 and U+00A0 too) become one space;
// none at either end.
std::string normalize_space(std::string_view text) {
  std::string out;
  bool space = false;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && (u_isUWhiteSpace(c) || c == 0xA0)) {
      space = !out.empty();
      continue;
    }
    if (space)
      out.push_back(' ');
    space = false;
    out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
  return out;
}

// --- Pages -----------------------------------------------------------------

constexpr const char* kFields[] = {"title", "date", "source", "author", "url", "lang"};
constexpr std::size_t kFieldCount = std::size(kFields);
enum Verdict { kRight, kMissing, kWrong };

struct Page {
  std::string name, html, label;
  nlohmann::json expected;
  Shingles label_shingles;
  // byline's results
  std::string body;
  Score byline;
  Verdict fields[kFieldCount]{};
  std::string got[kFieldCount];
  // the peer's
  Score peer;
  bool peer_scored = false;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Page> load_pages(const fs::path& dir) {
  std::vector<Page> pages;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".html")
      continue;
    Page p;
    p.name = entry.path().stem().string();
    p.html = read_file(entry.path());
    p.label = read_file(fs::path(entry.path()).replace_extension(".txt"));
    p.expected =
        nlohmann::json::parse(read_file(fs::path(entry.path()).replace_extension(".json")));
    p.label_shingles = shingles(p.label);
    pages.push_back(std::move(p));
  }
  std::sort(pages.begin(), pages.end(),
            [](const Page& a, const Page& b) { return a.name < b.name; });
  if (pages.empty())
    throw std::runtime_error("no NAME.html pages in " + dir.string());
  return pages;
}

std::string field(const byline::detail::PageMetadata& m, std::size_t i) {
  const std::string* values[] = {&m.title, &m.date, &m.source, &m.author, &m.url, &m.lang};
  return *values[i];
}

void run_byline_quality(Page& p) {
  const byline::detail::HtmlTree tree(p.html);
  const byline::detail::PageMetadata meta = byline::detail::extract_page_metadata(tree);
  p.body = byline::detail::extract_main_text(tree, meta.article_body);
  p.byline = score(shingles(p.body), p.label_shingles);
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    const std::string got = normalize_space(field(meta, i));
    const std::string want = normalize_space(p.expected.value(kFields[i], std::string()));
    p.got[i] = got;
    p.fields[i] = got == want ? kRight : got.empty() ? kMissing : kWrong;
  }
}

struct Timing {
  bool ran = false;
  std::string error;
  double cpu_s = 0, wall_s = 0, pages = 0, bytes = 0;
};

Timing time_byline(const std::vector<Page>& pages, int passes) {
  Timing t;
  std::size_t sink = 0;
  const auto cpu = thread_cpu_ns();
  const auto wall = steady_now_ns();
  for (int pass = 0; pass < passes; ++pass) {
    for (const Page& p : pages) {
      const byline::detail::HtmlTree tree(p.html);
      const auto meta = byline::detail::extract_page_metadata(tree);
      sink += byline::detail::extract_main_text(tree, meta.article_body).size() + meta.title.size();
    }
  }
  t.wall_s = seconds_since(wall);
  t.cpu_s = static_cast<double>(thread_cpu_ns() - cpu) / 1e9;
  t.ran = sink > 0;
  for (const Page& p : pages)
    t.bytes += static_cast<double>(p.html.size()) * passes;
  t.pages = static_cast<double>(pages.size()) * passes;
  return t;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

// Runs the readability peer; scores what it wrote into the pages.
Timing run_peer(const Settings& settings, std::vector<Page>& pages) {
  Timing t;
  if (!fs::exists(BYLINE_READABILITY_SCRIPT)) {
    t.error = "peer script missing: " BYLINE_READABILITY_SCRIPT;
    return t;
  }
  const fs::path out =
      fs::temp_directory_path() / ("byline_extraction_bench." + std::to_string(::getpid()));
  fs::remove_all(out);
  std::string command = shell_quote(settings.python) + " " +
                        shell_quote(BYLINE_READABILITY_SCRIPT) + " --passes " +
                        std::to_string(settings.passes) + " " + shell_quote(out.string());
  for (const Page& p : pages)
    command += " " + shell_quote((settings.pages / (p.name + ".html")).string());
  command += " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    t.error = "cannot run " + settings.python;
    return t;
  }
  std::string output;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, pipe))
    output.append(buf, n);
  const int status = ::pclose(pipe);
  const std::string last = output.substr(
      output.find_last_of('{') == std::string::npos ? output.size() : output.find_last_of('{'));
  nlohmann::json report = nlohmann::json::parse(last, nullptr, false);
  if (report.is_discarded() || !report.is_object() || report.contains("error") || status != 0) {
    t.error = report.is_object() && report.contains("error")
                  ? report["error"].get<std::string>()
                  : settings.python + " with python3-readability failed (exit status " +
                        std::to_string(status) + ")";
    fs::remove_all(out);
    return t;
  }
  t.ran = true;
  t.cpu_s = report.value("cpu_s", 0.0);
  t.wall_s = report.value("wall_s", 0.0);
  t.pages = report.value("pages", 0.0) * report.value("passes", 1.0);
  t.bytes = report.value("bytes", 0.0) * report.value("passes", 1.0);
  for (Page& p : pages) {
    const fs::path text = out / (p.name + ".txt");
    p.peer = score(shingles(fs::exists(text) ? read_file(text) : std::string()), p.label_shingles);
    p.peer_scored = true;
  }
  fs::remove_all(out);
  return t;
}

// --- Report ----------------------------------------------------------------

Score mean(const std::vector<Page>& pages, Score Page::*which) {
  Score m;
  for (const Page& p : pages) {
    m.precision += (p.*which).precision;
    m.recall += (p.*which).recall;
    m.f1 += (p.*which).f1;
  }
  const auto n = static_cast<double>(pages.size());
  return {m.precision / n, m.recall / n, m.f1 / n};
}

constexpr double kMB = 1024.0 * 1024.0;

nlohmann::json timing_json(const Timing& t) {
  if (!t.ran)
    return {{"available", false}, {"error", t.error}};
  return {{"available", true},
          {"pages", t.pages},
          {"cpu_s", t.cpu_s},
          {"wall_s", t.wall_s},
          {"pages_per_s_cpu", t.pages / t.cpu_s},
          {"pages_per_s_wall", t.pages / t.wall_s},
          {"mb_per_s_cpu", t.bytes / kMB / t.cpu_s},
          {"mb_per_s_wall", t.bytes / kMB / t.wall_s}};
}

nlohmann::json score_json(const Score& s) {
  return {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}};
}

void print_json(const std::vector<Page>& pages, const Timing& own, const Timing& peer) {
  nlohmann::json out;
  out["pages"] = pages.size();
  out["byline"] = {{"quality", score_json(mean(pages, &Page::byline))},
                   {"speed", timing_json(own)}};
  out["readability"] = {{"speed", timing_json(peer)}};
  if (peer.ran)
    out["readability"]["quality"] = score_json(mean(pages, &Page::peer));
  nlohmann::json fields;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    int right = 0, missing = 0, wrong = 0;
    for (const Page& p : pages)
      (p.fields[i] == kRight ? right : p.fields[i] == kMissing ? missing : wrong)++;
    fields[kFields[i]] = {
        {"accuracy", static_cast<double>(right) / static_cast<double>(pages.size())},
        {"right", right},
        {"missing", missing},
        {"wrong", wrong}};
  }
  out["byline"]["metadata"] = fields;
  nlohmann::json per_page = nlohmann::json::array();
  for (const Page& p : pages) {
    nlohmann::json row = {
        {"page", p.name}, {"bytes", p.html.size()}, {"byline", score_json(p.byline)}};
    if (p.peer_scored)
      row["readability"] = score_json(p.peer);
    for (std::size_t i = 0; i < kFieldCount; ++i) {
      if (p.fields[i] != kRight)
        row["metadata_errors"][kFields[i]] = {
            {"expected", p.expected.value(kFields[i], std::string())}, {"got", p.got[i]}};
    }
    per_page.push_back(row);
  }
  out["per_page"] = per_page;
  std::printf("%s\n", out.dump(2).c_str());
}

void print_tables(const Settings& settings, const std::vector<Page>& pages, const Timing& own,
                  const Timing& peer) {
  double total_bytes = 0;
  for (const Page& p : pages)
    total_bytes += static_cast<double>(p.html.size());
  std::printf("== Extraction: %zu labelled pages (%.0f KB of HTML) in %s, %d passes\n",
              pages.size(), total_bytes / 1024, settings.pages.c_str(), settings.passes);
  if (settings.verbose) {
    std::printf("\n%-30s %7s %20s %20s  %s\n", "page", "KB", "byline P/R/F1", "readability P/R/F1",
                "metadata misses (field: got)");
    for (const Page& p : pages) {
      char peer_cell[32] = "-";
      if (p.peer_scored)
        std::snprintf(peer_cell, sizeof peer_cell, "%.2f/%.2f/%.2f", p.peer.precision,
                      p.peer.recall, p.peer.f1);
      std::string misses;
      for (std::size_t i = 0; i < kFieldCount; ++i) {
        if (p.fields[i] != kRight)
          misses += std::string(misses.empty() ? "" : "; ") + kFields[i] + ": \"" + p.got[i] + "\"";
      }
      std::printf("%-30s %7.1f %8.2f/%.2f/%.2f %20s  %s\n", p.name.c_str(),
                  static_cast<double>(p.html.size()) / 1024, p.byline.precision, p.byline.recall,
                  p.byline.f1, peer_cell, misses.c_str());
    }
  }
  std::printf("\n%-12s %9s %9s %9s %12s %12s %10s %10s %9s %9s\n", "extractor", "P", "R", "F1",
              "pages/s cpu", "pages/s wall", "MB/s cpu", "MB/s wall", "cpu s", "wall s");
  const auto row = [&](const char* name, const Timing& t, const Score& s) {
    std::printf("%-12s %9.3f %9.3f %9.3f %12.0f %12.0f %10.2f %10.2f %9.3f %9.3f\n", name,
                s.precision, s.recall, s.f1, t.pages / t.cpu_s, t.pages / t.wall_s,
                t.bytes / kMB / t.cpu_s, t.bytes / kMB / t.wall_s, t.cpu_s, t.wall_s);
  };
  row("byline", own, mean(pages, &Page::byline));
  if (peer.ran)
    row("readability", peer, mean(pages, &Page::peer));
  else
    std::printf("%-12s unavailable: %s\n", "readability", peer.error.c_str());
  if (peer.ran && own.cpu_s > 0 && peer.cpu_s > 0)
    std::printf("byline is %.1fx readability's pages/s (CPU), %.1fx (wall)\n",
                (own.pages / own.cpu_s) / (peer.pages / peer.cpu_s),
                (own.pages / own.wall_s) / (peer.pages / peer.wall_s));
  std::printf(
      "P/R/F1: 4-word shingles (character 4-grams in CJK), mean over pages; byline's time is\n"
      "parse + metadata + main text; readability's is Document(html).summary() + tag strip.\n");

  std::printf("\n== Metadata (byline), exact after whitespace normalization\n");
  std::printf("%-8s %9s %7s %8s %6s\n", "field", "accuracy", "right", "missing", "wrong");
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    int right = 0, missing = 0, wrong = 0;
    for (const Page& p : pages)
      (p.fields[i] == kRight ? right : p.fields[i] == kMissing ? missing : wrong)++;
    std::printf("%-8s %9.3f %7d %8d %6d\n", kFields[i],
                static_cast<double>(right) / static_cast<double>(pages.size()), right, missing,
                wrong);
  }

  std::vector<const Page*> worst;
  for (const Page& p : pages)
    worst.push_back(&p);
  std::sort(worst.begin(), worst.end(),
            [](const Page* a, const Page* b) { return a->byline.f1 < b->byline.f1; });
  worst.resize(std::min<std::size_t>(5, worst.size()));
  std::printf("\n== Lowest F1 (byline)\n");
  for (const Page* p : worst)
    std::printf("%-30s P %.2f  R %.2f  F1 %.2f\n", p->name.c_str(), p->byline.precision,
                p->byline.recall, p->byline.f1);
}

bool parse_flag(Settings& s, const std::string& arg) {
  const auto value = [&](const char* name) -> const char* {
    const std::string prefix = std::string("--") + name + "=";
    return arg.rfind(prefix, 0) == 0 ? arg.c_str() + prefix.size() : nullptr;
  };
  if (const char* v = value("pages"))
    s.pages = v;
  else if (const char* v = value("passes"))
    s.passes = std::max(1, std::atoi(v));
  else if (const char* v = value("python"))
    s.python = v;
  else if (const char* v = value("dump"))
    s.dump = v;
  else if (arg == "--no-peer")
    s.peer = false;
  else if (arg == "--verbose")
    s.verbose = true;
  else if (arg == "--json")
    s.json = true;
  else
    return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    if (!parse_flag(settings, argv[i])) {
      std::fprintf(stderr,
                   "usage: byline_extraction_bench [--pages=DIR] [--passes=N] [--python=PATH]\n"
                   "                               [--no-peer] [--verbose] [--json] "
                   "[--dump=DIR]\n");
      return 2;
    }
  }
  try {
    std::vector<Page> pages = load_pages(settings.pages);
    for (Page& p : pages)
      run_byline_quality(p);
    if (!settings.dump.empty()) {
      fs::create_directories(settings.dump);
      for (const Page& p : pages)
        std::ofstream(settings.dump / (p.name + ".txt"), std::ios::binary) << p.body << "\n";
    }
    const Timing own = time_byline(pages, settings.passes);
    Timing peer;
    peer.error = "not run (--no-peer)";
    if (settings.peer)
      peer = run_peer(settings, pages);
    if (settings.json)
      print_json(pages, own, peer);
    else
      print_tables(settings, pages, own, peer);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "byline_extraction_bench: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
