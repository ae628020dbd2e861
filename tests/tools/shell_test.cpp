// The shell as a person sees it: driven through a pseudo-terminal, with
// keystrokes in and the screen's bytes out.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "byline/text_layout.hpp"
#include "test_support.hpp"

namespace {

// How the terminal is set up: its size, the environment beyond TERM, HOME
// and PAGER=cat (a value of "" unsets the variable), the folder the shell
// starts in.
struct Setup {
  unsigned short rows = 40;
  unsigned short columns = 100;
  std::map<std::string, std::string> env;
  std::filesystem::path folder;

  // (GCC's -Wextra frowns on partial designated initializers.)
  static Setup sized(unsigned short rows, unsigned short columns,
                     std::map<std::string, std::string> env = {}) {
    Setup setup;
    setup.rows = rows;
    setup.columns = columns;
    setup.env = std::move(env);
    return setup;
  }
};

class Terminal {
 public:
  Terminal(const std::string& index, const std::filesystem::path& state, const Setup& setup = {}) {
    winsize size{};
    size.ws_row = setup.rows;
    size.ws_col = setup.columns;
    pid_ = forkpty(&fd_, nullptr, nullptr, &size);
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      setenv("TERM", "xterm", 1);
      setenv("XDG_STATE_HOME", state.c_str(), 1);
      setenv("HOME", state.c_str(), 1);
      setenv("PAGER", "cat", 1);
      unsetenv("NO_COLOR");
      unsetenv("BYLINE_INDEX");
      unsetenv("LESS");
      for (const auto& [name, value] : setup.env) {
        if (value.empty()) {
          unsetenv(name.c_str());
        } else {
          setenv(name.c_str(), value.c_str(), 1);
        }
      }
      if (!setup.folder.empty() && chdir(setup.folder.c_str()) != 0)
        _exit(126);
      execl(BYLINE_CLI, BYLINE_CLI, "shell", "--index", index.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }

  [[nodiscard]] pid_t pid() const { return pid_; }

  ~Terminal() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(fd_);
  }

  void type(std::string_view keys) {
    REQUIRE(write(fd_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size()));
  }

  // Reads until `text` appears in what came since the last expect(); all of
  // it is then consumed. Fails after a few seconds.
  std::string expect(std::string_view text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (pending_.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) {
        FAIL("timed out waiting for [" << std::string(text) << "]; screen so far: [" << pending_
                                       << "]");
      }
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) {
        char buffer[4096];
        const ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n <= 0)
          break;
        pending_.append(buffer, static_cast<std::size_t>(n));
      }
    }
    const std::size_t end = pending_.find(text) + text.size();
    std::string seen = pending_.substr(0, end);
    pending_.erase(0, end);
    return seen;
  }

  int wait_exit() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      // Drain output so the child never blocks on a full pty; once it has
      // closed the pty, reads fail at once, so pause instead of spinning.
      char buffer[4096];
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0 || read(fd_, buffer, sizeof buffer) <= 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    MESSAGE("the shell is still running");
    return -2;
  }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
  std::string pending_;
};

constexpr std::string_view kPrompt = "byline> ";

// The seed corpus, and with `more` (JSON Lines) more articles, indexed.
std::string seed_index(const byline::test::TempDir& dir, const std::string& more = {}) {
  const std::string index = (dir / "idx").string();
  std::string command = std::string(BYLINE_CLI) + " index -q --index " + index + " " +
                        byline::test::corpus_dir().string();
  if (!more.empty()) {
    byline::test::write_file(dir / "more.jsonl", more);
    command += " " + (dir / "more.jsonl").string();
  }
  REQUIRE(std::system(command.c_str()) == 0);
  return index;
}

