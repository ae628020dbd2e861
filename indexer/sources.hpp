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
    html,            // one web page (.html, .htm, .xhtml, and each .gz)
    warc,            // a web crawl (.warc, .warc.gz): a page per HTML response
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
  std::vector<Diagnostic> diagnostics;  // inputs that do not exist, cannot be listed or read,
                                        // and links not followed
};

// Inputs in the order given; a folder contributes every *.txt, *.jsonl,
// *.ndjson, *.html, *.htm, *.xhtml, *.warc below it (the last four also
// gzip-compressed, *.html.gz; extensions in any case), sorted by path bytes,
// and its manifest.jsonl files as manifests and aliases.txt files as alias
// lists. A file named manifest.jsonl (aliases.txt) is a manifest (an alias
// list) wherever it comes from; any other file given explicitly is read by
// its extension (.jsonl/.ndjson: JSON Lines, the page and crawl extensions
// above: HTML and WARC, anything else: plain text).
//
// A named input that is not a regular file or a folder (a named pipe, a
// socket, a device) is an error diagnostic, not listed: reading it could
// block for ever. Below a folder, so is such a file with an article's name.
//
// A folder walk stays inside the folder given: a symbolic link that leads
// out of it is skipped with a warning naming where it leads, unless
// `follow_links` (IngestOptions::follow_links). A link that stays inside is
// skipped when the walk reaches its target under the target's own name (a
// folder, a file whose own name is read the same way), so that articles
// keep their real paths; other links inside are followed. A folder is
// walked once however many links lead to it (by device and inode), a link
// back to a folder being walked (a loop) is skipped with a warning, and a
// file reached twice is listed once. Never throws on file system errors:
// they become error diagnostics.
[[nodiscard]] ExpandedInputs expand_inputs(const std::vector<std::string>& inputs,
                                           bool follow_links = false);

}  // namespace byline::detail
