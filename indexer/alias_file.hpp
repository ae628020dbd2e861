// Alias lists: the text format of corpus/aliases.txt.
//
//   # comments and blank lines are ignored
//   ISIS | ISIL | IS | Daesh | Daech | Islamic State | Islamic State of Iraq and the Levant
//
// One group per line, members separated by '|', surrounding spaces trimmed.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "byline/ingest.hpp"

namespace byline::detail {

// The groups of `text`; a line with fewer than two members is reported as a
// diagnostic (path, line) and left out.
[[nodiscard]] std::vector<std::vector<std::string>> parse_alias_list(
    std::string_view text, const std::string& path, std::vector<Diagnostic>& diagnostics);

}  // namespace byline::detail
