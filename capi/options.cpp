#include "capi/options.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "byline/error.hpp"

namespace byline::capi {

JsonObject::JsonObject(const char* text, std::string_view what,
                       std::span<const std::string_view> keys)
    : what_(what), object_(nlohmann::json::object()) {
  if (text == nullptr)
    return;
  object_ = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object_.is_discarded()) {
    throw Error(Error::Kind::invalid_argument, what_ + ": not valid JSON");
  }
  check_keys(keys);
}

JsonObject::JsonObject(nlohmann::json object, std::string_view what,
                       std::span<const std::string_view> keys)
    : what_(what), object_(std::move(object)) {
  check_keys(keys);
}

void JsonObject::check_keys(std::span<const std::string_view> keys) const {
  if (!object_.is_object()) {
    throw Error(Error::Kind::invalid_argument, what_ + ": expected a JSON object");
  }
  for (const auto& item : object_.items()) {
    if (std::find(keys.begin(), keys.end(), item.key()) == keys.end()) {
      std::string known;
      for (std::string_view key : keys) {
        known += known.empty() ? "" : ", ";
        known += key;
      }
      throw Error(Error::Kind::invalid_argument,
                  what_ + ": unknown key \"" + item.key() + "\" (known: " + known + ")");
    }
  }
}

const nlohmann::json* JsonObject::value(std::string_view key) const {
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null())
    return nullptr;
  return &*it;
}

void JsonObject::wrong_type(std::string_view key, std::string_view expected) const {
  throw Error(Error::Kind::invalid_argument,
              what_ + ": \"" + std::string(key) + "\" must be " + std::string(expected));
}

std::optional<std::string> JsonObject::string(std::string_view key) const {
  const nlohmann::json* v = value(key);
  if (v == nullptr)
    return std::nullopt;
  if (!v->is_string())
    wrong_type(key, "a string");
  return v->get<std::string>();
}

std::optional<bool> JsonObject::boolean(std::string_view key) const {
  const nlohmann::json* v = value(key);
  if (v == nullptr)
    return std::nullopt;
  if (!v->is_boolean())
    wrong_type(key, "true or false");
  return v->get<bool>();
}

std::optional<std::size_t> JsonObject::count(std::string_view key) const {
  const nlohmann::json* v = value(key);
  if (v == nullptr)
    return std::nullopt;
  if (!v->is_number_unsigned())
    wrong_type(key, "a whole number, 0 or more");
  const auto number = v->get<std::uint64_t>();
  if (number > std::numeric_limits<std::size_t>::max())
    wrong_type(key, "a smaller number");
  return static_cast<std::size_t>(number);
}

}  // namespace byline::capi
