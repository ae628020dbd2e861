// Expanding ingest()'s inputs (files, folders, "-") into the list of things
// to read, in a stable order.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "byline/ingest.hpp"

namespace byline::detail {

struct Source {
  enum class Kind {
    text,            // one plain-text article
    json_lines,      // one article per line
    manifest,        // metadata for the text files of its folder
    aliases,         // an alias list (aliases.txt), loaded into the index
    standard_input,  // "-"
  };
  Kind kind = Kind::text;
  std::filesystem::path path;  // as given, or as found below a folder given ("corpus/a.txt")
  std::filesystem::path root;  // the folder given that `path` was found in; empty if given itself
};

struct ExpandedInputs {
  std::vector<Source> sources;
  std::vector<Diagnostic> diagnostics;  // inputs that do not exist or cannot be listed
};

// Inputs in the order given; a folder contributes every *.txt, *.jsonl and
// *.ndjson below it (extensions in any case), sorted by path bytes, and its
// manifest.jsonl files as manifests and aliases.txt files as alias lists. A
// file named manifest.jsonl (aliases.txt) is a manifest (an alias list)
// wherever it comes from; any other file given explicitly is read by
// its extension (.jsonl/.ndjson: JSON Lines, anything else: plain text).
//
// Symbolic links are followed; a link back to a folder being walked (a loop)
// is skipped with a warning, and a folder or file reached twice is listed
// once. Never throws on file system errors: they become error diagnostics.
[[nodiscard]] ExpandedInputs expand_inputs(const std::vector<std::string>& inputs);

}  // namespace byline::detail
