#include "indexer/json_lines.hpp"

#include <istream>

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

}  // namespace byline::detail