// The lines a terminal shows for `bytes`: the cursor motions readline uses
// (\r, \b, ESC[nC, ESC[nD, ESC[K, ESC[nP, ESC[n@) applied, styles and
// other sequences dropped, a column per code point (this is for Latin
// text).
std::vector<std::string> screen(std::string_view bytes) {
  std::vector<std::vector<std::string>> lines(1);
  std::size_t cursor = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto& cells = lines.back();
    const char c = bytes[i];
    if (c == '\r') {
      cursor = 0;
    } else if (c == '\n') {
      lines.emplace_back();
      cursor = 0;
    } else if (c == '\b') {
      cursor -= cursor > 0 ? 1 : 0;
    } else if (c == '\x1b' && i + 1 < bytes.size() && bytes[i + 1] == '[') {
      std::size_t end = i + 2;
      while (end < bytes.size() && !(bytes[end] >= '@' && bytes[end] <= '~'))
        ++end;
      if (end >= bytes.size())
        break;
      const std::string parameters(bytes.substr(i + 2, end - i - 2));
      const std::size_t n = parameters.empty() || parameters[0] == '?' ? 1 : std::stoul(parameters);
      switch (bytes[end]) {
        case 'C':
          cursor += n;
          break;
        case 'D':
          cursor -= std::min(cursor, n);
          break;
        case 'K':
          cells.resize(std::min(cells.size(), cursor));
          break;
        case 'P':
          if (cursor < cells.size())
            cells.erase(
                cells.begin() + static_cast<std::ptrdiff_t>(cursor),
                cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), cursor + n)));
          break;
        case '@':
          if (cursor < cells.size())
            cells.insert(cells.begin() + static_cast<std::ptrdiff_t>(cursor), n, " ");
          break;
        default:
          break;
      }
      i = end;
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      std::size_t length = 1;
      while (i + length < bytes.size() &&
             (static_cast<unsigned char>(bytes[i + length]) & 0xC0) == 0x80)
        ++length;
      if (cells.size() <= cursor)
        cells.resize(cursor + 1, " ");
      cells[cursor++] = std::string(bytes.substr(i, length));
      i += length - 1;
    }
  }
  std::vector<std::string> out;
  for (const auto& cells : lines) {
    std::string line;
    for (const auto& cell : cells)
      line += cell;
    out.push_back(line.substr(0, line.find_last_not_of(' ') + 1));
  }
  return out;
}

// The lines of what the shell wrote, its styles taken out.
std::vector<std::string> plain_lines(const std::string& output) {
  std::vector<std::string> out;
  std::istringstream in(byline::cli::strip_styles(output));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    out.push_back(line);
  }
  return out;
}

// CPU time a process has used, in clock ticks (user and system).
long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::vector<std::string> after_name;
  for (std::string f; fields >> f;)
    after_name.push_back(f);
  REQUIRE(after_name.size() > 13);
  return std::stol(after_name[11]) + std::stol(after_name[12]);  // utime, stime
}

constexpr std::string_view kJapanese =
    R"({"id": "ja_001", "title": "イラク支援で各国首脳が誓約、ISIL打倒へ国際連合", )"
    R"("source": "NHK ニュース", "date": "2014-09-16", "lang": "ja", "body": )"
    R"("パリで開かれた国際会議で、約三十か国の首脳や外相がイラク政府への軍事支援を含むあらゆる必要な)"
    R"(手段を講じることで合意した。会議にはケリー米国務長官やフランスのオランド大統領が出席し、過激派)"
    R"(組織イスラム国（ISIL）に対抗するための協力を確認した。イラクのマスーム大統領は、各国の迅速な支)"
    R"(援を求めた。"})"
    "\n";

}  // namespace

