// byline help: what --help shows, for the command or one of its commands;
// and the query language (docs/query-language.md, built in), which a
// query's user needs at hand as much as the options.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "byline/cli_definitions.hpp"
#include "byline/commands.hpp"
#include "byline/markdown_text.hpp"
#include "byline/pager.hpp"
#include "byline/query_language_page.hpp"
#include "byline/terminal.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

constexpr const char* kQueryTopic = "query";

int run(const CLI::App& app, const std::string& topic) {
  if (topic == kQueryTopic) {
    // A page of 260 lines: through the pager on a terminal, as man shows it.
    const std::string page =
        markdown_as_text(query_language_markdown(), text_width(terminal_width(STDOUT_FILENO)),
                         Style(use_colour(stdout)));
    show_text(stdout, page, /*interactive=*/true);
    return kExitOk;
  }
  // The help --help prints: the same formatter, the same name for the usage
  // line ("byline search").
  const CLI::App* about = topic.empty() ? &app : app.get_subcommand(topic);
  const std::string name = topic.empty() ? app.get_name() : app.get_name() + " " + topic;
  std::fputs(about->get_formatter()->make_help(about, name, CLI::AppFormatMode::Normal).c_str(),
             stdout);
  return kExitOk;
}

}  // namespace

void add_help_command(CLI::App& app, int& exit_code) {
  auto topic = std::make_shared<std::string>();
  // Every command listed so far, this one, and the query language.
  std::vector<std::string> topics;
  for (const CLI::App* command : listed_commands(app))
    topics.push_back(command->get_name());
  topics.emplace_back("help");
  topics.emplace_back(kQueryTopic);
  CLI::App* sub = app.add_subcommand(
      "help", "Show the options of byline or of a command (as --help does), or the query language");
  sub->add_option("topic", *topic,
                  "A command, or query: the query language (also the byline-query man page)")
      ->check(CLI::IsMember(topics));
  sub->callback([&app, topic, &exit_code] { exit_code = run(app, *topic); });
}

}  // namespace byline::cli
