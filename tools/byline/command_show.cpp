// byline show: one stored article, its fields and its body as indexed.
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

struct ShowCommand {
  std::string index;
  std::string id;
  bool json = false;
};

int run(const ShowCommand& cmd) {
  try {
    const Index index = open_index(resolve_index_path(cmd.index));
    Searcher searcher(index);
    const std::optional<Article> article = searcher.article(cmd.id);
    if (!article) {
      throw Error(Error::Kind::not_found,
                  "no article with id \"" + cmd.id + "\" in index " + index.path().string());
    }
    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    print_article(stdout, *article, cmd.json, Style(use_colour(stdout)),
                  terminal ? terminal_width(STDOUT_FILENO) : 0);
    return kExitOk;
  } catch (const Error& e) {
    return report_failure(e, {}, cmd.json);
  }
}

}  // namespace

void add_show_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<ShowCommand>();
  CLI::App* sub = app.add_subcommand(
      "show",
      "Print a stored article: its fields, then its text as indexed (what extraction kept)");
  sub->add_option("id", cmd->id, "The article's id (as search results show it)")->required();
  add_index_option(*sub, cmd->index);
  sub->add_flag("--json", cmd->json,
                "Print one JSON object: id, title, source, date, author, url, path, lang, body");
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