TEST_CASE("the interactive shell: prompt, highlighted hits, paging, filters, errors, history") {
  byline::test::TempDir dir;
  const std::string index = (dir / "idx").string();
  const std::string command = std::string(BYLINE_CLI) + " index -q --index " + index + " " +
                              byline::test::corpus_dir().string();
  REQUIRE(std::system(command.c_str()) == 0);

  Terminal term(index, dir / "state");
  term.expect("5 articles in");
  term.expect(kPrompt);

  // A query: the count, and titles in bold on a terminal.
  term.type("\"dirty hands\"\r");
  const std::string hits = term.expect(kPrompt);
  CHECK(hits.find("3 articles match \"dirty hands\"") != std::string::npos);
  CHECK(hits.find("\x1b[1mIraq wins pledge of military support against ISIS\x1b[0m") !=
        std::string::npos);
  // Each hit's best fragment, the phrase highlighted as one span, then the facets.
  CHECK(hits.find("they have \x1b[7mdirty hands\x1b[27m") != std::string::npos);
  CHECK(hits.find("source:  Al Jazeera 1 · BBC News 1 · News24 1") != std::string::npos);

  // Paging: Enter on an empty line shows the next page.
  term.type(":limit 2\r");
  term.expect(kPrompt);
  term.type("Iraq\r");
  CHECK(term.expect(kPrompt).find("1-2 of 5; Enter or :next for more") != std::string::npos);
  term.type("\r");
  const std::string page2 = term.expect(kPrompt);
  CHECK(page2.find("  3. ") != std::string::npos);
  CHECK(page2.find("  1. ") == std::string::npos);

  // A sticky filter shows in the prompt and narrows every query.
  term.type(":filter source:bbc\r");
  term.expect("byline [source:bbc]> ");
  term.type("Iraq\r");
  CHECK(term.expect("byline [source:bbc]> ").find("1 article matches") != std::string::npos);
  term.type(":clear\r");
  term.expect(kPrompt);

  // An error shows a caret under its position, and the shell goes on.
  term.type("Kerry \"dirty\r");
  const std::string error = term.expect(kPrompt);
  CHECK(error.find("unbalanced quote") != std::string::npos);
  CHECK(error.find("  Kerry \"dirty\r\n        \x1b[31m^") != std::string::npos);

  // Ctrl-C drops the line being typed, not the shell.
  term.type("xyz");
  term.expect("xyz");
  term.type("\x03");
  term.expect(kPrompt);
  term.type("Steinmeier\r");
  CHECK(term.expect(kPrompt).find("1 article matches Steinmeier") != std::string::npos);

  // The up arrow recalls earlier lines.
  term.type(":limit 10\r");
  term.expect(kPrompt);
  term.type("\x1b[A\x1b[A\r");
  CHECK(term.expect(kPrompt).find("1 article matches Steinmeier") != std::string::npos);

  // :open shows the whole article, its matches highlighted.
  term.type(":open 1\r");
  CHECK(term.expect(kPrompt).find(
            "German Foreign Minister Frank-Walter \x1b[7mSteinmeier\x1b[27m") != std::string::npos);
  term.type(":facets month\r");
  CHECK(term.expect(kPrompt).find("month:  2014-09 1") != std::string::npos);

  // Ctrl-D leaves, and the history is kept for next time.
  term.type("\x04");
  CHECK(term.wait_exit() >= 0);
  std::ifstream history(dir / "state" / "byline" / "history");
  std::stringstream saved;
  saved << history.rdbuf();
  CHECK(saved.str().find("Steinmeier") != std::string::npos);
}

TEST_CASE("the shell: a line recalled from history is drawn after the prompt, not over it") {
  byline::test::TempDir dir;
  const std::string index = seed_index(dir);
  Terminal term(index, dir / "state");
  term.expect(kPrompt);
  term.type("# a line longer than the prompt's escape codes\r");
  term.expect(kPrompt);
  term.type("# short\r");
  // Readline moves the cursor by what it takes to be the prompt's width: the
  // codes that make it bold must not count.
  std::string line = term.expect(kPrompt);
  term.type("\x1b[A");
  line += term.expect("short");
  term.type("\x1b[A");
  line += term.expect("codes");
  term.type("\x1b[B");
  line += term.expect("short\x1b[K");  // and the rest of the line cleared
  CHECK(screen(line).back() == "byline> # short");
  term.type("\x1b[A");
  CHECK(screen(line + term.expect("codes")).back() ==
        "byline> # a line longer than the prompt's escape codes");
}

