#include "byline/completions.hpp"

#include "byline/cli_definitions.hpp"

namespace byline::cli {

namespace {

using Kind = OptionValue::Kind;

std::string joined(const std::vector<std::string>& words, std::string_view separator = " ") {
  std::string out;
  for (const std::string& word : words)
    out += (out.empty() ? "" : std::string(separator)) + word;
  return out;
}

// `text` in single quotes, for bash and zsh.
std::string sh_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// What completes after an option (or at a positional argument): a flag and
// a value that may be left out take nothing; --timeline may be followed by
// the query.
bool takes_value(const OptionValue& value) {
  return value.kind != Kind::none && !value.optional;
}

// The options' names of `command`, as completed after a "-".
std::vector<std::string> all_names(const CLI::App& command) {
  std::vector<std::string> out;
  for (const CLI::Option* option : named_options(command)) {
    for (const std::string& name : option_names(*option))
      out.push_back(name);
  }
  return out;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* command : listed_commands(app))
    out.push_back(command->get_name());
  return out;
}

// What completes where `command` takes a positional argument (the first;
// byline's commands take one kind): its choices, files, or nothing.
const CLI::Option* first_positional(const CLI::App& command) {
  const auto list = positionals(command);
  return list.empty() ? nullptr : list.front();
}

// --- bash -------------------------------------------------------------------

// A bash `case` branch completing `command`'s options' values and
// arguments; `cur` and `prev` are the words being completed and before it.
std::string bash_branch(const CLI::App& command, std::string_view label) {
  std::vector<std::string> paths;
  std::vector<std::string> typed;
  std::string choices;
  for (const CLI::Option* option : named_options(command)) {
    const OptionValue value = option_value(*option);
    if (!takes_value(value))
      continue;
    const std::string names = joined(option_names(*option), " | ");
    if (!value.choices.empty()) {
      choices += "        " + names + ")\n          _byline_words " +
                 sh_quoted(joined(value.choices)) + " \"$cur\"\n          return\n          ;;\n";
    } else if (value.kind == Kind::path) {
      paths.push_back(names);
    } else {
      typed.push_back(names);
    }
  }
  std::string out = "    " + std::string(label) + ")\n      case $prev in\n";
  if (!paths.empty())
    out += "        " + joined(paths, " | ") +
           ")\n          _byline_files \"$cur\"\n          return\n          ;;\n";
  out += choices;
  if (!typed.empty())
    out += "        " + joined(typed, " | ") +
           ")\n          return  # a value to type\n          ;;\n";
  out += "      esac\n";
  out += "      if [[ $cur == -* ]]; then\n        _byline_words " +
         sh_quoted(joined(all_names(command))) + " \"$cur\"\n";
  if (const CLI::Option* positional = first_positional(command)) {
    const OptionValue value = option_value(*positional);
    if (!value.choices.empty()) {
      out +=
          "      else\n        _byline_words " + sh_quoted(joined(value.choices)) + " \"$cur\"\n";
    } else if (value.kind == Kind::path) {
      out += "      else\n        _byline_files \"$cur\"\n";
    }
  }
  return out + "      fi\n      ;;\n";
}

std::string bash_script(const CLI::App& app) {
  std::string out = R"(# bash completion for byline, written by `byline completion bash` from the
# command's definitions. Installed as bash-completion/completions/byline;
# else load it with: source <(byline completion bash)

# _byline_words WORDS CURRENT: the words that start with CURRENT.
_byline_words() {
  mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# _byline_files CURRENT: the files and folders whose path starts with CURRENT.
_byline_files() {
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

_byline() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  # "--index=PATH" is three words to bash: "--index", "=", "PATH".
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = && COMP_CWORD -ge 2 ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  # The command is the first word after byline that is not an option.
  local command= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} != -* && ${COMP_WORDS[i]} != = ]]; then
      command=${COMP_WORDS[i]}
      break
    fi
  done
  COMPREPLY=()
  case $command in
)";
  out += "    '')\n      if [[ $cur == -* ]]; then\n        _byline_words " +
         sh_quoted(joined(all_names(app))) + " \"$cur\"\n      else\n        _byline_words " +
         sh_quoted(joined(command_names(app))) + " \"$cur\"\n      fi\n      ;;\n";
  for (const CLI::App* command : listed_commands(app))
    out += bash_branch(*command, command->get_name());
  out += "  esac\n}\n\ncomplete -F _byline byline\n";
  return out;
}

// --- zsh --------------------------------------------------------------------

