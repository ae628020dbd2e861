// Running the byline command from a test: arguments, stdin, environment in;
// exit status, stdout and stderr out. Shared by the CLI test files.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace byline::test {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

// `arg` in single quotes for sh.
inline std::string quote(std::string_view arg) {
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the byline binary with `args`, feeding `input` on stdin, with extra
// environment assignments ("NAME=value") in front.
inline Run byline_run(const std::vector<std::string>& args, std::string_view input = {},
                      const std::vector<std::string>& env = {}) {
  TempDir io;
  write_file(io / "in", input);
  std::string command = "env -u BYLINE_INDEX";
  for (const auto& e : env)
    command.append(" ").append(quote(e));
  command.append(" ").append(quote(BYLINE_CLI));
  for (const auto& a : args)
    command.append(" ").append(quote(a));
  command.append(" <").append(quote((io / "in").string()));
  command.append(" >").append(quote((io / "out").string()));
  command.append(" 2>").append(quote((io / "err").string()));
  const int raw = std::system(command.c_str());
  return Run{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(io / "out"), slurp(io / "err")};
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace byline::test