TEST_CASE("the shell wraps every line to the terminal's width, Japanese text too") {
  byline::test::TempDir dir;
  const std::string index = seed_index(dir, std::string(kJapanese));
  Terminal term(index, dir / "state", Setup::sized(100, 40));
  term.expect(kPrompt);
  term.type("イラク\r");
  const auto japanese = plain_lines(term.expect(kPrompt));
  // The snippet: lines of 40 columns at most, broken between characters.
  CHECK(std::find(japanese.begin(), japanese.end(),
                  std::string("     パリで開かれた国際会議で、約三十か")) != japanese.end());
  CHECK(std::find(japanese.begin(), japanese.end(), std::string("     倒へ国際連合")) !=
        japanese.end());
  for (const std::string& line : japanese)
    CHECK(byline::cli::columns(line) <= 40);
  // Titles, sources, facets, errors, :help: everything.
  for (std::string_view keys :
       {"Iraq\r", "Kery pledge support coalition military against\r", ":help\r", ":facets source\r",
        "title:(\r", ":bogus with a long explanation of what it is\r"}) {
    term.type(keys);
    auto lines = plain_lines(term.expect(kPrompt));
    lines.erase(lines.begin());  // the line typed, which readline wraps itself
    for (const std::string& line : lines)
      CHECK_MESSAGE(byline::cli::columns(line) <= 40, "[" << line << "]");
  }
}

TEST_CASE("the shell cuts a long query's error to about 60 columns, the caret under its place") {
  byline::test::TempDir dir;
  const std::string index = seed_index(dir);
  Terminal term(index, dir / "state");
  term.expect(kPrompt);
  std::string query;
  for (int k = 0; k < 20; ++k)
    query += "ceasefire ";
  query += "\"dirty";
  for (int k = 0; k < 8; ++k)
    query += " talks ago";
  term.type(query + "\r");
  const auto lines = plain_lines(term.expect(kPrompt));
  const auto error = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find("unbalanced quote") != std::string::npos;
  });
  REQUIRE(error != lines.end());
  CHECK(error->find("(at byte 200)") != std::string::npos);
  REQUIRE(std::distance(error, lines.end()) >= 3);
  const std::string& shown = *(error + 1);
  const std::string& caret = *(error + 2);
  CHECK(byline::cli::columns(shown) <= 64);  // 60 and the "…"s, after a 2-column indent
  CHECK(shown.find("…") != std::string::npos);
  CHECK(shown.find("ceasefire \"dirty talks") != std::string::npos);
  // A column per character here (ASCII but the "…"s): the caret's column
  // in the line above holds the quote.
  REQUIRE(caret.ends_with("^"));
  std::string cells;
  for (std::size_t i = 0; i < shown.size();) {
    const bool ellipsis = shown.compare(i, 3, "…") == 0;
    cells += ellipsis ? '.' : shown[i];
    i += ellipsis ? 3 : 1;
  }
  CHECK(cells[caret.size() - 1] == '"');
  term.type("\x04");
  CHECK(term.wait_exit() >= 0);
}

TEST_CASE("the shell keeps text to a readable width on a very wide terminal") {
  byline::test::TempDir dir;
  const std::string index = seed_index(dir);
  Terminal term(index, dir / "state", Setup::sized(100, 220));
  term.expect(kPrompt);
  term.type("Iraq\r");
  std::size_t widest = 0;
  for (const std::string& line : plain_lines(term.expect(kPrompt)))
    widest = std::max(widest, byline::cli::columns(line));
  CHECK(widest <= byline::cli::kMaxTextWidth);
  CHECK(widest > 80);
}

