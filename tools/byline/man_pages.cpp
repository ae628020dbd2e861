#include "byline/man_pages.hpp"

#include "byline/cli_definitions.hpp"
#include "byline/commands.hpp"
#include "byline/markdown.hpp"
#include "byline/query_language_page.hpp"
#include "byline/roff.hpp"
#include "byline/version.hpp"

namespace byline::cli {

namespace {

// "byline index [OPTIONS] inputs...", as roff.
std::string usage(const CLI::App& command) {
  std::string out = roff::bold("byline " + command.get_name());
  if (!named_options(command).empty())
    out += " [" + roff::italic("OPTIONS") + "]";
  for (const CLI::Option* positional : positionals(command)) {
    const OptionValue value = option_value(*positional);
    std::string name = roff::italic(positional->get_name(/*positional=*/true));
    if (value.repeated)
      name += "...";
    out += " " + (positional->get_required() ? name : "[" + name + "]");
  }
  return out;
}

// ".TP" paragraph of an option: "-n, --limit UINT", then its description,
// the values it allows and its default.
std::string option_entry(const CLI::Option& option) {
  const OptionValue value = option_value(option);
  std::string names;
  if (option.get_positional()) {
    names = roff::italic(option.get_name(/*positional=*/true));
  } else {
    for (const std::string& name : option_names(option))
      names += (names.empty() ? "" : ", ") + roff::bold(name);
    if (value.kind != OptionValue::Kind::none) {
      const std::string type = roff::italic(value.type);
      names += " " + (value.optional ? "[" + type + "]" : type);
    }
  }
  std::string out = ".TP\n" + names + "\n" + roff::escaped(option.get_description()) + "\n";
  std::string values;
  if (!value.choices.empty()) {
    for (const std::string& choice : value.choices)
      values += (values.empty() ? "" : ", ") + roff::bold(choice);
  } else if (!value.constraint.empty()) {
    values = roff::escaped(value.constraint);
  }
  std::string facts;
  if (!values.empty())
    facts = "Values: " + values;
  if (!option.get_default_str().empty())
    facts += (facts.empty() ? "Default: " : "; default: ") + roff::bold(option.get_default_str());
  if (!facts.empty())
    out += ".br\n" + facts + ".\n";
  return out;
}

// The page's header: a comment saying where it comes from, then .TH.
std::string header(std::string_view title, int section, std::string_view source) {
  return ".\\\" Written by `byline man-page` from " + std::string(source) +
         ".\n.\\\" Do not edit: change that instead.\n.TH " + std::string(title) + " " +
         std::to_string(section) + " \"\" \"byline " + std::string(version()) + "\" \"byline\"\n";
}

std::string command_page(const CLI::App& app) {
  // "byline: full-text search for news articles, on Xapian and ICU.": the
  // part after "byline: " says what byline is, as NAME wants it.
  std::string summary = app.get_description();
  if (const std::string prefix = app.get_name() + ": "; summary.starts_with(prefix))
    summary.erase(0, prefix.size());
  if (summary.ends_with('.'))
    summary.pop_back();

  std::string out = header("BYLINE", 1, "the command's definitions (what --help shows)");
  out += ".SH NAME\nbyline \\- " + roff::escaped(summary) + "\n";
  out += ".SH SYNOPSIS\n.nf\n";
  for (const CLI::App* command : listed_commands(app))
    out += usage(*command) + "\n";
  out += roff::bold("byline --version") + "\n.fi\n";

  out += ".SH DESCRIPTION\n" + roff::escaped(app.get_description()) + "\n";
  out += ".PP\n" + roff::escaped(kIndexLocationHelp) + "\n";
  out += ".PP\nQueries are written in byline's query language: see " +
         roff::bold("byline help query") + " or\n.BR byline\\-query (7).\n";

  out += ".SH OPTIONS\n";
  for (const CLI::Option* option : named_options(app))
    out += option_entry(*option);
  out += ".PP\nEvery command also takes " + roff::bold("-h") + ", " + roff::bold("--help") +
         ", which shows its options.\n";

  out += ".SH COMMANDS\n";
  for (const CLI::App* command : listed_commands(app)) {
    out += ".SS\n" + roff::literal("byline " + command->get_name()) + "\n";
    out += usage(*command) + "\n.PP\n" + roff::escaped(command->get_description()) + "\n";
    for (const CLI::Option* positional : positionals(*command))
      out += option_entry(*positional);
    for (const CLI::Option* option : named_options(*command)) {
      if (option != command->get_help_ptr())
        out += option_entry(*option);
    }
  }

  // What the commands read from their environment (index_location.cpp,
  // pager.cpp, terminal.cpp, text_layout.cpp).
  out += R"(.SH ENVIRONMENT
.TP
.B BYLINE_INDEX
The index when \-\-index is not given.
.TP
.B XDG_DATA_HOME
Without \-\-index and BYLINE_INDEX, the index is $XDG_DATA_HOME/byline/index
(~/.local/share/byline/index when XDG_DATA_HOME is not set).
.TP
.B XDG_STATE_HOME
The shell keeps its history in $XDG_STATE_HOME/byline/history
(~/.local/state/byline/history when XDG_STATE_HOME is not set).
.TP
.B PAGER
The pager long text goes through on a terminal; less \-RFX when it is
not set, none when it is empty or cat.
.TP
.B NO_COLOR
When set and not empty, no colours (neither are there when TERM is dumb or
not set, or the output is not a terminal).
.TP
.B COLUMNS
The width text is laid out at when the output is not a terminal.
)";
  out += ".SH EXIT STATUS\n" + roff::escaped(kExitStatusHelp) + "\n";
  out += ".SH SEE ALSO\n.BR byline\\-query (7)\n";
  return out;
}

std::string query_language_page() {
  const std::string_view markdown = query_language_markdown();
  // The page's title, its first "#" heading, is what NAME says.
  std::string title = "the byline query language";
  for (const markdown::Block& block : markdown::parse_blocks(markdown)) {
    if (block.kind == markdown::Block::Kind::heading && block.level == 1) {
      title = markdown::plain_text(block.text);
      if (!title.empty() && title[0] >= 'A' && title[0] <= 'Z')
        title[0] = static_cast<char>(title[0] - 'A' + 'a');
      break;
    }
  }
  // "'\" t" first: man runs tbl(1) for the tables.
  std::string out = "'\\\" t\n" + header("BYLINE-QUERY", 7, "docs/query-language.md");
  out += ".SH NAME\nbyline\\-query \\- " + roff::escaped(title) + "\n.SH DESCRIPTION\n";
  out += roff::from_markdown(markdown);
  out += ".SH SEE ALSO\n.BR byline (1)\n";
  return out;
}

}  // namespace

std::vector<std::string> man_page_names() {
  return {"byline.1", "byline-query.7"};
}

std::string man_page(std::string_view name, const CLI::App& app) {
  if (name == "byline.1")
    return command_page(app);
  if (name == "byline-query.7")
    return query_language_page();
  return {};
}

}  // namespace byline::cli
