// The shell as a person sees it: driven through a pseudo-terminal, with
// keystrokes in and the screen's bytes out.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "test_support.hpp"

namespace {

class Terminal {
 public:
  Terminal(const std::string& index, const std::filesystem::path& state) {
    winsize size{};
    size.ws_row = 40;
    size.ws_col = 100;
    pid_ = forkpty(&fd_, nullptr, nullptr, &size);
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      setenv("TERM", "xterm", 1);
      setenv("XDG_STATE_HOME", state.c_str(), 1);
      setenv("HOME", state.c_str(), 1);
      setenv("PAGER", "cat", 1);
      unsetenv("NO_COLOR");
      unsetenv("BYLINE_INDEX");
      execl(BYLINE_CLI, BYLINE_CLI, "shell", "--index", index.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }

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