TEST_CASE("the shell pages results taller than the terminal, and less shows their colours") {
  byline::test::TempDir dir;
  const std::string index = seed_index(dir);
  // A pager that says how it was called, then shows its input as `cat -v`
  // does (ESC as ^[).
  byline::test::write_file(dir / "bin" / "less",
                           "#!/bin/sh\necho \"[less\" \"$@\" \"LESS=$LESS]\"\ncat -v\n");
  REQUIRE(std::system(("chmod +x " + (dir / "bin" / "less").string()).c_str()) == 0);
  const std::string less = (dir / "bin" / "less").string();
  {
    Terminal term(index, dir / "state", Setup::sized(12, 100, {{"PAGER", less}}));
    term.expect(kPrompt);
    // A screenful: not paged.
    term.type(":limit 1\r");
    term.expect(kPrompt);
    term.type("Steinmeier\r");
    CHECK(term.expect(kPrompt).find("[less") == std::string::npos);
    // Five hits: through the pager, with LESS set for colours as git sets it.
    term.type(":limit 5\r");
    term.expect(kPrompt);
    term.type("Iraq\r");
    const std::string paged = term.expect(kPrompt);
    CHECK(paged.find("[less LESS=FRX]") != std::string::npos);
    CHECK(paged.find("^[[1m") != std::string::npos);
    // :open too.
    term.type(":open 1\r");
    CHECK(term.expect(kPrompt).find("[less LESS=FRX]") != std::string::npos);
  }
  {
    // LESS without -R: less would show the colours' codes, so they go.
    Terminal term(index, dir / "state", Setup::sized(12, 100, {{"PAGER", less}, {"LESS", "-i"}}));
    term.expect(kPrompt);
    term.type("Iraq\r");
    const std::string paged = term.expect(kPrompt);
    CHECK(paged.find("[less LESS=-i]") != std::string::npos);
    CHECK(paged.find("5 articles match Iraq") != std::string::npos);
    CHECK(paged.find("^[") == std::string::npos);
  }
  {
    // PAGER unset: less -RFX (here, the one in the folder on PATH).
    const std::string path = (dir / "bin").string() + ":" + std::getenv("PATH");
    Terminal term(index, dir / "state", Setup::sized(12, 100, {{"PAGER", ""}, {"PATH", path}}));
    term.expect(kPrompt);
    term.type("Iraq\r");
    CHECK(term.expect(kPrompt).find("[less -RFX LESS=FRX]") != std::string::npos);
  }
}

TEST_CASE("the shell completes commands, fields and the index's values with Tab") {
  byline::test::TempDir dir;
  const std::string index = seed_index(dir);
  // A file the shell's folder holds: Tab must not offer it.
  byline::test::write_file(dir / "work" / "Iraqi-notes.txt", "x");
  Setup in_folder;
  in_folder.folder = dir / "work";
  Terminal term(index, dir / "state", in_folder);
  term.expect(kPrompt);
  // Readline writes what a completion adds to the line: the checks look
  // for that, then for the line as run.
  term.type(":so\t");
  term.expect("rt ");
  term.type("ne\t");
  term.expect("west ");
  term.type("\r");
  term.expect("Sorting by newest.");
  term.expect(kPrompt);
  // Field names, without a space after them.
  term.type("ti\t");
  term.expect("tle:");
  term.type("Iraq source:bb\t");
  term.expect("\"BBC News\" ");
  term.type("date:20\t");
  term.expect("14 ");
  term.type("\r");
  CHECK(term.expect(kPrompt).find("1 article matches title:Iraq source:\"BBC News\" date:2014") !=
        std::string::npos);
  // Inside quotes: the value, closed.
  term.type("source:\"Al\t");
  term.expect("Jazeera\" ");
  term.type("\r");
  CHECK(term.expect(kPrompt).find("1 article matches source:\"Al Jazeera\"") != std::string::npos);
  // :filter's argument is a query.
  term.type(":filter -sou\t");
  term.expect("rce:");
  term.type("News2\t");
  term.expect("4 ");
  term.type("\r");
  term.expect("Filter added: -source:News24");
  term.expect("byline [-source:News24]> ");
  // No file names.
  term.type(":clear\r");
  term.expect(kPrompt);
  term.type("Iraqi-n\tX\r");
  CHECK(term.expect(kPrompt).find("0 articles match Iraqi-nX") != std::string::npos);
}

