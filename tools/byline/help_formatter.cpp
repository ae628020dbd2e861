#include "byline/help_formatter.hpp"

#include <algorithm>

#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

// Where the descriptions start: room for most options and their values
// ("--facet-top UINT=10"), leaving the descriptions 56 columns, about ten
// words a line.
constexpr std::size_t kNameColumn = 24;

// Each line of `text` wrapped on its own: a line of a description or
// footer is a paragraph, its breaks the author's.
std::string wrap_lines(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    out += wrap(text.substr(0, end), kHelpWidth, 0);
    out += '\n';
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return out;
}

}  // namespace

HelpFormatter::HelpFormatter() {
  column_width(kNameColumn);
}

std::string HelpFormatter::two_columns(std::string_view name, std::string_view description) const {
  // A name wider than a line (a positional's choices: "topic
  // TEXT:{index,remove,...}") is cut after a comma, the rest indented under
  // it: line breaking finds no break inside such a list.
  std::string out;
  bool cut = false;
  while (columns(name) > kHelpWidth) {
    const std::size_t comma = name.rfind(',', kHelpWidth - 1);
    if (comma == std::string_view::npos || comma < 4)
      break;
    out.append(name.substr(0, comma + 1)).append("\n    ");
    name.remove_prefix(comma + 1);
    cut = true;
  }
  out += name;
  if (description.empty())
    return out + "\n";
  if (!cut && columns(name) + 1 < kNameColumn) {
    out.append(kNameColumn - columns(name), ' ');
  } else {
    out += '\n';
    out.append(kNameColumn, ' ');
  }
  return out + wrap(description, kHelpWidth, kNameColumn) + "\n";
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  return two_columns("  " + make_option_name(option, is_positional) + make_option_opts(option),
                     make_option_desc(option));
}

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
  return two_columns("  " + command->get_display_name(true), command->get_description());
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  return wrap_lines(CLI::Formatter::make_description(app));
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  return wrap_lines(app->get_footer());
}

}  // namespace byline::cli
