#include "indexer/json_lines.hpp"

#include <algorithm>
#include <cctype>
#include <istream>
#include <utility>

namespace byline::detail {

LineRead read_line(std::istream& in, std::string& line, std::size_t max_bytes) {
  line.clear();
  LineRead result;
  std::streambuf* buffer = in.rdbuf();
  if (buffer == nullptr || !in.good())
    return result;
  bool any = false;
  bool too_long = false;
  for (;;) {
    const auto c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (!any)
        return result;
      break;
    }
    any = true;
    ++result.bytes;
    if (c == '\n')
      break;
    if (line.size() < max_bytes) {
      line += static_cast<char>(c);
    } else {
      too_long = true;
    }
  }
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  result.status = too_long ? LineRead::Status::too_long : LineRead::Status::line;
  return result;
}

bool is_blank(std::string_view line) noexcept {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::optional<nlohmann::json> parse_object_line(std::string_view line, std::string& error) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: ..."
    // The Diagnostic gives the line; keep from the column on.
    std::string_view what = e.what();
    if (const auto column = what.find("column "); column != std::string_view::npos) {
      what.remove_prefix(column);
    } else if (const auto bracket = what.find("] "); bracket != std::string_view::npos) {
      what.remove_prefix(bracket + 2);
    }
    error = "not valid JSON: " + std::string(what);
    return std::nullopt;
  }
  if (!value.is_object()) {
    error = std::string("expected a JSON object, not ") + value.type_name();
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> string_field(const nlohmann::json& object, std::string_view key,
                                        std::string& error, bool allow_integer) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null())
    return std::nullopt;
  if (it->is_string())
    return it->get<std::string>();
  if (allow_integer && it->is_number_integer())
    return it->dump();
  error = "\"" + std::string(key) + "\" must be a string";
  return std::nullopt;
}

std::vector<std::string> unknown_fields(const nlohmann::json& object,
                                        const std::vector<std::string_view>& known) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end())
      out.push_back(key);
  }
  return out;
}

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Levenshtein distance; field names are short.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// What news data sets and scrapers call byline's fields.
constexpr std::pair<std::string_view, std::string_view> kOtherNames[] = {
    {"published", "date"},    {"published_at", "date"},
    {"publish_date", "date"}, {"pubdate", "date"},
    {"datetime", "date"},     {"timestamp", "date"},
    {"created_at", "date"},   {"headline", "title"},
    {"text", "body"},         {"content", "body"},
    {"article", "body"},      {"maintext", "body"},
    {"language", "lang"},     {"link", "url"},
    {"href", "url"},          {"authors", "author"},
    {"byline", "author"},     {"writer", "author"},
    {"publisher", "source"},  {"outlet", "source"},
    {"site", "source"},       {"site_name", "source"},
    {"domain", "source"},     {"uid", "id"},
    {"guid", "id"},           {"key", "id"},
};

}  // namespace

std::string_view likely_field(std::string_view field, const std::vector<std::string_view>& known) {
  const std::string lower = lowercase(field);
  for (const auto& [other, name] : kOtherNames) {
    if (lower == other && std::find(known.begin(), known.end(), name) != known.end())
      return name;
  }
  std::string_view best;
  std::size_t best_distance = 0;
  for (const std::string_view name : known) {
    const std::size_t distance = edit_distance(lower, name);
    // One edit for a short name ("uri", "url"), two for a longer one.
    const std::size_t allowed = name.size() <= 4 ? 1 : 2;
    if (distance <= allowed && (best.empty() || distance < best_distance)) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

std::string unknown_field_message(std::string_view field,
                                  const std::vector<std::string_view>& known) {
  std::string message = "unknown field \"" + std::string(field) + "\", ignored";
  if (const std::string_view likely = likely_field(field, known); !likely.empty())
    message += " (did you mean \"" + std::string(likely) + "\"?)";
  return message;
}

}  // namespace byline::detail
