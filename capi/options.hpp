// Options and articles given to the C API as JSON objects: parsed strictly,
// so that a misspelt key is an error rather than silently ignored.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace byline::capi {

// A JSON object whose keys are checked against the ones a function accepts.
// Every error is Error(invalid_argument) naming `what` and the key.
class JsonObject {
 public:
  // `text` may be null (no options: an empty object).
  JsonObject(const char* text, std::string_view what, std::initializer_list<std::string_view> keys);

  // Whether `key` is given (and not null).
  [[nodiscard]] bool has(std::string_view key) const { return find(key) != nullptr; }
  [[nodiscard]] std::optional<std::string> string(std::string_view key) const;
  [[nodiscard]] std::optional<bool> boolean(std::string_view key) const;
  [[nodiscard]] std::optional<std::size_t> count(std::string_view key) const;

 private:
  [[nodiscard]] const nlohmann::json* find(std::string_view key) const;
  [[noreturn]] void wrong_type(std::string_view key, std::string_view expected) const;

  std::string what_;
  nlohmann::json object_;
};

}  // namespace byline::capi
