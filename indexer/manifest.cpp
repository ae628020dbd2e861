#include "indexer/manifest.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "byline/error.hpp"
#include "indexer/json_lines.hpp"

namespace byline::detail {

namespace fs = std::filesystem;

std::string canonical_key(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec)
    absolute = path;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  if (ec)
    canonical = absolute.lexically_normal();
  return canonical.string();
}

namespace {

Diagnostic line_diagnostic(Diagnostic::Severity severity, const std::string& manifest,
                           std::size_t line, std::string message) {
  return Diagnostic{severity, manifest, line, std::move(message)};
}

// One manifest line as an entry; nullopt and `error` set when it is malformed.
std::optional<ManifestEntry> parse_entry(std::string_view text, std::string& error) {
  const auto object = parse_object_line(text, error);
  if (!object)
    return std::nullopt;
  ManifestEntry entry;
  const auto file = string_field(*object, "file", error);
  if (!error.empty())
    return std::nullopt;
  if (!file || file->empty()) {
    error = "missing \"file\": each manifest line names the article file it describes";
    return std::nullopt;
  }
  entry.file = *file;
  entry.id = string_field(*object, "id", error, /*allow_integer=*/true);
  entry.title = string_field(*object, "title", error);
  entry.source = string_field(*object, "source", error);
  entry.date = string_field(*object, "date", error);
  entry.author = string_field(*object, "author", error);
  entry.lang = string_field(*object, "lang", error);
  entry.url = string_field(*object, "url", error);
  if (!error.empty())
    return std::nullopt;
  return entry;
}

}  // namespace

void ManifestSet::read(const fs::path& path, std::vector<Diagnostic>& diagnostics) {
  const std::string key = canonical_key(path);
  if (std::find(manifests_read_.begin(), manifests_read_.end(), key) != manifests_read_.end()) {
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    throw Error(Error::Kind::bad_input,
                "cannot open manifest " + path.string() + ": " + std::strerror(error));
  }
  manifests_read_.push_back(key);

  const std::string name = path.string();
  const fs::path folder = path.parent_path();
  std::string text;
  std::size_t line_number = 0;
  for (;;) {
    const LineRead read = read_line(in, text);
    if (read.status == LineRead::Status::end)
      break;
    ++line_number;
    if (line_number == 1 && text.starts_with("\xEF\xBB\xBF"))
      text.erase(0, 3);
    if (read.status == LineRead::Status::too_long) {
      diagnostics.push_back(line_diagnostic(Diagnostic::Severity::error, name, line_number,
                                            "line too long for a manifest entry"));
      continue;
    }
    if (is_blank(text))
      continue;
    std::string error;
    auto entry = parse_entry(text, error);
    if (!entry) {
      diagnostics.push_back(
          line_diagnostic(Diagnostic::Severity::error, name, line_number, std::move(error)));
      continue;
    }
    entry->manifest = name;
    entry->line = line_number;
    const std::string file_key = canonical_key(folder / entry->file);
    auto [it, inserted] = entries_.try_emplace(file_key);
    if (!inserted) {
      // Another manifest described this file first: it wins (the explicit
      // manifest is read before the ones found in folders).
      if (it->second.entry.manifest != name)
        continue;
      diagnostics.push_back(line_diagnostic(Diagnostic::Severity::warning, name, line_number,
                                            "\"" + entry->file + "\" is also described on line " +
                                                std::to_string(it->second.entry.line) +
                                                "; this line replaces it"));
    }
    it->second.entry = std::move(*entry);
    it->second.order = next_order_++;
  }
  if (in.bad()) {
    throw Error(Error::Kind::io, "cannot read manifest " + name);
  }
}

const ManifestEntry* ManifestSet::find(const fs::path& file) {
  if (entries_.empty())
    return nullptr;
  const auto it = entries_.find(canonical_key(file));
  if (it == entries_.end())
    return nullptr;
  it->second.used = true;
  return &it->second.entry;
}

std::vector<const ManifestEntry*> ManifestSet::unused() const {
  std::vector<const Slot*> slots;
  for (const auto& [key, slot] : entries_) {
    if (!slot.used)
      slots.push_back(&slot);
  }
  std::sort(slots.begin(), slots.end(),
            [](const Slot* a, const Slot* b) { return a->order < b->order; });
  std::vector<const ManifestEntry*> entries;
  entries.reserve(slots.size());
  for (const Slot* slot : slots)
    entries.push_back(&slot->entry);
  return entries;
}

}  // namespace byline::detail