// `text` for the brackets of an _arguments spec, "]" and "\\" escaped.
std::string zsh_description(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ']' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

// `text` for a message of an _arguments spec (between colons).
std::string zsh_message(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ':' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

// ":message:action" for a value: files, a choice, or a word to type.
std::string zsh_value(const CLI::Option& option, const OptionValue& value) {
  std::string message = option.get_positional()       ? option.get_name(/*positional=*/true)
                              : option.get_lnames().empty() ? option.get_snames().front()
                                                      : option.get_lnames().front();
  std::string action = " ";
  if (!value.choices.empty())
    action = "(" + joined(value.choices) + ")";
  else if (value.kind == Kind::path)
    action = "_files";
  return ":" + zsh_message(message) + ":" + action;
}

// _arguments specs for `command`'s options and arguments, one a line, each
// followed by " \".
std::string zsh_specs(const CLI::App& command, std::string_view indent) {
  std::string out;
  for (const CLI::Option* option : named_options(command)) {
    const OptionValue value = option_value(*option);
    const std::vector<std::string> names = option_names(*option);
    const bool with_value = takes_value(value);
    std::vector<std::string> forms;
    for (const std::string& name : names) {
      // "-n5" / "-n 5", "--limit=5" / "--limit 5".
      forms.push_back(name + (with_value ? (name.starts_with("--") ? "=" : "+") : ""));
    }
    // --help and --version stand alone; other options are given once,
    // but for those that take several values.
    const bool alone = option == command.get_help_ptr() || option == command.get_version_ptr();
    std::string exclusion = alone ? "(- *)" : names.size() > 1 ? "(" + joined(names) + ")" : "";
    if (value.repeated)
      exclusion = "*";
    const std::string tail = "[" + zsh_description(option->get_description()) + "]" +
                             (with_value ? zsh_value(*option, value) : "");
    std::string word = exclusion.empty() ? "" : sh_quoted(exclusion);
    word += forms.size() > 1 ? "{" + joined(forms, ",") + "}" : forms.front();
    out += std::string(indent) + word + sh_quoted(tail) + " \\\n";
  }
  for (const CLI::Option* positional : positionals(command)) {
    const OptionValue value = option_value(*positional);
    const std::string position = value.repeated ? "*" : "1";
    out += std::string(indent) +
           sh_quoted(position + (positional->get_required() || value.repeated ? "" : ":") +
                     zsh_value(*positional, value)) +
           " \\\n";
  }
  return out;
}

std::string zsh_script(const CLI::App& app) {
  std::string out = R"(#compdef byline
# zsh completion for byline, written by `byline completion zsh` from the
# command's definitions. Installed as site-functions/_byline (a folder of
# $fpath); else load it with: source <(byline completion zsh)

_byline() {
  local curcontext=$curcontext state state_descr line
  typeset -A opt_args
  _arguments -C \
)";
  out += zsh_specs(app, "    ");
  out += R"(    '1:command:->command' \
    '*::argument:->argument'
  case $state in
    command)
      local -a commands=(
)";
  for (const CLI::App* command : listed_commands(app)) {
    std::string entry = command->get_name() + ":" + command->get_description();
    out += "        " + sh_quoted(entry) + "\n";
  }
  out += R"(      )
      _describe -t commands 'byline command' commands
      ;;
    argument)
      curcontext=${curcontext%:*:*}:byline-$words[1]:
      case $words[1] in
)";
  for (const CLI::App* command : listed_commands(app)) {
    out += "        " + command->get_name() + ")\n          _arguments \\\n";
    std::string specs = zsh_specs(*command, "            ");
    specs.erase(specs.size() - 3);  // the last line's " \"
    out += specs + "\n          ;;\n";
  }
  out += R"(      esac
      ;;
  esac
}

if [[ $funcstack[1] == _byline ]]; then
  _byline "$@"
else
  compdef _byline byline
fi
)";
  return out;
}

// --- fish -------------------------------------------------------------------

// `text` in single quotes, for fish.
std::string fish_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

// The `complete` lines for `command`'s options and argument, under the
// condition that it is the command on the line (`name`; empty: none yet).
std::string fish_lines(const CLI::App& command, std::string_view name) {
  const std::string prefix =
      "complete -c byline -n " +
      fish_quoted("__fish_byline_command" + (name.empty() ? "" : " " + std::string(name)));
  std::string out;
  for (const CLI::Option* option : named_options(command)) {
    const OptionValue value = option_value(*option);
    std::string line = prefix;
    for (const std::string& short_name : option->get_snames())
      line += " -s " + short_name;
    for (const std::string& long_name : option->get_lnames())
      line += " -l " + long_name;
    if (takes_value(value)) {
      if (!value.choices.empty())
        line += " -x -a " + fish_quoted(joined(value.choices));
      else if (value.kind == Kind::path)
        line += " -r -F";
      else
        line += " -x";
    }
    out += line + " -d " + fish_quoted(option->get_description()) + "\n";
  }
  if (const CLI::Option* positional = first_positional(command)) {
    const OptionValue value = option_value(*positional);
    if (!value.choices.empty())
      out += prefix + " -a " + fish_quoted(joined(value.choices)) + "\n";
    else if (value.kind == Kind::path)
      out += prefix + " -F\n";
  }
  return out;
}

std::string fish_script(const CLI::App& app) {
  std::string out = R"(# fish completion for byline, written by `byline completion fish` from the
# command's definitions. Installed in fish/vendor_completions.d; else load
# it with: byline completion fish | source

# Whether the command on the line (its first word after byline that is not
# an option) is $argv[1]; with no argument, whether there is none yet.
function __fish_byline_command
    set -l words (commandline -opc)
    set -e words[1]
    set -l command ''
    for word in $words
        if not string match -q -- '-*' $word
            set command $word
            break
        end
    end
    test "$command" = "$argv[1]"
end

# Files only where an option or argument takes a path.
complete -c byline -f
)";
  out += fish_lines(app, "");
  for (const CLI::App* command : listed_commands(app)) {
    out += "complete -c byline -n __fish_byline_command -a " + command->get_name() + " -d " +
           fish_quoted(command->get_description()) + "\n";
  }
  for (const CLI::App* command : listed_commands(app))
    out += fish_lines(*command, command->get_name());
  return out;
}

}  // namespace

std::vector<std::string> completion_shells() {
  return {"bash", "zsh", "fish"};
}

std::string completion_script(std::string_view shell, const CLI::App& app) {
  if (shell == "bash")
    return bash_script(app);
  if (shell == "zsh")
    return zsh_script(app);
  if (shell == "fish")
    return fish_script(app);
  return {};
}

}  // namespace byline::cli
