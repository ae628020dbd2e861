// byline man-page (not listed by --help): a man page as roff, written from
// the command's definitions and its built-in documentation
// (man_pages.hpp). The build runs it to write the pages it installs.
#include <cstdio>
#include <memory>
#include <string>

#include "byline/commands.hpp"
#include "byline/man_pages.hpp"

namespace byline::cli {

void add_man_page_command(CLI::App& app, int& exit_code) {
  auto name = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("man-page", "Print a man page as roff");
  sub->group("");  // CLI11 lists no subcommand of the empty group
  sub->add_option("page", *name, "The page's file name")
      ->required()
      ->check(CLI::IsMember(man_page_names()));
  sub->callback([&app, name, &exit_code] {
    std::fputs(man_page(*name, app).c_str(), stdout);
    exit_code = kExitOk;
  });
}

}  // namespace byline::cli
