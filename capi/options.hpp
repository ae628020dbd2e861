// Options and articles given to the C API as JSON objects: parsed strictly,
// so that a misspelt key is an error rather than silently ignored.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace byline::capi {

// A JSON object whose keys are checked against the ones a function accepts.
// Every error is Error(invalid_argument) naming `what` and the key.
class JsonObject {
 public:
  // `text` may be null (no options: an empty object).
  JsonObject(const char* text, std::string_view what, std::span<const std::string_view> keys);
  // An object inside another one's value (an item of an array, say).
  JsonObject(nlohmann::json object, std::string_view what, std::span<const std::string_view> keys);

  // Whether `key` is given (and not null).
  [[nodiscard]] bool has(std::string_view key) const { return value(key) != nullptr; }
  [[nodiscard]] std::optional<std::string> string(std::string_view key) const;
  [[nodiscard]] std::optional<bool> boolean(std::string_view key) const;
  [[nodiscard]] std::optional<std::size_t> count(std::string_view key) const;
  // The value of `key` as it is, for a key of more than one shape; null when
  // not given (or null).
  [[nodiscard]] const nlohmann::json* value(std::string_view key) const;

  // Error(invalid_argument): "`what`: "`key`" must be `expected`".
  [[noreturn]] void wrong_type(std::string_view key, std::string_view expected) const;

 private:
  void check_keys(std::span<const std::string_view> keys) const;

  std::string what_;
  nlohmann::json object_;
};

}  // namespace byline::capi
