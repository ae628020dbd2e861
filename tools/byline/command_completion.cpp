// byline completion: the script that completes byline's commands, options
// and their values in a shell (completions.hpp), for a shell that did not
// get it installed.
#include <cstdio>
#include <memory>
#include <string>

#include "byline/commands.hpp"
#include "byline/completions.hpp"

namespace byline::cli {

void add_completion_command(CLI::App& app, int& exit_code) {
  auto shell = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "completion", "Print the shell script that completes byline's commands and options");
  sub->add_option("shell", *shell,
                  "The shell. Installed, byline completes by itself; else load the script with "
                  "source <(byline completion bash) (or zsh), or in fish: byline completion "
                  "fish | source")
      ->required()
      ->check(CLI::IsMember(completion_shells()));
  sub->callback([&app, shell, &exit_code] {
    std::fputs(completion_script(*shell, app).c_str(), stdout);
    exit_code = kExitOk;
  });
}

}  // namespace byline::cli
