// Reading JSON Lines (articles and manifests) one line at a time, with a cap
// on line length so that memory stays bounded whatever the input.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

// Longest line kept in memory; the same cap as for a plain-text article.
inline constexpr std::size_t kMaxLineBytes = std::size_t{16} << 20;

struct LineRead {
  enum class Status {
    line,      // `line` holds the next line
    too_long,  // the line was longer than the cap; `line` holds its beginning
    end,       // no more input
  };
  Status status = Status::end;
  std::size_t bytes = 0;  // bytes consumed from the stream, newline included
};

// Reads the next line into `line`, without its "\n" or "\r\n". A final line
// without a newline still counts. Reads through the stream buffer, so a
// too-long line is skipped without being stored.
[[nodiscard]] LineRead read_line(std::istream& in, std::string& line,
                                 std::size_t max_bytes = kMaxLineBytes);

// True for a line of only spaces, tabs or a stray "\r": skipped silently.
[[nodiscard]] bool is_blank(std::string_view line) noexcept;

// Parses one line as a JSON object. On failure returns nullopt and sets
// `error` to a message for a Diagnostic ("not valid JSON: syntax error ...
// at column 12", "expected a JSON object, not an array").
[[nodiscard]] std::optional<nlohmann::json> parse_object_line(std::string_view line,
                                                              std::string& error);

// The string field `key` of `object`: nullopt when absent or null. A field of
// another type sets `error` ("\"title\" must be a string") and returns
// nullopt. With `allow_integer`, an integer is taken as its decimal digits
// (ids in data sets are often numbers).
[[nodiscard]] std::optional<std::string> string_field(const nlohmann::json& object,
                                                      std::string_view key, std::string& error,
                                                      bool allow_integer = false);

// The names of `object`'s fields that are not among `known`, in the
// object's order.
[[nodiscard]] std::vector<std::string> unknown_fields(const nlohmann::json& object,
                                                      const std::vector<std::string_view>& known);

// The field among `known` that `field` most likely meant, for a warning's
// "did you mean": the same name in other case ("Title"), one an edit or
// two away ("titel", "athor"), or what other tools call it ("published" and
// "date", "headline" and "title", "text" and "body"). Empty when none.
[[nodiscard]] std::string_view likely_field(std::string_view field,
                                            const std::vector<std::string_view>& known);

// The message for an unknown field: "unknown field \"published\", ignored
// (did you mean \"date\"?)".
[[nodiscard]] std::string unknown_field_message(std::string_view field,
                                                const std::vector<std::string_view>& known);

}  // namespace byline::detail
