#include "indexer/alias_file.hpp"

namespace byline::detail {

namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos)
    return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::vector<std::string>> parse_alias_list(std::string_view text,
                                                       const std::string& path,
                                                       std::vector<Diagnostic>& diagnostics) {
  std::vector<std::vector<std::string>> groups;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#')
      continue;
    std::vector<std::string> members;
    std::string_view rest = line;
    while (true) {
      const std::size_t bar = rest.find('|');
      const std::string_view member = trim(rest.substr(0, bar));
      if (!member.empty())
        members.emplace_back(member);
      if (bar == std::string_view::npos)
        break;
      rest = rest.substr(bar + 1);
    }
    if (members.size() < 2) {
      diagnostics.push_back({Diagnostic::Severity::warning, path, line_number,
                             "an alias group needs two members or more, separated by '|'"});
      continue;
    }
    groups.push_back(std::move(members));
  }
  return groups;
}

}  // namespace byline::detail
