// byline stats: what an index holds.
#include <memory>
#include <string>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

namespace {

struct StatsCommand {
  std::string index;
  bool json = false;
};

int run(const StatsCommand& cmd) {
  try {
    const Index index = open_index(resolve_index_path(cmd.index));
    print_stats(stdout, index.stats(), index.path().string(), cmd.json, Style(use_colour(stdout)));
    return kExitOk;
  } catch (const Error& e) {
    return report_failure(e, {}, cmd.json);
  }
}

}  // namespace

void add_stats_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<StatsCommand>();
  CLI::App* sub = app.add_subcommand(
      "stats", "What the index holds: articles, words, sources, authors, dates, size on disk");
  add_index_option(*sub, cmd->index);
  sub->add_flag("--json", cmd->json, "Print one JSON object");
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
