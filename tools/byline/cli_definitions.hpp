// What the byline command's CLI11 definitions say about themselves, read
// back for the text generated from them (man page, shell completions), so
// that it says what --help says and cannot drift from it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace byline::cli {

// The type names an option that takes a file system path is given
// (CLI::Option::type_name), which --help shows and from which the shell
// completions know to offer files: an index (a folder, or a stub file that
// lists shards) or an input is a PATH, a list read from disk a FILE.
inline constexpr const char* kPathValue = "PATH";
inline constexpr const char* kFileValue = "FILE";

// What an option (or positional argument) takes.
struct OptionValue {
  enum class Kind {
    none,  // a flag
    text,  // a value (a number, a word, a query)
    path,  // a file or folder
  };
  Kind kind = Kind::none;
  // Whether the value may be left out (--timeline: --timeline month, or
  // --timeline alone).
  bool optional = false;
  // Whether the option takes several values (a positional list; --facets).
  bool repeated = false;
  // The type name without its checks, as --help shows it: "UINT", "PATH".
  std::string type;
  // The checks' descriptions, as --help shows them after the type:
  // "UINT in [0 - 10000]", "{count,value}"; empty if none.
  std::string constraint;
  // The values a check allows, when it names them (CLI::IsMember).
  std::vector<std::string> choices;
};

[[nodiscard]] OptionValue option_value(const CLI::Option& option);

// The names an option is given by, as typed: {"-n", "--limit"}; a
// positional's name alone.
[[nodiscard]] std::vector<std::string> option_names(const CLI::Option& option);

// The subcommands of `app` that its --help lists (not the hidden ones), in
// the order it lists them.
[[nodiscard]] std::vector<const CLI::App*> listed_commands(const CLI::App& app);

// The options of `command` with names (not its positionals), --help first,
// in the order --help lists them.
[[nodiscard]] std::vector<const CLI::Option*> named_options(const CLI::App& command);

// The positional arguments of `command`, in order.
[[nodiscard]] std::vector<const CLI::Option*> positionals(const CLI::App& command);

}  // namespace byline::cli