TEST_CASE("Ctrl-C stops a slow search: the prompt comes back and the search stops using a core") {
  byline::test::TempDir dir;
  // In an index made before format 5 an exact phrase is checked against
  // each article's stored text: with common words in 1000 articles, that
  // takes a second or two.
  std::string articles;
  unsigned seed = 1;
  const char* words[] = {"the", "of", "and", "to", "in", "a", "is", "that", "for", "it"};
  for (int i = 0; i < 1000; ++i) {
    std::string body;
    for (int w = 0; w < 300; ++w) {
      seed = seed * 1103515245 + 12345;
      body += std::string(w == 0 ? "" : " ") + words[(seed >> 16) % 10];
    }
    articles += R"({"id": "m)" + std::to_string(i) + R"(", "body": ")" + body + "\"}\n";
  }
  byline::test::write_file(dir / "many.jsonl", articles);
  const std::string index = (dir / "idx").string();
  REQUIRE(std::system((std::string(BYLINE_CLI) + " index -q --index " + index + " " +
                       (dir / "many.jsonl").string())
                          .c_str()) == 0);
  {
    Xapian::WritableDatabase db(index);
    db.set_metadata("byline.exact_positions", "");
    db.commit();
  }
  Terminal term(index, dir / "state");
  term.expect(kPrompt);
  term.type("=\"the of and\"\r");
  // After a moment, it says it is searching.
  term.expect("searching… (Ctrl-C to stop)");
  const auto start = std::chrono::steady_clock::now();
  term.type("\x03");
  term.expect("Search interrupted.");
  term.expect(kPrompt);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  // The search has stopped: the shell, waiting at its prompt, uses no CPU.
  const long before = cpu_ticks(term.pid());
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  CHECK(cpu_ticks(term.pid()) - before <= 5);  // ticks are 10 ms
  // And the shell goes on.
  term.type("m1 OR m2\r");
  term.expect(kPrompt);
}

TEST_CASE("the shell: :collapse pages through the hits left once copies are folded") {
  byline::test::TempDir dir;
  // Two outlets' prints of one wire story, word for word: one group.
  const std::string wire =
      "Health officials in Monrovia said on Saturday that the number of patients admitted to "
      "treatment centres had risen sharply during the week, and that new beds were being added "
      "as quickly as supplies allowed. The ministry asked families to bring sick relatives to "
      "the clinics rather than caring for them at home, where the virus spreads among those who "
      "wash and feed the patient. Aid groups said they were short of protective suits, chlorine "
      "and trained nurses, and that several hospitals in the capital had closed their doors "
      "after staff fell ill. The government extended a curfew in the worst-hit districts.";
  const std::string index =
      seed_index(dir, R"({"id": "wire-a", "title": "Liberia adds beds", "source": "Reuters", )"
                      R"("date": "2014-09-20", "body": ")" +
                          wire +
                          "\"}\n"
                          R"({"id": "wire-b", "title": "Liberia struggles", "source": "AP", )"
                          R"("date": "2014-09-20", "body": ")" +
                          wire + "\"}\n");
  Terminal term(index, dir / "state");
  term.expect(kPrompt);
  term.type(":col\t");
  term.expect("lapse ");
  term.type("on\r");
  term.expect("Near-duplicates collapsed");
  term.expect(kPrompt);
  term.type(":limit 2\r");
  term.expect(kPrompt);
  // Seven articles, six hits: the pages count the hits.
  term.type("*\r");
  const std::string first = term.expect(kPrompt);
  CHECK(first.find("7 articles match *, 6 after collapsing near-duplicates") != std::string::npos);
  CHECK(first.find("1-2 of 6; Enter or :next for more") != std::string::npos);
  term.type("\r");
  CHECK(term.expect(kPrompt).find("3-4 of 6; Enter or :next for more") != std::string::npos);
  term.type("Monrovia\r");
  const std::string copy = term.expect(kPrompt);
  CHECK(copy.find("and 1 near-identical copy: ") != std::string::npos);
  CHECK(copy.find("Enter or :next") == std::string::npos);  // one hit: one page
}
