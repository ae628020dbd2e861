// byline remove: take articles out of the index by id.
#include <fmt/core.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

namespace {

struct RemoveCommand {
  std::string index;
  std::vector<std::string> ids;
  bool wait = false;
  bool json = false;
};

int run(const RemoveCommand& cmd) {
  try {
    IndexOptions options;
    options.mode = OpenMode::read_write;
    options.wait_for_lock = cmd.wait;
    Index index = open_index(resolve_index_path(cmd.index), options);
    Writer writer(index);
    std::vector<std::string> removed;
    std::vector<std::string> missing;
    std::set<std::string> seen;
    for (const std::string& id : cmd.ids) {
      if (!seen.insert(id).second)
        continue;  // given twice: removed (or missing) once
      (writer.remove(id) ? removed : missing).push_back(id);
    }
    // One batch: all the ids go, or (should the commit fail) none.
    writer.commit();

    if (cmd.json) {
      print_json(stdout, {{"index", index.path().string()},
                          {"removed", removed},
                          {"not_found", missing},
                          {"articles", index.article_count()}});
    } else {
      const Style err_style(use_colour(stderr));
      for (const std::string& id : missing) {
        print_error(stderr,
                    Error(Error::Kind::not_found,
                          "no article with id \"" + id + "\" in index " + index.path().string()),
                    {}, err_style);
      }
      fmt::print("Removed {}; {} now holds {}.\n", counted(removed.size(), "article"),
                 index.path().string(), counted(index.article_count(), "article"));
    }
    return missing.empty() ? kExitOk : kExitFailure;
  } catch (const Error& e) {
    return report_failure(e, {}, cmd.json);
  }
}

}  // namespace

void add_remove_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<RemoveCommand>();
  CLI::App* sub = app.add_subcommand("remove", "Remove articles from the index by id");
  sub->add_option("ids", cmd->ids, "The articles' ids (as search results show them)")->required();
  add_index_option(*sub, cmd->index);
  sub->add_flag("--wait", cmd->wait, "Wait for another writer to finish instead of failing");
  sub->add_flag("--json", cmd->json,
                "Print one JSON object: index, removed (ids), not_found (ids), articles (left)");
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
