// byline::Error: the one exception type byline's public API throws.
//
// Xapian and ICU errors never cross the library edge: they are translated into
// an Error of the matching kind, with a message that names the index path,
// the input file or the query position involved.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace byline {

class Error : public std::runtime_error {
 public:
  enum class Kind {
    // Logic errors: the caller broke a precondition.
    invalid_argument,  // a bad option, id or date handed to the API
    invalid_query,     // a query that does not parse; position() says where
    // Runtime errors: the data or the environment.
    not_found,         // no index (or no article) where one was expected
    locked,            // another writer holds the index
    corrupt,           // the index's files are damaged
    version_mismatch,  // the index was written with another schema version
    bad_input,         // an input file that cannot be read as articles
    io,                // the operating system refused a read or a write
    // Neither: the caller stopped the operation (a search's cancel flag or
    // deadline, the C API's byline_searcher_interrupt()).
    interrupted,
  };

  Error(Kind kind, std::string message, std::optional<std::size_t> position = std::nullopt);

  [[nodiscard]] Kind kind() const noexcept { return kind_; }

  // For invalid_query: the byte offset in the query text where the problem
  // was found. Empty for other kinds.
  [[nodiscard]] std::optional<std::size_t> position() const noexcept { return position_; }

  // True for the kinds caused by the caller (invalid_argument, invalid_query).
  [[nodiscard]] bool is_logic_error() const noexcept;

  // "InvalidQuery: unbalanced quote (at byte 7)": the kind's name, the message.
  [[nodiscard]] std::string to_string() const;

 private:
  Kind kind_;
  std::optional<std::size_t> position_;
};

// "InvalidQuery", "NotFound", ...: stable names, also used in JSON output.
[[nodiscard]] std::string_view kind_name(Error::Kind kind) noexcept;

}  // namespace byline
