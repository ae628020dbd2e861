#include "byline/cli_definitions.hpp"

#include <algorithm>
#include <string_view>

namespace byline::cli {

namespace {

// "a,b,c" as {"a", "b", "c"}.
std::vector<std::string> split_commas(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const std::size_t comma = std::min(list.find(','), list.size());
    out.emplace_back(list.substr(0, comma));
    list.remove_prefix(std::min(comma + 1, list.size()));
  }
  return out;
}

}  // namespace

OptionValue option_value(const CLI::Option& option) {
  OptionValue value;
  if (option.get_expected_max() == 0)
    return value;  // a flag
  // CLI11 shows the type, then each check's description after a colon:
  // "UINT:UINT in [0 - 10000]", "TEXT:{relevance,newest,oldest}".
  const std::string full = option.get_type_name();
  const std::size_t colon = full.find(':');
  value.type = full.substr(0, colon);
  if (colon != std::string::npos)
    value.constraint = full.substr(colon + 1);
  // CLI::IsMember describes itself as the set it allows, in braces.
  if (value.constraint.size() >= 2 && value.constraint.front() == '{' &&
      value.constraint.back() == '}')
    value.choices =
        split_commas(std::string_view(value.constraint).substr(1, value.constraint.size() - 2));
  value.kind = value.type == kPathValue || value.type == kFileValue ? OptionValue::Kind::path
                                                                    : OptionValue::Kind::text;
  value.optional = option.get_expected_min() == 0;
  value.repeated = option.get_expected_max() > 1;
  return value;
}

std::vector<std::string> option_names(const CLI::Option& option) {
  std::vector<std::string> out;
  for (const std::string& name : option.get_snames())
    out.push_back("-" + name);
  for (const std::string& name : option.get_lnames())
    out.push_back("--" + name);
  if (out.empty())
    out.push_back(option.get_name(/*positional=*/true));
  return out;
}

std::vector<const CLI::App*> listed_commands(const CLI::App& app) {
  // CLI11 hides a subcommand whose group is empty.
  return app.get_subcommands([](const CLI::App* command) {
    return !command->get_group().empty() && !command->get_name().empty();
  });
}

std::vector<const CLI::Option*> named_options(const CLI::App& command) {
  return command.get_options([](const CLI::Option* option) {
    return option->nonpositional() && !option->get_group().empty();
  });
}

std::vector<const CLI::Option*> positionals(const CLI::App& command) {
  return command.get_options([](const CLI::Option* option) { return option->get_positional(); });
}

}  // namespace byline::cli
