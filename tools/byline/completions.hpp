// Shell completion scripts for the byline command, written from its CLI11
// definitions (what --help shows), so that they complete what the command
// takes: its commands, their options, the values an option allows (--sort
// newest), and files and folders where it takes a path (--index, the inputs
// of `byline index`). `byline completion SHELL` prints them; the build
// installs them where each shell looks.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace byline::cli {

// The shells there is a script for: "bash", "zsh", "fish".
[[nodiscard]] std::vector<std::string> completion_shells();

// The script for `shell` (one of completion_shells()) completing `app`, the
// command's root. Empty for another shell.
[[nodiscard]] std::string completion_script(std::string_view shell, const CLI::App& app);

}  // namespace byline::cli
